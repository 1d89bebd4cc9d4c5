/**
 * The worker refuses what would exhaust the page, or measure nothing, before it runs: a file over the
 * budget at load, a duration that takes a file past it or not past a warmup, and a recorded run whose variants, run at once with the frames
 * of every instance, would hold more memory than the budget. Each refusal is a positioned error, the
 * answer the page shows in its diagnostics panel.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BUDGET } from '../../src/scenario/limits';
import { overBudget } from '../../src/worker/run-budget';
import { createSimulationApi } from '../../src/worker/simulation';
import { loaded } from '../scenario/helpers';

const hostile = (name: string): string =>
  readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url), 'utf8');

// 40,000 instances: 16 MB in one run of the command line; recorded on the page with a frame of every
// instance in each of 400 slices, 400 MB a variant, and three variants at once.
const WIDE = [
  'duration: 2s',
  'clients: [ { id: web, target: api, arrival: { rate: 5 } } ]',
  'services:',
  '  - id: api',
  '    instances: 40000',
  'variants:',
  '  - { name: a }',
  '  - { name: b }',
  '  - { name: c }',
  '',
].join('\n');

describe('the worker-side budget', () => {
  test('a file of 10^8 instances is refused at load, at its instances, with the estimate and the budget', () => {
    const api = createSimulationApi();
    const result = api.runAndRecord(hostile('instances-1e8.yaml'), 'huge.yaml', {}, undefined);
    return result.then((r) => {
      expect(r.ok).toBe(false);
      if (r.ok || r.stage !== 'validate') return expect.fail('expected a refusal');
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({
        file: 'huge.yaml',
        line: 5,
        column: 16,
        path: 'services[0].instances',
      });
      expect(r.errors[0].message).toBe(
        'this would hold about 40 GB, over the memory budget of 1 GB; api (100000000 instances) takes 40 GB',
      );
      expect(r.errors[0].hint).toBe('lower services[0].instances');
    });
  });

  test('a duration that takes a small file past the event limit is refused, not run', () => {
    const api = createSimulationApi();
    const text = hostile('check-lesson.yaml');
    expect(api.run(text, 'lesson.yaml', {}, undefined).ok).toBe(true);
    const r = api.run(text, 'lesson.yaml', { durationMs: 3_600_000_000 }, undefined);
    if (r.ok || r.stage !== 'validate') return expect.fail('expected a refusal');
    expect(r.errors[0]).toMatchObject({ line: 5, column: 53, path: 'clients[0].arrival.rate' });
    expect(r.errors[0].message).toMatch(
      /^this run is too large: about 2\.16 billion events, over the limit of 50 million per run;/,
    );
    expect(r.errors[0].hint).toMatch(/^lower the duration \(1000 h\)/);
  });

  test('a recorded run is held to the memory of every variant at once, with its frames', async () => {
    const file = loaded(WIDE);
    // The command line runs one variant at a time, without frames: it fits.
    expect(overBudget(file, {}, 'batch')).toBeUndefined();
    const refused = overBudget(file, {}, 'record');
    expect(refused).toMatchObject({ line: 5, column: 16, path: 'services[0].instances' });
    expect(refused?.message).toBe(
      'variant "a": this would hold about 1.2 GB for 3 variants at once, over the memory budget of 1 GB; ' +
        'api (40000 instances) takes 400 MB',
    );
    const api = createSimulationApi();
    const recorded = await api.runAndRecord(WIDE, 'wide.yaml', {}, undefined);
    expect(recorded).toMatchObject({
      ok: false,
      stage: 'validate',
      errors: [{ line: 5, path: 'services[0].instances' }],
    });
    expect(api.openPlayback(WIDE, 'wide.yaml', {})).toMatchObject({ ok: false, stage: 'validate' });
  });

  test('the budget is a parameter: a lower one refuses what the default takes', () => {
    const file = loaded(hostile('check-lesson.yaml'));
    expect(overBudget(file, {}, 'batch')).toBeUndefined();
    const tight = { ...DEFAULT_BUDGET, runEvents: 1000 };
    expect(overBudget(file, {}, 'batch', tight)?.message).toMatch(/over the limit of 1,000 per run/);
  });

  test('a duration not longer than a warmup is refused at that warmup, as the CLI refuses --duration', () => {
    const text = [
      'duration: 10s',
      'warmup: 2s',
      'clients: [ { id: web, target: api, arrival: { rate: 5 } } ]',
      'services: [ { id: api } ]',
      'variants:',
      '  - { name: short, warmup: 1s }',
      '  - { name: long, warmup: 4s }',
      '',
    ].join('\n');
    const file = loaded(text);
    expect(overBudget(file, { durationMs: 5000 }, 'batch')).toBeUndefined();
    const refused = overBudget(file, { durationMs: 3000 }, 'batch');
    expect(refused).toMatchObject({ line: 7, path: 'warmup' });
    expect(refused?.message).toBe("the run's duration (3 s) must be longer than the warmup (4 s) of 'long'");
    expect(overBudget(file, { durationMs: 3000, variant: 'short' }, 'batch')).toBeUndefined();
    // A recorded run is watched too: its first seconds play, warmup or not.
    expect(overBudget(file, { durationMs: 3000 }, 'record')).toBeUndefined();
    const r = createSimulationApi().run(text, 'warm.yaml', { durationMs: 1000 }, undefined);
    if (r.ok || r.stage !== 'validate') return expect.fail('expected a refusal');
    expect(r.errors[0].message).toBe(
      "the run's duration (1 s) must be longer than the warmup (1 s) of 'short'",
    );
  });
});
