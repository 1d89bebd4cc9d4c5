import { expect, test } from 'vitest';
import { lazy } from '../../src/ui/lazy';

test('lazy loads its module once, on the first get, and holds it in now once loaded', async () => {
  let loads = 0;
  const module = lazy(async () => {
    loads++;
    return { answer: 42 };
  });
  expect(loads).toBe(0);
  expect(module.now).toBeUndefined();
  const first = module.get();
  const second = module.get();
  expect(loads).toBe(1);
  expect(await first).toBe(await second);
  expect(module.now).toEqual({ answer: 42 });
});

test('lazy tries a failed load again on the next get', async () => {
  let loads = 0;
  const module = lazy(async () => {
    loads++;
    if (loads === 1) throw new Error('offline');
    return 'loaded';
  });
  await expect(module.get()).rejects.toThrow('offline');
  expect(module.now).toBeUndefined();
  await expect(module.get()).resolves.toBe('loaded');
  expect(loads).toBe(2);
});
