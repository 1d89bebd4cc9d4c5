/** The status line's words for a run: its progress, where it stopped, what ran and its replications. */
import { describe, expect, it } from 'vitest';
import { describeFailure, doneText, progressText, stoppedText } from '../../../src/ui/app/status-text';
import type { Report, RunProgress } from '../../../src/worker/protocol';

const progress = (p: Partial<RunProgress>) =>
  ({ fraction: 0.25, now: 4000, end: 16_000, variantIndex: 0, variantCount: 1, ...p }) as RunProgress;
const report = (variants: number) =>
  ({
    seed: 7,
    variants: Array.from({ length: variants }, (_, i) => ({ name: `v${i}` })),
  }) as unknown as Report;

describe('status text', () => {
  it('says how far a run is, and which setup of several', () => {
    expect(progressText(progress({}), [])).toBe('Running: 4 s of 16 s simulated · 25%');
    expect(progressText(progress({ variantIndex: 1, variantCount: 3 }), ['a', 'mesh', 'c'])).toBe(
      'Running setup 2 of 3 (mesh): 4 s of 16 s simulated · 25%',
    );
  });

  it('says where a run stopped, or that it had not begun', () => {
    expect(stoppedText(undefined)).toBe('Stopped before any time was simulated.');
    expect(stoppedText(progress({ fraction: 0.5 }))).toBe('Stopped at 8 s of 16 s simulated.');
  });

  it('says what ran, after a note, and how far its replications are', () => {
    expect(doneText(report(1), 16_000, undefined, undefined)).toBe(
      'Ran the scenario for 16 s of simulated time · seed 7',
    );
    expect(doneText(report(3), undefined, 'The link was refused.', undefined)).toBe(
      'The link was refused. Ran 3 setups · seed 7',
    );
    const r = { count: 5, done: 2, seed: 7 } as const;
    expect(doneText(report(1), 16_000, undefined, { ...r, state: 'running' })).toMatch(
      /\. Replications 2 of 5 \(seeds 7 to 11\)…$/,
    );
    expect(doneText(report(1), 16_000, undefined, { ...r, state: 'complete' })).toMatch(
      /\. 5 replications compared \(seeds 7 to 11\)\.$/,
    );
    expect(doneText(report(1), 16_000, undefined, { ...r, state: 'stopped' })).toMatch(
      /\. Replications stopped after 2 of 5\.$/,
    );
    expect(doneText(report(1), 16_000, undefined, { ...r, state: 'failed', message: 'boom' })).toMatch(
      /\. Replications failed: boom$/,
    );
  });

  it('gives an error’s message', () => {
    expect(describeFailure(new Error('worker crashed'))).toBe('worker crashed');
    expect(describeFailure('plain')).toBe('plain');
  });
});
