import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempFiles } from './fake-io';

const lesson = (claims: string[], extra: string[] = []) =>
  [
    'name: Retries',
    'seed: 1',
    'duration: 20s',
    'clients: [ { id: web, target: front, arrival: { rate: 100 } } ]',
    'services:',
    '  - { id: front, serviceTime: 1ms, concurrency: 8, calls: [leaf] }',
    '  - { id: leaf, serviceTime: 2ms, concurrency: 8, errorRate: 0.3 }',
    'mesh: { enabled: true, policies: { leaf: { retries: { attempts: 0 } } } }',
    'variants:',
    '  - { name: off }',
    '  - { name: on, mesh: { policies: { leaf: { retries: { attempts: 3, retryOn: [5xx] } } } } }',
    ...extra,
    'expect:',
    ...claims.map((c) => `  - { say: "${c}", check: "${c}" }`),
    '',
  ].join('\n');

const files = tempFiles({
  holds: lesson(['off:successRate between 60% and 80%', 'on:successRate > 97%']),
  fails: lesson(['on:successRate > 97%', 'off:successRate > 97%']),
  missing: lesson(['on:components.nothing.served > 1']),
  none: lesson([]).replace('expect:\n', ''),
  replicated: lesson(['on:successRate > 97%'], ['replications: 3']),
});
afterAll(files.cleanup);

describe('meshsim check', () => {
  it('runs three seeds by default and exits 0 when every claim holds', async () => {
    const r = await cli(['check', files.path('holds')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Retries · seeds 1 to 3\n/);
    expect(r.stdout).toMatch(
      /✓ on:successRate > 97%\n +on:successRate > 97% +99\.\d\d% +99\.\d\d% +99\.\d\d%\n/,
    );
    expect(r.stdout).toMatch(/All 2 claims hold on every seed\.\n$/);
  });

  it('exits 4 and marks the values of a claim that fails', async () => {
    const r = await cli(['check', files.path('fails'), '--seeds', '2', '--seed', '7']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/seeds 7 to 8/);
    expect(r.stdout).toMatch(
      /✗ off:successRate > 97%\n +off:successRate > 97% +\d\d\.\d\d% ✗ +\d\d\.\d\d% ✗\n/,
    );
    expect(r.stdout).toMatch(/1 of 2 claims fail on some seed\./);
  });

  it('names a figure the report lacks', async () => {
    const r = await cli(['check', files.path('missing'), '--seeds', '1']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('variant "on" has no "components.nothing" (there: front, leaf)');
  });

  it('prints JSON with --json', async () => {
    const r = await cli(['check', files.path('holds'), '--seeds', '2', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.seeds).toEqual([1, 2]);
    expect(json.claims[1]).toMatchObject({ check: 'on:successRate > 97%', holds: true });
    expect(json.claims[1].runs[0].bounds).toEqual([0.97, null]);
  });

  it('is a usage error on a file without claims or a bad --seeds', async () => {
    expect((await cli(['check', files.path('none')])).code).toBe(2);
    expect((await cli(['check', files.path('holds'), '--seeds', '0'])).code).toBe(2);
  });
});

describe('meshsim compare over replications', () => {
  it('runs the file`s replications and prints intervals and paired deltas', async () => {
    const r = await cli(['compare', files.path('replicated')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'Retries · seed 1 · 20 s simulated · 3 replications (seeds 1 to 3) · ± 95 % interval · * Δ clear of 0 · Δ against off',
    );
    expect(r.stdout).toMatch(
      /success +\d+\.\d+% ± \d+\.\d+% +\d+\.\d+% ± \d+\.\d+% +\+\d+\.\d+ pp ± \d+\.\d+ pp \*/,
    );
    // Common random numbers: both variants see the same arrivals, so generated differs by exactly 0.
    expect(r.stdout).toMatch(/generated +[\d,]+ ± [\d,]+ +[\d,]+ ± [\d,]+ +0 ± 0 +0\.0%/);
  });

  it('takes --replications and reports the comparison in JSON', async () => {
    const r = await cli(['compare', files.path('holds'), '--replications', '2', '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.variants).toHaveLength(2);
    expect(json.comparison.seeds).toEqual([1, 2]);
    const success = json.comparison.rows.find((row: { id: string }) => row.id === 'success');
    expect(success.values[1].n).toBe(2);
    expect(success.deltas[0].mean).toBeGreaterThan(0.15);
    expect((await cli(['compare', files.path('holds'), '--replications', '0'])).code).toBe(2);
  });
});
