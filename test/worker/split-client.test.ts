/**
 * A recorded run split over several workers (`split-client.ts`) answers what one worker gives: the
 * same report, claims, figures, series, pictures and frames, variant by variant in file order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/scenario';
import type { SimulationClient } from '../../src/worker/client';
import type { FrameData, RecordedRunResult, RunProgress } from '../../src/worker/protocol';
import { createSimulationApi } from '../../src/worker/simulation';
import { balancedAssignment, partOfVariant, shareVariants } from '../../src/worker/shares';
import { countVariants, createSplitClient, splitSize } from '../../src/worker/split-client';
import { libraryScenarioText } from '../support/load';

const scenarios = new URL('../../scenarios/', import.meta.url);

function read(relative: string, patch = (t: string) => t): string {
  return patch(readFileSync(new URL(relative, scenarios), 'utf8'));
}

/** Frames and reports as text, typed arrays as lists: equal text, equal bytes. */
function asText(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) =>
    key === 'wallMs' ? 0 : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
}

/** A client over a worker API running in this thread, as the page's worker serves it. */
function inThread(log?: string[], name = ''): SimulationClient {
  const api = createSimulationApi();
  const later = <T>(f: () => T): Promise<T> => Promise.resolve().then(f);
  return {
    validate: (text, fileName) => later(() => api.validate(text, fileName)),
    run: (text, fileName, options = {}, onProgress) =>
      later(() => api.run(text, fileName, options, onProgress)),
    runAndRecord(text, fileName, options = {}, onProgress) {
      const share = options.share;
      log?.push(
        `${name} share ${share ? `${share.index}/${share.of}${share.assign ? ` [${share.assign.join(',')}]` : ''}` : 'all'}`,
      );
      return api.runAndRecord(text, fileName, options, onProgress);
    },
    claims: (text, fileName, report) => later(() => api.claims(text, fileName, report)),
    abandon: () => api.abandon(),
    importBundle: (text, fileName) => api.importBundle(text, fileName),
    openPlayback: (text, fileName, options = {}) => later(() => api.openPlayback(text, fileName, options)),
    advance: (id, toMs) => later(() => api.advance(id, toMs)),
    trace: (variant, id) => later(() => api.trace(variant, id)),
    traceSummaries: (variant, limit, asOfMs) => later(() => api.traceSummaries(variant, limit, asOfMs)),
    playbackReport: (variant) => later(() => api.playbackReport(variant)),
    warm: () => undefined,
    started: () => Promise.resolve(),
    cancel: () => api.abandon(),
    dispose: () => api.abandon(),
  };
}

/**
 * Runs `first` (a client's first run) to its end, then lets the second pass after which the client
 * starts its helpers; on the timers' simulated clock, so that the test does not wait that second.
 * The run's own timers (it yields to the event loop between steps) go off as they come due.
 */
async function thenHelpersStarted<T>(first: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let settled = false;
    const run = first().finally(() => {
      settled = true;
    });
    while (!settled) await vi.advanceTimersByTimeAsync(10);
    await vi.advanceTimersByTimeAsync(1100);
    return await run;
  } finally {
    vi.useRealTimers();
  }
}

/** A split client whose helpers are wanted at once (the page waits a second after its first run). */
async function splitClient(size: number, log?: string[]): Promise<SimulationClient> {
  let helpers = 0;
  const client = createSplitClient(
    inThread(log, 'primary'),
    () => inThread(log, `helper ${++helpers}`),
    size,
  );
  // A first run makes the client want its helpers; the timer that starts them is let run.
  await thenHelpersStarted(() => client.runAndRecord(shortDefault, 'd.yaml'));
  return client;
}

/** The default scenario (one variant), 7 s long. */
const shortDefault = read('default.yaml', (t) => t.replace(/^duration: .*$/m, 'duration: 7s'));

/** One worker's recorded run of a text (seed 7), every frame taken in one go, and the worker it is in. */
interface Reference {
  readonly single: ReturnType<typeof createSimulationApi>;
  readonly frames: FrameData[];
}

/** The reference of each text: made once, only read after (the frames, traces and reports a split run must give). */
const references = new Map<string, Promise<Reference>>();
function referenceOf(text: string): Promise<Reference> {
  let reference = references.get(text);
  if (reference === undefined) {
    reference = (async () => {
      const single = createSimulationApi();
      const run = await single.runAndRecord(text, 'lesson.yaml', { seed: 7 });
      if (!run.ok) throw new Error('the reference run failed');
      return { single, frames: single.advance(run.playback.playbackId, Infinity) };
    })();
    references.set(text, reference);
  }
  return reference;
}

type Recorded = Extract<RecordedRunResult, { ok: true }>;

async function recorded(
  client: SimulationClient,
  text: string,
  onProgress?: (p: RunProgress) => void,
): Promise<Recorded> {
  const result = await client.runAndRecord(text, 'lesson.yaml', { seed: 7, focusMs: 3000 }, onProgress);
  if (!result.ok) throw new Error(`run failed: ${JSON.stringify(result)}`);
  return result;
}

