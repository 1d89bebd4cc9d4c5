/**
 * The suite's fuzz test: a fixed seed's first cases of `npm run fuzz` (test/fuzz/main.ts), each a
 * scenario or importer fixture mutated and run through the real command line on a worker thread
 * under a heap limit and a time limit. Any finding fails the test with its reproducer. 1,800 cases
 * take about 55 s on two shared cores; set MESHSIM_FUZZ_CASES for a longer run of the same seed.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runPool } from './pool';
import { describeFinding, Tally } from './tally';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = 20_261_204;
const CASES = Number(process.env.MESHSIM_FUZZ_CASES ?? 1_800);

test(
  `fuzz seed ${SEED}: ${CASES} mutated scenarios and imports run without a crash, hang, blow-up, leak of requests or non-determinism`,
  { timeout: 300_000 },
  async () => {
    const tally = new Tally();
    const started = performance.now();
    await runPool({
      root: ROOT,
      seed: SEED,
      indexes: Array.from({ length: CASES }, (_, i) => i),
      workers: Math.min(2, availableParallelism()),
      // Far above any case's normal time: a loaded machine must not turn a slow case into a finding.
      timeoutMs: 30_000,
      memoryMb: 1_024,
      onRecord: (record) => tally.add(record),
    });
    const reproducers = [...tally.first.values()].flatMap((kept) =>
      kept.flatMap((k) => describeFinding(k.record, k.detail)),
    );
    expect(tally.cases).toBe(CASES);
    expect(tally.total, `${tally.render(performance.now() - started, 2)}\n${reproducers.join('\n')}`).toBe(0);
  },
);
