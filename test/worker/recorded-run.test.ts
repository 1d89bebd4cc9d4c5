/**
 * The page's run in one pass (`recorded-run.ts`): its frames are the frames a separate playback steps
 * through, its report and series are `runFile`'s, its memory is bounded, and a newer run abandons it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyFigureValues, resolveKeyFigures } from '../../src/report/key-figures';
import { lazyReport } from '../../src/model/report-builder';
import { runFile } from '../../src/model/run';
import { Simulation } from '../../src/model/simulation';
import type { RunSeries } from '../../src/model/run-series';
import { seriesSliceMs } from '../../src/model/run-series';
import { loadScenario } from '../../src/scenario';
import type { ScenarioFile } from '../../src/scenario/types';
import type { FrameData } from '../../src/worker/frames';
import { FIGURES_EVERY_MS, Playback } from '../../src/worker/playback';
import { DOTS_PER_SECOND, MAX_TRACED_PER_RUN } from '../../src/worker/trace-share';
import { recordRun, type RecordingPace } from '../../src/worker/recorded-run';
import { createSimulationApi } from '../../src/worker/simulation';

function read(relative: string, patch = (t: string) => t): string {
  return patch(readFileSync(new URL(`../../scenarios/${relative}`, import.meta.url), 'utf8'));
}

function load(text: string, name = 'test.yaml'): ScenarioFile {
  const r = loadScenario(text, name);
  if (!r.ok) throw new Error(r.errors.map((d) => d.message).join('\n'));
  return r.file;
}

/** Frames and reports as text, typed arrays as lists: equal text, equal bytes. */
function asText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
}

const steady: RecordingPace = { between: () => true, wallClock: () => 0 };

/** Every frame a recorded run holds, taken in one go. */
function allFrames(take: (to: number) => FrameData[]): FrameData[] {
  return take(Infinity);
}

/** The frames of a playback stepped slice by slice on `sliceMs`, as the page stepped it before. */
function steppedFrames(file: ScenarioFile, sliceMs: number, end: number): FrameData[] {
  const playback = new Playback(file);
  const frames: FrameData[] = [];
  for (let k = 1; playback.reachedMs < end; k++) frames.push(...playback.advance(Math.min(end, k * sliceMs)));
  return frames;
}

/** The default scenario, `duration` long, measured from the start. */
function defaultFor(duration: string): string {
  return read('default.yaml', (t) =>
    t.replace(/^duration: .*$/m, `duration: ${duration}`).replace(/^warmup: .*$/m, 'warmup: 0s'),
  );
}

const retryStorm = read('lessons/11-retry-storm.yaml', (t) => t.replace(/^duration: .*$/m, 'duration: 8s'));

