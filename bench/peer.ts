/**
 * `npm run bench:peer`: meshsim against SimPy, what most people would use instead, on the same M/M/1
 * queue. meshsim runs `scenarios/bench/mm1.yaml` as `meshsim run` does; SimPy runs `bench/simpy_mm1.py`
 * with the arrival rate and mean service time read from that same file, the same seed number and the
 * same number of requests. The figure compared is requests simulated per second of wall time (CPU
 * time is shown beside it, as a check on a busy machine); the target is meshsim at least 15x SimPy.
 *
 * SimPy 3 must be importable by the system Python (Debian's `python3-simpy3`); when it is not, this
 * prints the command that installs it and exits 1.
 *
 * Usage: npm run bench:peer [-- --requests N] [-- --simpy-requests N] [-- --reps N] [-- --json]
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { currentLoad, formatNumber, machine, machineLines } from './figures';
import { repeatRates } from './measure';
import { durationFor, loadFile, repoPath, runAsCli } from './scenario-runs';

/** The system Python, which Debian's python3-simpy3 installs SimPy 3 for. */
const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get update && apt-get install -y python3-simpy3';
const TARGET_RATIO = 15;

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    'simpy-requests': { type: 'string' },
    reps: { type: 'string', default: '5' },
    'simpy-reps': { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const requests = Number(flags.requests);
const simpyRequests = Number(flags['simpy-requests'] ?? flags.requests);
const reps = Math.max(1, Number(flags.reps) || 5);
const simpyReps = Math.max(1, Number(flags['simpy-reps']) || 1);
const loadAtStart = currentLoad();
const log = (text: string) => process.stderr.write(`bench:peer: ${text}\n`);

// --- The scenario both sides run --------------------------------------------------------------

const MM1_FILE = repoPath('scenarios/bench/mm1.yaml');
const SIMPY_MODEL = repoPath('bench/simpy_mm1.py');

/** Arrival rate (per second), mean service time (ms) and seed of the M/M/1 file; throws if it is not one. */
function mm1Parameters(): { rate: number; meanService: number; seed: number } {
  const { base } = loadFile(MM1_FILE);
  const [client] = base.clients;
  const [station] = base.services;
  const isMm1 =
    base.clients.length === 1 &&
    base.services.length === 1 &&
    base.gateway === undefined &&
    client.arrival.process === 'poisson' &&
    client.target === station.id &&
    station.instances === 1 &&
    station.concurrency === 1 &&
    station.serviceTime.dist === 'exponential' &&
    station.calls.length === 0;
  if (!isMm1 || client.arrival.process !== 'poisson' || station.serviceTime.dist !== 'exponential') {
    throw new Error(
      'scenarios/bench/mm1.yaml is no longer a plain M/M/1 queue; the SimPy peer models only that',
    );
  }
  return { rate: client.arrival.rate, meanService: station.serviceTime.mean, seed: base.seed };
}

// --- SimPy ------------------------------------------------------------------------------------

interface SimpyRun {
  readonly requests: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly meanResponse: number;
  readonly simpy: string;
  readonly python: string;
}

/** Exits 1 with the install command unless the system Python has SimPy 3 or later. */
function requireSimpy(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import simpy, sys; sys.stdout.write(simpy.__version__)'], {
    encoding: 'utf8',
  });
  const version = probe.status === 0 ? probe.stdout.trim() : undefined;
  if (version !== undefined && Number(version.split('.')[0]) >= 3) return;
  const found = probe.error
    ? `${PYTHON} cannot be run (${probe.error.message})`
    : version
      ? `SimPy ${version} is too old (SimPy 2)`
      : `${PYTHON} cannot import simpy`;
  process.stderr.write(
    `bench:peer: ${found}.\nThe peer benchmark needs SimPy 3 for the system Python. Install it with:\n\n  ${INSTALL}\n\n`,
  );
  process.exit(1);
}

