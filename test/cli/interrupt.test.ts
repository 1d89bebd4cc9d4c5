/**
 * Stopping a long run: `run`, `compare` and `check` stop at their next step once the io's signal is
 * aborted (Ctrl-C in a terminal), end the progress line where it stands, say on standard error how
 * far the run got, print no report and exit 130.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempFiles } from './fake-io';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** 12 M events: some 10 s of run, far longer than any of these tests lets it go. */
const LONG_RUN = join(root, 'test/fixtures/hostile/long-run.yaml');

/** A fake wall clock that moves `stepMs` each time it is read. */
function fakeClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

const files = tempFiles({
  'two.yaml': `
name: Two setups
description: Two setups of one service, to compare.
seed: 1
duration: 20s
warmup: 1s
clients:
  - { id: callers, target: api, arrival: { process: poisson, rate: 2000 } }
services:
  - { id: api, instances: 2, concurrency: 8, serviceTime: { dist: exponential, mean: 2ms } }
variants:
  - name: retries-off
  - name: retries-on
    services: [ { id: api, instances: 3 } ]
`,
  'claims.yaml': `
name: A claim
description: One service and a claim about it.
seed: 1
duration: 60s
warmup: 1s
clients:
  - { id: callers, target: api, arrival: { process: poisson, rate: 2000 } }
services:
  - { id: api, instances: 2, concurrency: 8, serviceTime: { dist: exponential, mean: 2ms } }
expect:
  - { say: "Every request succeeds.", check: "successRate > 99%" }
`,
});
afterAll(() => files.cleanup());

describe('an aborted run (Ctrl-C)', () => {
  it('run: stops after the first progress drawing, ends that line, says how far it got, no report, exit 130', async () => {
    const signal = new AbortController();
    let stderr = '';
    const r = await cli(['run', LONG_RUN], {
      isTTY: true,
      now: fakeClock(50),
      signal: signal.signal,
      stderr: (text) => {
        stderr += text;
        if (text.includes('meshsim [')) signal.abort();
      },
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    const lines = stderr.split('\n');
    // The warning, the progress line as last drawn (not erased), then the message; nothing after it.
    expect(lines.at(-1)).toBe('');
    // eslint-disable-next-line no-control-regex -- the bar's line starts by erasing the line
    expect(lines.at(-3)).toMatch(/^\r\x1b\[2Kmeshsim \[[#-]{30}\] +\d+% · [\d.]+ m?s of 60 s simulated$/);
    const stopped = /^meshsim: stopped at ([\d.]+) (m?s) of 60 s simulated; nothing reported$/.exec(
      lines.at(-2) ?? '',
    );
    expect(stopped, lines.at(-2)).not.toBeNull();
    // The run had begun, and went no further than a few steps past the drawing.
    expect(Number(stopped![1])).toBeGreaterThan(0);
    expect(stopped![2] === 'ms' || Number(stopped![1]) < 10).toBe(true);
  });

  it('compare: names the variant and the replication it stopped in', async () => {
    const signal = new AbortController();
    let stderr = '';
    const r = await cli(['compare', files.path('two.yaml'), '--replications', '3'], {
      isTTY: true,
      now: fakeClock(50),
      signal: signal.signal,
      stderr: (text) => {
        stderr += text;
        // Parts 4 of 6: the second replication's second variant.
        if (text.includes('variant 4/6')) signal.abort();
      },
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(stderr).toMatch(
      /\nmeshsim: stopped at [\d.]+ m?s of 20 s simulated in variant 'retries-on' \(2 of 2\), replication 2 of 3; nothing reported\n$/,
    );
  });

  it('check: names the seed it stopped on, and prints no verdict', async () => {
    const signal = new AbortController();
    let reads = 0;
    const r = await cli(['check', files.path('claims.yaml'), '--seeds', '3'], {
      // No progress bar for check: the abort comes from the clock, a while into the runs.
      now: () => {
        if (++reads === 10) signal.abort();
        return reads * 5;
      },
      signal: signal.signal,
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^meshsim: stopped at [\d.]+ m?s of 60 s simulated, seed 1 \(1 of 3\); nothing reported\n$/,
    );
  });

  it('a signal never aborted changes nothing: the same output as without one', async () => {
    const plain = await cli(['run', files.path('two.yaml'), '--json']);
    const signalled = await cli(['run', files.path('two.yaml'), '--json'], {
      signal: new AbortController().signal,
    });
    expect(signalled.code).toBe(0);
    const stable = (json: string) => json.replace(/"wallMs": [\d.e+-]+/g, '"wallMs": 0');
    expect(stable(signalled.stdout)).toBe(stable(plain.stdout));
  });
});

describe('Ctrl-C to the meshsim process', () => {
  it('SIGINT during a long run: exit 130 within 2 s (a generous bound: a step takes milliseconds) with the message', async () => {
    const child = spawn(process.execPath, [join(root, 'bin/meshsim.mjs'), 'run', LONG_RUN], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // The file's warning is printed once it is read, just before the run starts: then the run goes.
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('warning')) resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sentAt = performance.now();
    child.kill('SIGINT');
    const { code, signal } = await exited;
    const tookMs = performance.now() - sentAt;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(tookMs).toBeLessThan(2000);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/\nmeshsim: stopped at [\d.]+ m?s of 60 s simulated; nothing reported\n$/);
    expect(stderr).not.toMatch(/stopped at 0 ms/);
  }, 30_000);
});