describe('recordRun', () => {
  it('records the frames a separate playback steps through, byte for byte (default scenario)', async () => {
    const file = load(defaultFor('12s'));
    const recorded = (await recordRun(file, {}, steady))!;
    const frames = allFrames((to) => recorded.take(to));
    expect(frames.length).toBe(12_000 / seriesSliceMs(12_000));
    expect(frames.reduce((n, f) => n + f.dots.count, 0)).toBeGreaterThan(1000);
    expect(asText(frames)).toBe(asText(steppedFrames(file, seriesSliceMs(12_000), 12_000)));
  });

  it('records every variant side by side, the frames the separate playback gives (retry storm)', async () => {
    const file = load(retryStorm);
    const recorded = (await recordRun(file, {}, steady))!;
    const frames = allFrames((to) => recorded.take(to));
    expect(new Set(frames.map((f) => f.variant))).toEqual(new Set([0, 1, 2].slice(0, file.variants.length)));
    expect(asText(frames)).toBe(asText(steppedFrames(file, seriesSliceMs(8000), 8000)));
  });

  it('gives the report and the series runFile gives, but for wallMs', async () => {
    for (const text of [read('default.yaml'), retryStorm]) {
      const file = load(text);
      const recorded = (await recordRun(file, { seed: 7 }, steady))!;
      const series: RunSeries[] = [];
      const report = runFile(file, { seed: 7, onSeries: (_name, s) => series.push(s) });
      const noWall = (r: typeof report) => ({
        ...r,
        variants: r.variants.map((v) => ({ ...v, wallMs: 0 })),
      });
      expect(asText(noWall(recorded.report))).toBe(asText(noWall(report)));
      expect(asText(recorded.series)).toBe(asText(series));
    }
  });

  it('key figures over time are the figures of the frames that carry them, one every FIGURES_EVERY_MS', async () => {
    const file = load(retryStorm);
    const recorded = (await recordRun(file, {}, steady))!;
    const frames = allFrames((to) => recorded.take(to));
    for (const [v, timeline] of recorded.figures.entries()) {
      const own = frames.filter((f) => f.variant === v && f.figures.length > 0);
      expect(own.map((f) => f.to)).toEqual(
        Array.from({ length: file.base.duration / FIGURES_EVERY_MS }, (_, i) => (i + 1) * FIGURES_EVERY_MS),
      );
      expect(Array.from(timeline.to)).toEqual(own.map((f) => f.to));
      expect(asText(Array.from(timeline.values))).toBe(asText(own.flatMap((f) => Array.from(f.figures))));
    }
  });

  it('key figures over time are keyFigureValues of the report as it stood at each slice end', async () => {
    const file = load(retryStorm);
    const recorded = (await recordRun(file, {}, steady))!;
    const figures = resolveKeyFigures(file.base.keyFigures);
    file.variants.forEach(({ name, scenario }, v) => {
      const sim = new Simulation(scenario);
      const timeline = recorded.figures[v];
      const expected: number[] = [];
      for (const to of timeline.to) {
        sim.runUntil(to);
        const values = keyFigureValues(figures, lazyReport(sim, name));
        expected.push(...(to <= sim.warmup ? values.map(() => NaN) : values));
      }
      expect(asText(Array.from(timeline.values))).toBe(asText(expected));
    });
  });

  it('hears the key figures so far once past the focus, and every figuresEveryMs of wall time', async () => {
    const file = load(retryStorm);
    const heard = (pace: Partial<RecordingPace>) => async () => {
      let wall = 0;
      const reached: number[] = [];
      const recorded = (await recordRun(
        file,
        {},
        {
          ...steady,
          // Each slice takes 10 ms of wall time.
          wallClock: () => wall,
          onSlice: () => (wall += 10),
          onFocus: (timelines) => reached.push(timelines[0].to.at(-1)!),
          ...pace,
        },
      ))!;
      // What is heard is the timeline as it stood: the finished one's first rows.
      return { reached, final: Array.from(recorded.figures[0].to) };
    };
    // Past 3050 ms the timeline ends at 3000: the tiles at the playhead show the figures up to then.
    const focused = await heard({ focusMs: 3050 })();
    expect(focused.reached).toEqual([3000]);
    // A frame carries figures every 500 ms of simulated time, 50 ms of wall time here: the first past
    // the warmup (6 s) is heard at once, then every other one, 100 ms after the last heard.
    const warmup = file.base.warmup;
    expect(warmup).toBe(6000);
    const every = await heard({ figuresEveryMs: 100 })();
    const measured = every.final.filter((to) => to > warmup);
    expect(every.reached).toEqual(measured.filter((_, i) => i % 2 === 0));
    // The focus heard at 3100 ms, the first measured at 6500 ms, the next 400 ms of wall time later
    // (past the run's end).
    const both = await heard({ focusMs: 3050, figuresEveryMs: 400 })();
    expect(both.reached).toEqual([3000, 6500]);
  });

  it('hands each slice over once, covering the time asked for, rounded up to a slice', async () => {
    const file = load(defaultFor('2s'));
    const recorded = (await recordRun(file, {}, steady))!;
    expect(recorded.take(150).map((f) => [f.from, f.to])).toEqual([
      [0, 100],
      [100, 200],
    ]);
    expect(recorded.take(200).map((f) => f.to)).toEqual([300]);
    expect(
      recorded
        .take(2000)
        .map((f) => f.to)
        .at(-1),
    ).toBe(2000);
    expect(recorded.take(2000)).toEqual([]);
  });

  it('is abandoned when its driver says a newer input came', async () => {
    const file = load(defaultFor('5s'));
    let slices = 0;
    const recorded = await recordRun(file, {}, { wallClock: () => 0, between: () => ++slices < 3 });
    expect(recorded).toBeUndefined();
    expect(slices).toBe(3);
  });

  it('run a few events at a time (stepEvents), records the same frames, report and series', async () => {
    for (const text of [defaultFor('3s'), retryStorm]) {
      const file = load(text);
      const whole = (await recordRun(file, {}, steady))!;
      let steps = 0;
      const stepped = (await recordRun(file, {}, { ...steady, stepEvents: 97, between: () => ++steps > 0 }))!;
      expect(steps).toBeGreaterThan(whole.report.variants.reduce((n, v) => n + v.events, 0) / 97 - 1);
      const noWall = (r: typeof whole.report) => ({
        ...r,
        variants: r.variants.map((v) => ({ ...v, wallMs: 0 })),
      });
      expect(asText(noWall(stepped.report))).toBe(asText(noWall(whole.report)));
      expect(asText(stepped.series)).toBe(asText(whole.series));
      expect(asText(allFrames((to) => stepped.take(to)))).toBe(asText(allFrames((to) => whole.take(to))));
    }
  });

  it('is abandoned within a slice that holds many events: a newer input is heard every stepEvents', async () => {
    // A single 100 ms slice of 20,000 requests a second: some 4,000 events, heard every 500.
    const busy = load(
      defaultFor('100ms')
        .replace(/rate: 200\b/, 'rate: 20000')
        .replace(/instances: 2\b/, 'instances: 200'),
    );
    let calls = 0;
    const slices: number[] = [];
    const recorded = await recordRun(
      busy,
      {},
      {
        wallClock: () => 0,
        stepEvents: 500,
        between: () => ++calls < 2,
        onSlice: (reached) => slices.push(reached),
      },
    );
    expect(recorded).toBeUndefined();
    expect(calls).toBe(2);
    expect(slices).toEqual([]);
  });

  it('traces a share of a long run that keeps its dots bounded', () => {
    const long = load(defaultFor('10m'));
    const [topology] = new Playback(long).topologies();
    // 200 requests a second for 600 s: at most MAX_TRACED_PER_RUN of the 120,000 traced.
    expect(topology.traceShare).toBeCloseTo(MAX_TRACED_PER_RUN / 120_000, 12);
    const short = load(read('default.yaml'));
    expect(new Playback(short).topologies()[0].traceShare).toBeCloseTo(DOTS_PER_SECOND / 200, 12);
  });
});