function runSimpy(count: number, rate: number, meanService: number, seed: number): SimpyRun {
  const args = [
    SIMPY_MODEL,
    '--requests',
    String(count),
    '--rate',
    String(rate),
    '--mean-service',
    String(meanService),
    '--seed',
    String(seed),
  ];
  const child = spawnSync(PYTHON, args, { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the SimPy model failed (exit ${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as SimpyRun;
}

// --- Both, and the comparison -----------------------------------------------------------------

requireSimpy();
const { rate, meanService, seed } = mm1Parameters();
const rho = (rate * meanService) / 1000;
const theory = meanService / (1 - rho);

log(
  `meshsim: ${MM1_FILE.split('/').slice(-3).join('/')} as the CLI runs it, ~${formatNumber(requests)} requests`,
);
const duration = durationFor(MM1_FILE, requests);
let meshMean = 0;
const meshWall = repeatRates(() => {
  const run = runAsCli(MM1_FILE, duration);
  meshMean = run.meanLatency;
  return { count: run.requests, ms: run.ms, cpuMs: run.cpuMs };
}, reps);
const meshCpuRate = meshWall.cpuMedian!;
const meshRequests = meshWall.count;

log(`SimPy: bench/simpy_mm1.py with ${PYTHON}, ${formatNumber(simpyRequests)} requests, ${simpyReps} run(s)`);
// SimPy has no JIT to warm up; each run is a fresh interpreter, and the median run is kept.
const simpyRuns = Array.from({ length: simpyReps }, () => runSimpy(simpyRequests, rate, meanService, seed));
simpyRuns.sort((a, b) => b.requests / b.wallSeconds - a.requests / a.wallSeconds);
const simpy = simpyRuns[simpyRuns.length >> 1];
const simpyWallRate = simpy.requests / simpy.wallSeconds;
const simpyCpuRate = simpy.requests / simpy.cpuSeconds;

const ratio = meshWall.median / simpyWallRate;
const cpuRatio = meshCpuRate / simpyCpuRate;
const verdict = ratio >= TARGET_RATIO ? 'PASS' : 'MISS';

if (flags.json) {
  const result = {
    machine: { ...machine(), loadAtStart: Number(loadAtStart.toFixed(2)), python: simpy.python },
    scenario: {
      file: 'scenarios/bench/mm1.yaml',
      rate,
      meanServiceMs: meanService,
      rho,
      seed,
      theoryMeanResponseMs: theory,
    },
    meshsim: {
      requests: meshRequests,
      runs: meshWall.runs.length,
      requestsPerSecond: meshWall,
      requestsPerCpuSecond: meshCpuRate,
      meanResponseMs: meshMean,
    },
    simpy: {
      ...simpy,
      runs: simpyReps,
      requestsPerSecond: simpyWallRate,
      requestsPerCpuSecond: simpyCpuRate,
    },
    ratio: { wall: ratio, cpu: cpuRatio, target: TARGET_RATIO, verdict },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const header = ['', 'requests', 'requests/s', 'min', 'max', 'requests/cpu-s', 'mean response ms'];
  const rows = [
    [
      `meshsim (median of ${meshWall.runs.length})`,
      formatNumber(meshRequests),
      formatNumber(meshWall.median),
      formatNumber(meshWall.min),
      formatNumber(meshWall.max),
      formatNumber(meshCpuRate),
      meshMean.toFixed(3),
    ],
    [
      `SimPy ${simpy.simpy} (${simpyReps > 1 ? `median of ${simpyReps}` : '1 run'})`,
      formatNumber(simpy.requests),
      formatNumber(simpyWallRate),
      '-',
      '-',
      formatNumber(simpyCpuRate),
      simpy.meanResponse.toFixed(3),
    ],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    ...machineLines(loadAtStart, 'requests/cpu-s'),
    `Python ${simpy.python} (${PYTHON}), SimPy ${simpy.simpy}`,
    `M/M/1 from scenarios/bench/mm1.yaml: Poisson ${rate}/s, exponential service mean ${meanService} ms, rho ${rho}, seed ${seed}; theory: mean response ${theory.toFixed(3)} ms`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `meshsim / SimPy: ${ratio.toFixed(1)}x requests per wall second (target >= ${TARGET_RATIO}x: ${verdict}); ${cpuRatio.toFixed(1)}x per CPU second`,
    'meshsim: read + load + run of the file, timed after a warm-up run. SimPy: building and running the model.',
    'requests/cpu-s: per second of the process CPU time, which competing processes inflate far less.',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
