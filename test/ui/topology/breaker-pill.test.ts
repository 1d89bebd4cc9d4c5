import { expect, test } from 'vitest';
import { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN } from '../../../src/worker/frames';
import { breakerLook } from '../../../src/ui/topology/breaker-pill';

test('breakerLook shows half-open in amber and open in vermillion, nothing while closed', () => {
  expect(breakerLook(BREAKER_HALF_OPEN)).toMatchObject({ text: 'half-open', tone: 'half-open' });
  expect(breakerLook(BREAKER_OPEN)).toMatchObject({ text: 'breaker open', tone: 'open' });
  expect(breakerLook(BREAKER_CLOSED)).toBeNull();
  expect(breakerLook(7)).toBeNull();
});

test('breakerLook sizes the pill to its text and titles it in words', () => {
  const half = breakerLook(BREAKER_HALF_OPEN);
  const open = breakerLook(BREAKER_OPEN);
  expect(open?.width).toBeGreaterThan(half?.width ?? Infinity);
  expect(half?.title).toMatch(/^Circuit breaker half-open: /);
  expect(open?.title).toMatch(/^Circuit breaker open: /);
});