/** One worker's recorded run of each text: the answer every split run of it must give, made once. */
const wholeRuns = new Map<string, Promise<Recorded>>();
function oneWorkerRun(text: string): Promise<Recorded> {
  let run = wholeRuns.get(text);
  if (run === undefined) {
    run = recorded(inThread(), text);
    wholeRuns.set(text, run);
  }
  return run;
}

const storm = read('lessons/11-retry-storm.yaml', (t) => t.replace(/^duration: .*$/m, 'duration: 10s'));
const caching = read('lessons/05-caching.yaml', (t) => t.replace(/^duration: .*$/m, 'duration: 10s'));

describe('countVariants', () => {
  it('reads the variant count of every scenario of the library, as the loader does', () => {
    const files = ['default.yaml', ...readdirSync(new URL('lessons/', scenarios)).map((f) => `lessons/${f}`)];
    for (const file of files.filter((f) => f.endsWith('.yaml'))) {
      // A lesson written as product config runs as the scenario its import prints, as the page runs it.
      const { text } = libraryScenarioText(file);
      const loaded = loadScenario(text, file);
      if (!loaded.ok) throw new Error(file);
      expect(countVariants(text), file).toBe(loaded.file.variants.length);
    }
  });

  it('counts keys one level under a top-level variants block, past comments and blank lines', () => {
    const text =
      'name: x\nvariants:\n  # the first\n  - name: a\n    services:\n      - id: s\n\n  - { name: b }\n  -   name: "c d"\nservices: []\n';
    expect(countVariants(text)).toBe(3);
    // A list at the key's own indent, then the next key.
    expect(countVariants('variants:\n- name: a\n  x:\n    - 1\n- name: b\nseed: 1\n')).toBe(2);
    expect(countVariants('name: x\nvariant: 1\n')).toBe(0);
    expect(countVariants('variants: [ { name: a }, { name: b } ]\n')).toBe(0);
  });
});

describe('shares', () => {
  it('give each variant one part, round robin without an assignment and past its end', () => {
    const of = 3;
    expect([0, 1, 2].map((index) => shareVariants(7, { index, of }))).toEqual([
      [0, 3, 6],
      [1, 4],
      [2, 5],
    ]);
    const assign = [2, 0, 0];
    expect([0, 1, 2].map((index) => shareVariants(5, { index, of, assign }))).toEqual([[1, 2, 3], [4], [0]]);
    // A part out of range is read as round robin: every variant still has one part.
    expect(partOfVariant(1, { of: 2, assign: [0, 5] })).toBe(1);
  });

  it('balance the costliest first onto the least loaded part', () => {
    // A retry storm: every-hop costs as much as the two others together.
    expect(balancedAssignment([217, 55, 55], 2)).toEqual([0, 1, 1]);
    expect(balancedAssignment([61, 56, 102], 2)).toEqual([1, 1, 0]);
    expect(balancedAssignment([10, 10, 10, 10], 2)).toEqual([0, 1, 0, 1]);
    expect(balancedAssignment([5, 1], 3)).toEqual([0, 1]);
  });
});

describe('splitSize', () => {
  it('uses a worker a core, at least 2 and at most 4', () => {
    expect([undefined, 0, 1, 2, 3, 8, 64].map(splitSize)).toEqual([2, 2, 2, 2, 3, 4, 4]);
  });
});

