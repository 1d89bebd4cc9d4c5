import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../src/cli/progress';

/** A bar on a fake clock that advances `step` ms on every reading. */
function bar(options: { enabled?: boolean; step: number; parts?: number }) {
  const writes: string[] = [];
  let clock = 0;
  const progress = new ProgressBar({
    write: (text) => writes.push(text),
    enabled: options.enabled ?? true,
    now: () => (clock += options.step),
    parts: options.parts,
    width: 10,
  });
  return { progress, writes };
}

describe('ProgressBar', () => {
  it('stays silent for runs shorter than a second', () => {
    const { progress, writes } = bar({ step: 10 });
    for (let t = 0; t <= 60_000; t += 6_000) progress.update(t, 60_000);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('draws after a second, then clears its line', () => {
    const { progress, writes } = bar({ step: 600 });
    progress.update(15_000, 60_000); // 600 ms: too early
    progress.update(30_000, 60_000); // 1200 ms: draws
    progress.finish();
    expect(writes).toEqual(['\r\x1b[2Kmeshsim [#####-----]  50% · 30 s of 60 s simulated', '\r\x1b[2K']);
  });

  it('redraws at most every 100 ms', () => {
    const { progress, writes } = bar({ step: 30 });
    for (let i = 0; i < 100; i++) progress.update(i, 100); // wall 30..3000 ms
    // Draws from 1,020 ms on, one every 4 updates (120 ms).
    expect(writes.length).toBeGreaterThanOrEqual(14);
    expect(writes.length).toBeLessThanOrEqual(20);
  });

  it('names the variant running, each having an equal share of the bar', () => {
    const { progress, writes } = bar({ step: 2000, parts: 2 });
    progress.update(30_000, 120_000);
    progress.update(90_000, 120_000);
    expect(writes).toEqual([
      '\r\x1b[2Kmeshsim [###-------]  25% variant 1/2 · 30 s of 120 s simulated',
      '\r\x1b[2Kmeshsim [########--]  75% variant 2/2 · 90 s of 120 s simulated',
    ]);
  });

  it('draws nothing when stderr is not a terminal', () => {
    const { progress, writes } = bar({ enabled: false, step: 5000 });
    progress.update(1, 2);
    progress.finish();
    expect(writes).toEqual([]);
  });
});
