/**
 * `npm run bench:cli`: how long the `meshsim` command takes from start to exit, as a user waits for it,
 * run the way the bin runs it (the JavaScript bundle) beside the TypeScript sources through tsx's
 * loader (how the bin ran before it had a bundle), on commands that do little work: `--version`,
 * `--help`, `run` of two small lessons and `check` of the smaller one.
 *
 * Each command is run once each way untimed (the first start may build the bundle, and the file
 * system caches fill), then `--reps` times each way, alternating, so that a change in the machine's
 * load weighs on both alike. Wall time is measured around the child process; its CPU time (user and
 * system) is read from the kernel's count of reaped children, in clock ticks (Linux only).
 *
 * Usage: npm run bench:cli [-- --reps N] [-- --json] [-- --bundle-only]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { currentLoad, figureTableLines, renderJson, type Figure } from './figures';
import { summarise } from './measure';
import { ROOT } from './scenario-runs';

const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    reps: { type: 'string', default: '10' },
    'bundle-only': { type: 'boolean', default: false },
  },
});
const reps = Math.max(1, Number(flags.reps) || 10);
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
const loadAtStart = currentLoad();

/** A command to time, and the wall-clock target of its bundled start, ms. */
interface Case {
  readonly args: readonly string[];
  readonly targetMs?: number;
}

const SMALL_LESSON = 'scenarios/lessons/03-rate-limiting.yaml';
const CASES: readonly Case[] = [
  { args: ['--version'], targetMs: 300 },
  { args: ['--help'] },
  { args: ['run', 'scenarios/lessons/01-routing.yaml'], targetMs: 600 },
  { args: ['run', SMALL_LESSON], targetMs: 600 },
  { args: ['check', SMALL_LESSON] },
];

/** The ways to start the command: node's arguments before the command's own. */
const WAYS: Readonly<Record<string, readonly string[]>> = {
  bundle: ['bin/meshsim.mjs'],
  tsx: ['--import', 'tsx', 'src/cli/main.ts'],
};
const ways = flags['bundle-only'] ? ['bundle'] : Object.keys(WAYS);

/** CPU time of this process's reaped children so far, ms; undefined where /proc is not there. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The fields after the command's name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of the whole line (13 and 14 here), in ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs the command once; its wall and CPU time, ms. Throws when it fails. */
function startOnce(way: string, args: readonly string[]): { ms: number; cpuMs?: number } {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const run = spawnSync(process.execPath, [...WAYS[way], ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (run.status !== 0)
    throw new Error(`meshsim ${args.join(' ')} (${way}) exited ${run.status}: ${run.stderr}`);
  return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

const figures: Figure[] = [];
for (const { args, targetMs } of CASES) {
  const command = `meshsim ${args.join(' ')}`;
  log(`${command}: ${ways.join(' and ')}, ${reps} runs each`);
  for (const way of ways) startOnce(way, args);
  const times: Record<string, { ms: number[]; cpuMs: number[] }> = {};
  for (const way of ways) times[way] = { ms: [], cpuMs: [] };
  for (let i = 0; i < reps; i++) {
    for (const way of ways) {
      const { ms, cpuMs } = startOnce(way, args);
      times[way].ms.push(ms);
      if (cpuMs !== undefined) times[way].cpuMs.push(cpuMs);
    }
  }
  for (const way of ways) {
    const wall = summarise(times[way].ms);
    const cpu = times[way].cpuMs.length > 0 ? summarise(times[way].cpuMs).median : undefined;
    figures.push({
      name: `${command} (${way})`,
      unit: 'ms',
      median: wall.median,
      min: wall.min,
      max: wall.max,
      cpuMedian: cpu,
      runs: reps,
      target: way === 'bundle' && targetMs !== undefined ? { op: '<=', value: targetMs } : undefined,
      detail: `node ${[...WAYS[way], ...args].join(' ')}`,
    });
  }
}

process.stdout.write(flags.json ? renderJson(figures, loadAtStart) : table(figures));

/** The figures as a fixed-width table, with the machine above and the command lines below. */
function table(list: readonly Figure[]): string {
  const out = figureTableLines(list, loadAtStart, { name: 'command', cpu: 'CPU median' });
  out.push(
    `median, min, max: wall time from spawn to exit over ${reps} runs (after one untimed run), ways alternating.`,
    'CPU median: user + system time of the process, in 10 ms ticks; where it is far below the wall time, the machine was busy.',
    '',
    'What each row ran (in the repository root):',
    ...list.map((f) => `  ${f.detail}`),
  );
  return `${out.join('\n')}\n`;
}
