/**
 * `npm run bench:playback`: what the worker spends on one playback frame, the page's slice of 100 ms
 * of simulated time per variant, for a few lessons: the whole frame (simulation, dots, per-edge
 * windows, key figures) and, of it, the key figures read from the report so far. The page asks for
 * about ten frames a second at 1x, per variant, so a frame must stay far under 100 ms / variants.
 *
 * Usage: npm run bench:playback [-- --json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { keyFigureValues, resolveKeyFigures } from '../src/report/key-figures';
import { buildReport, lazyReport } from '../src/model/report-builder';
import { Simulation } from '../src/model/simulation';
import { loadScenario } from '../src/scenario/index';
import { Playback } from '../src/worker/playback';
import { repoPath } from './scenario-runs';

const { values: flags } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const LESSONS = ['default.yaml', 'lessons/11-retry-storm.yaml', 'lessons/24-large-mesh.yaml'];
/** Simulated time of a frame, ms: the page's slice at 1x. */
const SLICE_MS = 100;

interface Row {
  readonly file: string;
  readonly variants: number;
  readonly frames: number;
  /** Mean wall time of one frame of one variant, ms. */
  readonly frameMs: number;
  /** Of a frame, the key figures read from the lazily built report, ms. */
  readonly figuresMs: number;
  /** The same figures read from a whole report instead, ms. */
  readonly wholeReportMs: number;
}

function measure(file: string): Row {
  const loaded = loadScenario(readFileSync(repoPath(`scenarios/${file}`), 'utf8'), file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const playback = new Playback(loaded.file);
  const variants = playback.topologies().length;
  let frames = 0;
  const started = performance.now();
  for (let t = SLICE_MS; t <= playback.end; t += SLICE_MS) {
    playback.advance(t);
    frames++;
  }
  const frameMs = (performance.now() - started) / frames / variants;
  // The figures alone, on the file's last variant (the mesh, in the lessons that add one) stopped
  // halfway (a mid-run report), as often as there were frames.
  const figures = resolveKeyFigures(loaded.file.base.keyFigures);
  const scenario = (loaded.file.variants.at(-1) ?? { scenario: loaded.file.base }).scenario;
  const sim = new Simulation(scenario);
  sim.runUntil(sim.end / 2);
  const time = (report: () => Parameters<typeof keyFigureValues>[1]) => {
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) keyFigureValues(figures, report());
    return (performance.now() - t0) / frames;
  };
  const figuresMs = time(() => lazyReport(sim, 'v'));
  const wholeReportMs = time(() => buildReport(sim, 'v', 0));
  return { file, variants, frames, frameMs, figuresMs, wholeReportMs };
}

const rows = LESSONS.map((file) => {
  process.stderr.write(`bench:playback: ${file}\n`);
  return measure(file);
});
if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
else {
  process.stdout.write(
    'file                                frames  ms a frame  key figures (lazy)  (whole report)\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `${`${r.file} x${r.variants}`.padEnd(36)}${String(r.frames).padStart(6)}` +
        `${r.frameMs.toFixed(2).padStart(12)}${r.figuresMs.toFixed(3).padStart(20)}${r.wholeReportMs.toFixed(3).padStart(16)}\n`,
    );
  }
}
