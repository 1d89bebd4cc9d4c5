/**
 * `npm run fuzz`: runs N mutated cases (default 100,000) of every scenario and importer fixture
 * through the real command line on worker threads, with a progress line, and prints the counts per
 * class and the first findings of each with how to replay them. Exits 1 when anything was found.
 *
 *   npm run fuzz -- [--cases N] [--seed S] [--start I] [--workers W] [--timeout MS] [--memory-mb MB] [--log FILE]
 *   npm run fuzz -- --replay SEED:INDEX [--out DIR]
 *
 * `--log` writes every case with a finding to FILE, one JSON object a line.
 *
 * `--replay` writes the case's files to DIR (a fresh temporary directory by default), prints the
 * command line that runs them, and runs the case once more under the same limits.
 */
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from './corpus';
import { makeCase } from './fuzz-case';
import { runPool, type PoolOptions } from './pool';
import { printable } from './protocol';
import { describeFinding, Tally } from './tally';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The flags and their defaults. */
interface FuzzArgs {
  cases: number;
  seed: number;
  start: number;
  workers: number;
  timeoutMs: number;
  memoryMb: number;
  replay?: { seed: number; index: number };
  out?: string;
  log?: string;
}

function parseFlags(argv: readonly string[]): FuzzArgs {
  const args: FuzzArgs = {
    cases: 100_000,
    seed: 1,
    start: 0,
    workers: Math.min(2, availableParallelism()),
    timeoutMs: 10_000,
    memoryMb: 1_024,
  };
  const integer = (flag: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${flag} needs a non-negative integer, got '${text}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    i++;
    if (flag === '--cases') args.cases = integer(flag, value);
    else if (flag === '--seed') args.seed = integer(flag, value);
    else if (flag === '--start') args.start = integer(flag, value);
    else if (flag === '--workers') args.workers = Math.max(1, integer(flag, value));
    else if (flag === '--timeout') args.timeoutMs = integer(flag, value);
    else if (flag === '--memory-mb') args.memoryMb = integer(flag, value);
    else if (flag === '--out') args.out = value;
    else if (flag === '--log') args.log = value;
    else if (flag === '--replay') {
      const [seed, index] = (value ?? '').split(':');
      args.replay = { seed: integer(flag, seed), index: integer(flag, index) };
    } else throw new Error(`unknown flag '${flag}' (see the comment at the top of test/fuzz/main.ts)`);
  }
  return args;
}

/** Writes case (seed, index) out, prints how to run it, and runs it again under the pool's limits. */
async function replay(args: FuzzArgs, seed: number, index: number): Promise<number> {
  const c = makeCase(loadCorpus(ROOT), seed, index);
  const dir = args.out ?? mkdtempSync(join(tmpdir(), `meshsim-fuzz-${seed}-${index}-`));
  for (const f of c.files) {
    mkdirSync(join(dir, dirname(f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const out = process.stdout;
  out.write(
    `case ${seed}:${index} from ${c.input} (${c.kind}):\n${c.mutations.map((m) => `  - ${printable(m)}\n`).join('')}`,
  );
  out.write(`files written under ${dir}; run it with\n`);
  out.write(
    `  cd ${dir} && node --max-old-space-size=1500 ${join(ROOT, 'node_modules/.bin/tsx')} ${join(ROOT, 'src/cli/main.ts')} ${c.argv.join(' ')}\n`,
  );
  const tally = new Tally();
  await runPool({ ...poolOptions(args, seed, [index]), onRecord: (r) => tally.add(r) });
  const found = [...tally.first.entries()].flatMap(([, kept]) =>
    kept.flatMap((k) => describeFinding(k.record, k.detail)),
  );
  out.write(found.length > 0 ? `${found.join('\n')}\n` : 'run again under the fuzz limits: no finding\n');
  return found.length > 0 ? 1 : 0;
}

function poolOptions(
  args: FuzzArgs,
  seed: number,
  indexes: readonly number[],
): Omit<PoolOptions, 'onRecord'> {
  return {
    root: ROOT,
    seed,
    indexes,
    workers: args.workers,
    timeoutMs: args.timeoutMs,
    memoryMb: args.memoryMb,
  };
}

/** Runs the cases with a progress line on stderr and prints the tally on stdout. */
async function campaign(args: FuzzArgs): Promise<number> {
  const tally = new Tally();
  const started = performance.now();
  const indexes = Array.from({ length: args.cases }, (_, i) => args.start + i);
  const err = process.stderr;
  let lastDraw = 0;
  const progress = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastDraw < (err.isTTY ? 250 : 30_000)) return;
    lastDraw = now;
    const rate = tally.cases / Math.max((now - started) / 1000, 1e-3);
    const eta = (args.cases - tally.cases) / Math.max(rate, 1e-9);
    const line = `fuzz: ${tally.cases}/${args.cases} cases, ${tally.total} findings in ${tally.failed} cases, ${rate.toFixed(1)} cases/s, ${Math.round(eta)} s left`;
    err.write(err.isTTY ? `\r\u001b[K${line}${final ? '\n' : ''}` : `${line}\n`);
  };
  // Ctrl-C ends the campaign early with the counts of the cases run so far.
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  await runPool({
    ...poolOptions(args, args.seed, indexes),
    signal: stop.signal,
    onRecord: (record) => {
      tally.add(record);
      if (args.log && (record.findings.length > 0 || record.fuzzerError))
        appendFileSync(args.log, `${JSON.stringify(record)}\n`);
      progress(false);
    },
  });
  progress(true);
  process.stdout.write(tally.render(performance.now() - started, args.workers));
  process.stdout.write(
    `command: npm run fuzz -- --cases ${args.cases} --seed ${args.seed} --start ${args.start} --workers ${args.workers}` +
      `${stop.signal.aborted ? ` (stopped by Ctrl-C after ${tally.cases} cases)` : ''}\n`,
  );
  return tally.total > 0 ? 1 : 0;
}

const args = parseFlags(process.argv.slice(2));
process.exitCode = args.replay
  ? await replay(args, args.replay.seed, args.replay.index)
  : await campaign(args);