describe('a recorded run split over workers', () => {
  for (const [lesson, text, size] of [
    ['the retry storm (3 variants) on 2 workers', storm, 2],
    ['the retry storm on 3 workers', storm, 3],
    ['caching (4 variants) on 3 workers', caching, 3],
  ] as const) {
    it(`answers what one worker does: ${lesson}`, async () => {
      const whole = await oneWorkerRun(text);
      const log: string[] = [];
      const client = await splitClient(size, log);
      log.length = 0;
      const early: RunProgress[] = [];
      // A file the client has not run yet is shared round robin.
      const split = await recorded(client, text, (p) => {
        if (p.figuresSoFar) early.push(p);
      });
      // Every worker had its share, round robin.
      expect(log.sort()).toEqual(
        Array.from(
          { length: size },
          (_, i) => `${i === 0 ? 'primary' : `helper ${i}`} share ${i}/${size}`,
        ).sort(),
      );
      expect(asText(split.report)).toBe(asText(whole.report));
      expect(split.claims).toEqual(whole.claims);
      expect(split.claims.length).toBeGreaterThan(0);
      expect(asText(split.figures)).toBe(asText(whole.figures));
      expect(asText(split.series)).toBe(asText(whole.series));
      expect(asText(split.playback.topologies)).toBe(asText(whole.playback.topologies));
      expect(asText(split.playback.figures)).toBe(asText(whole.playback.figures));
      expect(split.playback.endMs).toBe(whole.playback.endMs);
      // The playhead's figures came as each share heard of its own, each time for every variant (an
      // empty timeline for a variant whose share had not yet), and at last for all.
      expect(early).toHaveLength(size);
      for (const p of early) expect(p.figuresSoFar).toHaveLength(whole.report.variants.length);
      expect(early[0].figuresSoFar!.filter((t) => t.to.length === 0).length).toBeGreaterThan(0);
      expect(early.at(-1)!.figuresSoFar!.every((t) => t.to.length > 0)).toBe(true);

      const { single, frames } = await referenceOf(text);
      const splitFrames = await client.advance(split.playback.playbackId, Infinity);
      expect(splitFrames.map((f) => [f.variant, f.to])).toEqual(frames.map((f) => [f.variant, f.to]));
      expect(asText(splitFrames)).toBe(asText(frames));
      // Traces are asked of the worker that holds the variant.
      for (let v = 0; v < whole.report.variants.length; v++) {
        const summaries = await client.traceSummaries(v, 5);
        expect(summaries).toEqual(single.traceSummaries(v, 5));
        expect((await client.trace(v, summaries[0].id))?.id).toBe(summaries[0].id);
        expect(asText(await client.playbackReport(v))).toBe(asText(single.playbackReport(v)));
      }
    });
  }

  it("shares a file out by what each variant took the last time: the retry storm's every-hop alone", async () => {
    const log: string[] = [];
    const client = await splitClient(2, log);
    const first = await recorded(client, storm);
    // Every-hop costs the most of the three: the next run gives it a worker of its own.
    const costs = first.playback.costsMs;
    expect(costs).toHaveLength(3);
    expect(costs[0]).toBeGreaterThan(costs[1]);
    expect(costs[0]).toBeGreaterThan(costs[2]);
    log.length = 0;
    const second = await recorded(client, storm);
    expect(log.sort()).toEqual(['helper 1 share 1/2 [0,1,1]', 'primary share 0/2 [0,1,1]']);
    const whole = await oneWorkerRun(storm);
    expect(asText(second.report)).toBe(asText(whole.report));
    expect(asText(await client.advance(second.playback.playbackId, Infinity))).toBe(
      asText((await referenceOf(storm)).frames),
    );
  });

  it('runs a file of one variant on the page worker alone, and before its first run on it alone', async () => {
    const log: string[] = [];
    let helpers = 0;
    const client = createSplitClient(inThread(log, 'primary'), () => inThread(log, `helper ${++helpers}`), 3);
    await thenHelpersStarted(() => recorded(client, storm));
    expect(log).toEqual(['primary share all']);
    log.length = 0;
    await recorded(client, shortDefault);
    expect(log).toEqual(['primary share all']);
  });

  it('the latest input wins: a split run still going when a newer one comes answers superseded', async () => {
    const client = await splitClient(2);
    const older = client.runAndRecord(read('lessons/11-retry-storm.yaml'), 'lesson.yaml', {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    const newer = client.runAndRecord(storm, 'lesson.yaml', {});
    expect(await older).toEqual({ ok: false, stage: 'superseded' });
    const answer = await newer;
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(answer.playback.endMs).toBe(10_000);
  });

  it('answers the scenario errors of an invalid text, as one worker does', async () => {
    const client = await splitClient(2);
    const bad =
      'name: x\nclients: [ { id: c, target: s, arrival: { rate: -1 } } ]\nvariants:\n  - name: a\n  - name: b\n';
    const answer = await client.runAndRecord(bad, 'bad.yaml', {});
    expect(answer.ok).toBe(false);
    if (answer.ok || answer.stage !== 'validate')
      throw new Error(`expected the errors, got ${JSON.stringify(answer)}`);
    expect(answer.errors.length).toBeGreaterThan(0);
    expect(answer).toEqual(await inThread().runAndRecord(bad, 'bad.yaml', {}));
  });

  it("a run begun early is taken over by the page's same run: one run in the worker, its progress heard from the start", async () => {
    const log: string[] = [];
    const client = createSplitClient(inThread(log, 'primary'), () => inThread(log, 'helper'), 2);
    client.startEarly(shortDefault, 'default.yaml');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const heard: RunProgress[] = [];
    const answer = await client.runAndRecord(shortDefault, 'default.yaml', {}, (p) => heard.push(p));
    expect(log).toEqual(['primary share all']);
    expect(answer.ok).toBe(true);
    expect(heard[0].summary?.name).toBe('E-commerce behind a gateway');
    expect(heard.at(-1)?.fraction).toBe(1);
    const whole = await inThread().runAndRecord(shortDefault, 'default.yaml', {});
    if (!answer.ok || !whole.ok) throw new Error('runs failed');
    expect(asText(answer.report)).toBe(asText(whole.report));
  });

  it('a run begun early is abandoned when the page asks for another', async () => {
    const log: string[] = [];
    const client = createSplitClient(inThread(log, 'primary'), () => inThread(log, 'helper'), 2);
    client.startEarly(read('default.yaml'), 'default.yaml');
    const other = await client.runAndRecord(shortDefault, 'default.yaml', { seed: 5 });
    expect(log).toEqual(['primary share all', 'primary share all']);
    expect(other.ok && other.report.seed).toBe(5);
    // The early run's text again, now asked for: run anew, not the abandoned one's answer.
    const again = await client.runAndRecord(read('default.yaml'), 'default.yaml', {});
    expect(again.ok).toBe(true);
    expect(log).toHaveLength(3);
  });
});
