/**
 * The commands end to end, in-process, on small scenario files: these run the real loader and model.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report';
import { formatDiagnostic, loadScenario } from '../../src/scenario';
import { cli, tempFiles } from './fake-io';

const STATION = `clients:
  - id: users
    target: api
    arrival: { process: poisson, rate: 200 }
services:
  - id: api
    concurrency: 2
    serviceTime: { dist: exponential, mean: 5ms }
`;

const INVALID = `name: broken
clients:
  - id: users
    target: api
    arrival: { process: poisson, rate: -5 }
servces:
  - id: api
`;

const files = tempFiles({
  'single.yaml': `name: CLI single\nseed: 7\nduration: 2s\n${STATION}`,
  'variants.yaml': `name: CLI variants
seed: 7
duration: 2s
warmup: 500ms
${STATION}variants:
  - { name: near, network: { latency: 1ms } }
  - { name: far, network: { latency: 10ms } }
`,
  'invalid.yaml': INVALID,
});
afterAll(() => files.cleanup());
const single = files.path('single.yaml');
const variants = files.path('variants.yaml');

/** Runs `meshsim run ... --json` and parses the report, checking stdout holds it and nothing else. */
async function runJson(...argv: string[]): Promise<Report> {
  const r = await cli(['run', ...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(r.stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
  return report;
}

describe('meshsim validate', () => {
  it('a valid file: exit 0 and one line of counts', async () => {
    const r = await cli(['validate', variants]);
    expect(r).toEqual({
      code: 0,
      stdout: `ok ${variants}: "CLI variants": 1 client, no gateway, 1 service, 2 variants\n`,
      stderr: '',
    });
  });

  it('an invalid file: exit 1 and every diagnostic as file:line:col', async () => {
    const path = files.path('invalid.yaml');
    const r = await cli(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const loaded = loadScenario(INVALID, path);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    for (const d of [...loaded.warnings, ...loaded.errors])
      expect(r.stderr).toContain(`${formatDiagnostic(d)}\n`);
    expect(r.stderr).toContain(`${path}:6:1: `); // servces: unknown field
    expect(r.stderr).toMatch(new RegExp(`^${path.replace(/[.\\\\]/g, '\\$&')}:5:\\d+: `, 'm')); // rate -5
    expect(r.stderr).toMatch(/is not a valid scenario \(\d+ errors?\)\n$/);
  });

  it('run on an invalid file is exit 1 too', async () => {
    const r = await cli(['run', files.path('invalid.yaml'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('meshsim run', () => {
  it('--json prints the report of the contract, conserving requests', async () => {
    const report = await runJson(single);
    expect(Object.keys(report).sort()).toEqual(['scenario', 'seed', 'variants']);
    expect(report.scenario).toBe('CLI single');
    expect(report.seed).toBe(7);
    expect(report.variants.map((v) => v.name)).toEqual(['base']);
    const [v] = report.variants;
    for (const key of [
      'name',
      'requests',
      'latencyMs',
      'throughput',
      'attempts',
      'components',
      'events',
      'wallMs',
    ]) {
      expect(v).toHaveProperty(key);
    }
    for (const key of ['generated', 'ok', 'failed', 'inFlight', 'byStatus'])
      expect(v.requests).toHaveProperty(key);
    for (const key of ['mean', 'p50', 'p90', 'p99', 'p999', 'max'])
      expect(typeof v.latencyMs[key as 'mean']).toBe('number');
    expect(Object.keys(v.throughput).sort()).toEqual(['goodput', 'offered']);
    for (const key of ['total', 'retries', 'amplification']) expect(v.attempts).toHaveProperty(key);
    for (const key of ['utilization', 'meanQueue', 'served', 'rejected'])
      expect(v.components.api).toHaveProperty(key);
    expect(v.requests.generated).toBeGreaterThan(0);
    expect(v.requests.generated).toBe(v.requests.ok + v.requests.failed + v.requests.inFlight);
  });

  it('--seed replaces the seed of the file', async () => {
    const report = await runJson(single, '--seed', '99');
    expect(report.seed).toBe(99);
  });

  it('--duration replaces the simulated time', async () => {
    const [full] = (await runJson(single)).variants;
    const [half] = (await runJson(single, '--duration', '1s')).variants;
    expect(half.requests.generated).toBeLessThan(full.requests.generated);
  });

  it('runs every variant, or the one --variant names', async () => {
    expect((await runJson(variants)).variants.map((v) => v.name)).toEqual(['near', 'far']);
    expect((await runJson(variants, '--variant', 'far')).variants.map((v) => v.name)).toEqual(['far']);
  });

  it('an unknown --variant is a usage error naming the choices', async () => {
    const r = await cli(['run', variants, '--variant', 'nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown variant 'nowhere' (expected 'near', 'far')");
  });

  it('a --duration within the warmup is a usage error', async () => {
    const r = await cli(['run', variants, '--duration', '200ms']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--duration 200 ms must be longer than the warmup (500 ms) of 'near'");
  });

  it('a --duration past the size limit is a usage error', async () => {
    const r = await cli(['run', single, '--duration', '1000h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /: this run is too large: about [\d.]+ (million|billion) events, over the limit of 50 million per run; .*lower the duration \(1000 h\).* \(with --duration 3,600,000 s\)\n/,
    );
  });

  it('prints a table by default', async () => {
    const r = await cli(['run', single]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('CLI single · seed 7 · 2 s simulated');
    expect(r.stdout).toMatch(/^Latency +mean +[\d.,]+ ms$/m);
    expect(r.stdout).toMatch(/^Throughput +offered +[\d.,]+ rps$/m);
    expect(r.stdout).toMatch(/^ +component +utilization +mean queue +mean wait +served +rejected$/m);
    expect(r.stdout).toMatch(/^ +api +[\d.]+% /m);
  });

  it('--trace FILE writes the sampled traces of every variant, the same requests in each', async () => {
    const written: Record<string, string> = {};
    const r = await cli(['run', files.path('variants.yaml'), '--trace', 'out.json', '--json'], {
      writeFile: (path, text) => void (written[path] = text),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^meshsim: wrote \d+ traces to out\.json\n$/);
    const document = JSON.parse(written['out.json']) as {
      scenario: string;
      variants: { name: string; traces: { id: string; spans: { kind: string; name: string }[] }[] }[];
    };
    expect(document.scenario).toBe('CLI variants');
    const [near, far] = document.variants;
    expect([near.name, far.name]).toEqual(['near', 'far']);
    // About 1 % of 400 requests, the same ones in both variants (common random numbers).
    expect(near.traces.length).toBeGreaterThan(0);
    expect(near.traces.map((t) => t.id).sort()).toEqual(far.traces.map((t) => t.id).sort());
    expect(near.traces[0].spans.map((s) => [s.kind, s.name])).toEqual([
      ['request', 'users'],
      ['call', 'users -> api'],
      ['work', 'api'],
    ]);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('--trace to a path that cannot be written is a usage error', async () => {
    const r = await cli(['run', single, '--trace', 'no/such/dir/t.json'], {
      writeFile: () => {
        throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
      },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write traces to no/such/dir/t.json');
  });

  it('draws progress on a terminal when the run is slow, and leaves nothing behind', async () => {
    let clock = 0;
    const r = await cli(['run', variants, '--json'], { isTTY: true, now: () => (clock += 250) });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('meshsim [');
    expect(r.stderr).toContain('variant 2/2');
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(r.stderr).not.toContain('\n');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('meshsim compare', () => {
  it('shows the variants side by side with deltas against the first', async () => {
    const r = await cli(['compare', variants]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(
      'CLI variants · seed 7 · 2 s simulated · warmup 500 ms · Δ against near',
    );
    expect(r.stdout).toMatch(/^ +near +far +Δ +Δ%$/m);
    // 9 ms more on each hop, each way: the far variant is slower.
    expect(r.stdout).toMatch(/^ +mean +[\d.,]+ ms +[\d.,]+ ms +\+[\d.,]+ ms +\+[\d.,]+%$/m);
    expect(r.stdout).toMatch(/^Outcome +success +[\d.]+% +[\d.]+% +[+-]?[\d.]+ pp$/m);
    // The lesson's figures first: the table starts with the median, not with the requests generated.
    const rows = r.stdout.split('\n').filter((line) => /\d/.test(line) && !line.startsWith('CLI'));
    expect(rows[0]).toMatch(/^Latency +p50 /);
    expect(r.stdout.indexOf(' generated ')).toBeGreaterThan(r.stdout.indexOf('\nCounts and rates\n'));
    // The engine's wall time is no compared row: one plain footnote, without intervals or stars.
    expect(r.stdout).not.toMatch(/^(Engine)? +(wall|events) /m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Engine: [\d,]+ events in [\d,.]+ ms of wall time over 2 runs \(not compared\)$/,
    );
  });

  it('--json prints the report of every variant', async () => {
    const r = await cli(['compare', variants, '--json', '--seed', '3']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.seed).toBe(3);
    expect(report.variants.map((v) => v.name)).toEqual(['near', 'far']);
    // The comparison in reading order, each row with its better direction; the engine apart.
    const { comparison } = JSON.parse(r.stdout) as {
      comparison: { rows: { id: string; better: string | null }[]; engine: { events: number } };
    };
    expect(comparison.rows[0]).toMatchObject({ id: 'p50', better: 'lower' });
    expect(comparison.rows.find((row) => row.id === 'generated')?.better).toBeNull();
    expect(comparison.rows.some((row) => row.id === 'wall' || row.id === 'events')).toBe(false);
    expect(comparison.engine.events).toBe(report.variants.reduce((n, v) => n + v.events, 0));
  });

  it('needs at least two variants, or replications of one setup', async () => {
    const r = await cli(['compare', single]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `'compare' needs a file with at least two variants, or replications; ${single} has 0 variants and 1 run`,
    );
    const replicated = await cli(['compare', single, '--replications', '3']);
    expect(replicated.code).toBe(0);
    expect(replicated.stdout.split('\n')[0]).toMatch(
      /3 replications \(seeds \d+ to \d+\) · ± 95 % interval$/,
    );
    expect(replicated.stdout).toMatch(/generated +[\d,]+ ± [\d,]+\n/);
    expect(replicated.stdout).not.toMatch(/wall +[\d,.]+ ms ±/);
  });
});