describe('the worker API: runAndRecord', () => {
  it('answers the report, the series, the key figures over time and a playback to advance', async () => {
    const api = createSimulationApi();
    const text = defaultFor('3s');
    const progress: number[] = [];
    let named = '';
    const result = await api.runAndRecord(text, 'default.yaml', { seed: 3 }, (p) => {
      progress.push(p.fraction);
      if (p.summary) named = p.summary.name;
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(named).toBe(result.summary.name);
    expect(progress.at(-1)).toBe(1);
    expect(result.report.seed).toBe(3);
    expect(result.series?.[0].length).toBe(30);
    expect(result.playback.endMs).toBe(3000);
    expect(result.playback.figures[0].to.length).toBe(3000 / FIGURES_EVERY_MS);
    const [first] = api.advance(result.playback.playbackId, 100);
    expect(first.to).toBe(100);
    expect(api.advance(result.playback.playbackId - 1, 3000)).toEqual([]);
    const id = first.traceIds[first.dots.trace[0]];
    expect(api.trace(0, id)?.id).toBe(id);
    // The trace list stops at the playhead: a recorded run has run to its end.
    const early = api.traceSummaries(0, 100_000, 500);
    expect(early.length).toBeGreaterThan(0);
    expect(early.length).toBeLessThan(api.traceSummaries(0, 100_000).length);
  });

  it('the latest input wins: a run still going when a newer one comes answers superseded', async () => {
    const api = createSimulationApi();
    const slow = defaultFor('30s');
    const quick = defaultFor('2s');
    const older = api.runAndRecord(slow, 'default.yaml', {});
    // Let the older run start and reach its first yield, then a newer input comes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const newer = api.runAndRecord(quick, 'default.yaml', {});
    expect(await older).toEqual({ ok: false, stage: 'superseded' });
    const answer = await newer;
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(answer.playback.endMs).toBe(2000);
  });

  it('refuses an invalid text with its errors, and keeps the playback shown', async () => {
    const api = createSimulationApi();
    const good = await api.runAndRecord(defaultFor('1s'), 'default.yaml', {});
    const bad = await api.runAndRecord(
      'clients: [ { id: c, target: s, arrival: { rate: -1 } } ]\n',
      'bad.yaml',
      {},
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok && bad.stage === 'validate') expect(bad.errors[0].line).toBe(1);
    expect(good.ok).toBe(true);
    if (good.ok) expect(api.advance(good.playback.playbackId, 100).length).toBe(1);
  });
});
