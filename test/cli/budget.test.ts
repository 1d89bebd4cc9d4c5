/**
 * Every command that simulates holds the whole command to the resource budget before its first run:
 * `compare --replications`, `check --seeds` and `--duration` multiply what the file alone would cost,
 * and `check` gives the same `--duration` usage error as `run`. None of these runs the simulation.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './fake-io';

const hostile = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/hostile/${name}`, import.meta.url));

describe('the budget of a whole command', () => {
  it('compare --replications 50 over the limit is a usage error naming the replications and the variants', async () => {
    const path = hostile('compare-replications.yaml');
    const r = await cli(['compare', path, '--replications', '50']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `meshsim: ${path}:2:53: clients[0].arrival.rate: about 2.88 billion events: 50 replications × 2 variants × ` +
        '28.8 million each; over the limit of 500 million for a whole command (most from client "web" ' +
        '(rate 80000/s)) lower the variants, the replications, the duration or the rate\n' +
        "Run 'meshsim help compare' for usage.\n",
    );
  });

  it('check --duration 1000h is refused as run refuses it', async () => {
    const path = hostile('check-lesson.yaml');
    const r = await cli(['check', path, '--duration', '1000h']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^meshsim: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:53: clients\\[0\\]\\.arrival\\.rate: this run is too large: ` +
          'about 2\\.16 billion events, over the limit of 50 million per run; .* lower the duration \\(1000 h\\), ' +
          'clients\\[0\\]\\.arrival\\.rate or the load of other clients \\(with --duration 3,600,000 s\\)\n',
      ),
    );
  });

  it('check --seeds counts every seed', async () => {
    const path = hostile('check-lesson.yaml');
    // 3 h at 100/s is 6.48 million events a run, within the per-run limit; on 100 seeds, over the command's.
    const r = await cli(['check', path, '--duration', '3h', '--seeds', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /about 648 million events: 100 seeds × 6\.48 million; over the limit of 500 million/,
    );
    expect(r.stderr).toMatch(/\(with --duration 10,800 s --seeds 100\)\n/);
  });

  it("check --duration within the warmup is run's usage error, not a failed claim", async () => {
    const r = await cli(['check', hostile('check-lesson.yaml'), '--duration', '1ms']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("--duration 1 ms must be longer than the warmup (5 s) of 'base'");
  });

  it('a lower budget given in the io holds the file and the flags to it', async () => {
    const path = hostile('check-lesson.yaml');
    const loaded = await cli(['run', path], {
      budget: { runEvents: 10_000, commandEvents: 100_000, memoryBytes: 1e9 },
    });
    expect(loaded.code).toBe(1);
    expect(loaded.stderr).toContain('about 18,000 events, over the limit of 10,000 per run');
    const budget = { runEvents: 20_000, commandEvents: 100_000, memoryBytes: 1e9 };
    const seeds = await cli(['check', path, '--duration', '10s', '--seeds', '20'], { budget });
    expect(seeds.code).toBe(2);
    expect(seeds.stderr).toContain('about 120,000 events: 20 seeds × 6,000; over the limit of 100,000');
  });

  it('run refuses a file of 10^8 instances at load, exit 1', async () => {
    const path = hostile('instances-1e8.yaml');
    const r = await cli(['run', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${path}:5:16: services[0].instances: this would hold about 40 GB, over the memory budget of 1 GB`,
    );
  });
});
