/**
 * `npm run bench:page`: the speed of the page itself, in headless Chromium, each figure a median over
 * several tries with its target beside it. Builds the page once, serves it with `vite preview`, then
 * measures:
 *
 * - the first script's weight (the entry chunk and its static imports, gzip; `initial-js.ts`);
 * - navigation to the first number in a key-figure tile, on a fresh page each time;
 * - a slider's arrow-key step to the new run's numbers, on the default scenario and the retry storm:
 *   to new numbers in the tiles (the run's figures so far, which the worker sends as it goes, or at
 *   the playhead once it has passed it) and to the whole run in; then one step on every lesson of the
 *   library, the slowest reported;
 * - the frame rate and the longest main-thread task while the retry storm plays side by side, the
 *   e-commerce lesson plays, and the hundred-service lesson plays;
 * - the longest main-thread task while a lesson's replications come in (the compare view fills);
 * - frame times with thousands of dots in flight (`scenarios/bench/page-dots.yaml`), without a target.
 *
 * Figures depend on the machine and on what else runs on it: take them on a quiet one. A long task is
 * one the browser's Long Tasks API reports (50 ms or more); "none" means none was.
 *
 * Usage: npm run bench:page [-- --json] [-- --quick]   (`--quick`: fewer tries, for a look)
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { encodeScenarioHash } from '../src/ui/share';
import { INITIAL_JS_BUDGET_KB, initialJs } from './initial-js';

const { values: flags } = parseArgs({
  options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } },
});
const root = fileURLToPath(new URL('..', import.meta.url));
const chromiumPath = process.env.MESHSIM_CHROMIUM ?? '/usr/bin/chromium';
const log = (text: string) => process.stderr.write(`bench:page: ${text}\n`);

/** Fresh page loads timed to their first numbers. */
const LOADS = flags.quick ? 3 : 5;
/** Arrow-key steps timed on each scenario. */
const STEPS = flags.quick ? 3 : 5;
/** Playback windows measured on each scenario, and how long each is, ms. */
const WINDOWS = flags.quick ? 2 : 3;
const WINDOW_MS = 2500;
/** Wall time a scenario plays before its first window, ms (its first frames and dots arrive). */
const SETTLE_MS = 1500;
/** Rounds of a lesson's replications timed. */
const REPLICATION_ROUNDS = flags.quick ? 1 : 3;
/** Longest a run, or a round of replications, may take here, ms. */
const RUN_TIMEOUT_MS = 90_000;

const RETRY_STORM = 'lessons/11-retry-storm.yaml';
const ECOMMERCE = 'lessons/22-ecommerce.yaml';
const HUNDRED_SERVICES = 'lessons/24-large-mesh.yaml';

/** One figure of the report. */
interface Figure {
  readonly name: string;
  /** The median (or, where the name says so, the largest) of the tries; null when none succeeded. */
  readonly value: number | null;
  readonly unit: string;
  /** The target, and whether the value must stay at most (`max`) or at least (`min`) that. */
  readonly target?: { readonly bound: 'max' | 'min'; readonly value: number };
  /** Every try's value, in the order taken. */
  readonly tries: readonly number[];
}

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const meets = (figure: Figure): boolean | undefined => {
  if (!figure.target || figure.value === null) return undefined;
  return figure.target.bound === 'max'
    ? figure.value <= figure.target.value
    : figure.value >= figure.target.value;
};

/**
 * Installed before the page's own script: records long tasks (start and duration, ms on the page's
 * clock) and the moment the first key-figure tile holds a number. Plain text, because the TypeScript
 * runner would wrap inner functions in helpers the page does not have.
 */
const PAGE_PROBES = `
  window.__bench = { longTasks: [], firstNumbers: undefined };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const watchTiles = new MutationObserver(() => {
    // A tile's value at the playhead, or its whole-run value (the playhead may be in the warmup).
    const figures = document.querySelectorAll('[data-testid="kpi"] :is(.kpi-value, .kpi-whole)');
    if ([...figures].some((figure) => /\\d/.test(figure.textContent || ''))) {
      window.__bench.firstNumbers = performance.now();
      watchTiles.disconnect();
    }
  });
  watchTiles.observe(document, { subtree: true, childList: true, characterData: true });
`;

/** What the probes record in the page. */
interface Probes {
  firstNumbers?: number;
  keyAt?: number;
  tilesAt?: number;
  doneAt?: number;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(PAGE_PROBES);
  await page.goto(url);
  return page;
}

/** Waits until the run numbered above `after` has ended well; returns the page's clock then. */
async function runDone(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (least) => {
      const status = document.getElementById('status');
      return Number(status?.dataset.run ?? 0) > least && status?.dataset.state === 'done';
    },
    after,
    { timeout: RUN_TIMEOUT_MS },
  );
}

const runNumber = async (page: Page): Promise<number> =>
  Number((await page.getByTestId('status').getAttribute('data-run')) ?? 0);

/** Waits until neither a run nor replications go (the Run button is not a Stop button). */
async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.getElementById('run')?.classList.contains('stop'), undefined, {
    timeout: RUN_TIMEOUT_MS,
  });
}

/**
 * Opens `file` (under scenarios/) from the library and waits for its run and its replications (or
 * stops these, with `skip`).
 */
async function openLesson(page: Page, file: string, skip = false): Promise<void> {
  const before = await runNumber(page);
  const value = await page
    .locator('[data-testid="library"] option')
    .evaluateAll(
      (options, wanted) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v.endsWith(wanted)),
      file,
    );
  if (!value) throw new Error(`the library has no scenarios/${file}`);
  await page.selectOption('[data-testid="library"]', value);
  await runDone(page, before);
  if (skip) await skipReplications(page);
  await idle(page);
}

/** Navigation to the first number in a tile, ms, on `LOADS` fresh pages. */
async function firstNumbers(browser: Browser, url: string): Promise<number[]> {
  const tries: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await openPage(browser, url);
    await page.waitForFunction(
      () => (window as unknown as { __bench: Probes }).__bench.firstNumbers !== undefined,
      undefined,
      {
        timeout: RUN_TIMEOUT_MS,
      },
    );
    tries.push((await page.evaluate('window.__bench.firstNumbers')) as number);
    await page.context().close();
  }
  return tries;
}

/** One arrow-key step: when the tiles first showed the new run's numbers, and when the run was in, ms after the key. */
interface Step {
  /**
   * The tiles show the new run's numbers (`#kpis[data-run]`): its figures so far, labelled with the
   * moment they reach, or at the playhead once the run has passed it; before the whole run is in.
   */
  readonly tilesMs: number;
  /** The status line says the new run is done: every number of it drawn, the whole-run ones too. */
  readonly doneMs: number;
}

/**
 * `count` arrow-key steps of the open file's first slider (steps go right then left, so the scenario
 * stays near the file's own values), each timed on the page's clock from the key's press to the
 * tiles showing the new run's numbers and to the new run's end (see `Step`); none without a slider.
 * The playhead is put in the middle of the run before the first step, at its end before the second,
 * and so on: a reader steps a slider while the diagram plays, and after it has played to the end.
 */
async function sliderSteps(page: Page, count = STEPS): Promise<Step[]> {
  const slider = page.locator('input[type="range"][data-testid^="knob-"]').first();
  if ((await slider.count()) === 0) return [];
  const tries: Step[] = [];
  for (let i = 0; i < count; i++) {
    await idle(page);
    const before = await runNumber(page);
    await page.evaluate(`(() => {
      const scrub = document.getElementById('scrub');
      scrub.value = String(${i % 2 === 0 ? 'Number(scrub.max) / 2' : 'scrub.max'});
      scrub.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await slider.focus();
    await page.evaluate(`(() => {
      const b = window.__bench;
      b.keyAt = b.tilesAt = b.doneAt = undefined;
      window.addEventListener('keydown', () => { b.keyAt ??= performance.now(); }, { capture: true, once: true });
      const status = document.getElementById('status');
      const tiles = document.getElementById('kpis');
      const watch = new MutationObserver(() => {
        if (b.tilesAt === undefined && Number(tiles.dataset.run) > ${before}) b.tilesAt = performance.now();
        if (Number(status.dataset.run) > ${before} && status.dataset.state === 'done') {
          b.doneAt = performance.now();
          b.tilesAt ??= b.doneAt;
          watch.disconnect();
        }
      });
      const options = { attributes: true, childList: true, characterData: true, subtree: true };
      watch.observe(status, options);
      watch.observe(tiles, options);
    })()`);
    await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForFunction(
      () => (window as unknown as { __bench: Probes }).__bench.doneAt !== undefined,
      undefined,
      { timeout: RUN_TIMEOUT_MS },
    );
    const b = (await page.evaluate('window.__bench')) as Required<Probes>;
    tries.push({ tilesMs: b.tilesAt - b.keyAt, doneMs: b.doneAt - b.keyAt });
  }
  await idle(page);
  return tries;
}

/** Stops the open file's replications, if they go: a sweep over every lesson does not wait for them. */
async function skipReplications(page: Page): Promise<void> {
  await page.evaluate(() => {
    const run = document.getElementById('run');
    if (run?.classList.contains('stop')) run.click();
  });
  await idle(page);
}

/** Every file of the library's lessons group, by its option value (`scenarios/lessons/…`). */
async function lessonFiles(page: Page): Promise<string[]> {
  const values = await page
    .locator('[data-testid="library"] option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  return values.filter((v) => /lessons\/[^/]+\.yaml$/.test(v)).map((v) => v.replace(/^.*?(lessons\/)/, '$1'));
}

/** Plays from the playback's start: the scrubber moved to 0 and Play pressed if paused. */
async function playFromStart(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const scrub = document.getElementById('scrub');
    scrub.value = scrub.min || '0';
    scrub.dispatchEvent(new Event('input', { bubbles: true }));
    const play = document.getElementById('play');
    if (play.getAttribute('aria-pressed') !== 'true') play.click();
  })()`);
}

/** One window of playback: frames a second, and the longest main-thread task in it (0: none over 50 ms). */
async function playbackWindow(page: Page): Promise<{ fps: number; longestTaskMs: number }> {
  return (await page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    const started = performance.now();
    const frame = (now) => {
      frames += 1;
      if (now - started < ${WINDOW_MS}) return requestAnimationFrame(frame);
      // Long tasks are reported after they end: a little later, to catch one ending the window.
      setTimeout(() => {
        const tasks = window.__bench.longTasks.filter(([at, d]) => at + d > started && at < now);
        resolve({
          fps: (frames - 1) / ((now - started) / 1000),
          longestTaskMs: tasks.reduce((m, [, d]) => Math.max(m, d), 0),
        });
      }, 100);
    };
    requestAnimationFrame(frame);
  })`)) as { fps: number; longestTaskMs: number };
}

/** `WINDOWS` playback windows of the scenario open, each from the start of its playback. */
async function playback(page: Page): Promise<{ fps: number[]; longestTaskMs: number[] }> {
  const fps: number[] = [];
  const longestTaskMs: number[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    await playFromStart(page);
    await page.waitForTimeout(SETTLE_MS);
    const window = await playbackWindow(page);
    fps.push(window.fps);
    longestTaskMs.push(window.longestTaskMs);
  }
  return { fps, longestTaskMs };
}

/**
 * The longest main-thread task while the open lesson's replications come in, ms (0: none over 50 ms),
 * once per round: from Run pressed until the last replication is in.
 */
async function replicationRounds(page: Page): Promise<number[]> {
  const tries: number[] = [];
  for (let i = 0; i < REPLICATION_ROUNDS; i++) {
    await idle(page);
    const before = await runNumber(page);
    const startedAt = (await page.evaluate('performance.now()')) as number;
    // The Run button sits on the Editor tab; the reader's Run is the same click.
    await page.evaluate(() => document.getElementById('run')?.click());
    await runDone(page, before);
    await idle(page);
    await page.waitForTimeout(100);
    const tasks = (await page.evaluate('window.__bench.longTasks')) as [number, number][];
    tries.push(tasks.filter(([at]) => at >= startedAt).reduce((m, [, d]) => Math.max(m, d), 0));
  }
  return tries;
}

/** Frame intervals with thousands of dots in flight (the benchmark scenario), ms. */
async function dotFrames(browser: Browser, url: string): Promise<number[]> {
  const scenario = readFileSync(join(root, 'scenarios', 'bench', 'page-dots.yaml'), 'utf8');
  const page = await openPage(browser, `${url}${await encodeScenarioHash(scenario)}`);
  await runDone(page, 0);
  await page.waitForTimeout(SETTLE_MS);
  const intervals = (await page.evaluate(`new Promise((resolve) => {
    const intervals = [];
    let last = 0;
    const started = performance.now();
    const frame = (now) => {
      if (last > 0) intervals.push(now - last);
      last = now;
      if (now - started < ${WINDOW_MS}) requestAnimationFrame(frame);
      else resolve(intervals);
    };
    requestAnimationFrame(frame);
  })`)) as number[];
  await page.context().close();
  return intervals;
}

/** The machine and how busy it was: the figures mean little when the load is above the cores. */
const machineNote = (): string =>
  `${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (1, 5, 15 min)`;
const loadAtStart = machineNote();

const outDir = await mkdtemp(join(tmpdir(), 'meshsim-bench-page-'));
log('building the page');
await build({ root, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
const server = await preview({
  root,
  logLevel: 'warn',
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0, open: false },
});
const url = server.resolvedUrls!.local[0];
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const figures: Figure[] = [];
const add = (
  name: string,
  tries: readonly number[],
  unit: string,
  target?: Figure['target'],
  pick = median,
) => figures.push({ name, value: pick(tries), unit, tries, ...(target ? { target } : {}) });
const largest = (values: readonly number[]) => (values.length ? Math.max(...values) : null);
/**
 * A scenario's slider steps as two figures: to new numbers in the tiles (the figure held to the
 * target, ms), and to the whole run in.
 */
const addSteps = (scenario: string, steps: readonly Step[], targetMs: number) => {
  add(
    `slider step → new numbers in the tiles, ${scenario}`,
    steps.map((t) => t.tilesMs),
    'ms',
    { bound: 'max', value: targetMs },
  );
  add(
    `slider step → whole run in, ${scenario}`,
    steps.map((t) => t.doneMs),
    'ms',
  );
};
/** Each lesson's one step, in library order (in the JSON output). */
let sweepRows: { file: string; tilesMs: number; doneMs: number }[] = [];
try {
  const script = await initialJs(outDir);
  add('initial JS, gzip', [script.gzipBytes / 1000], 'kB', { bound: 'max', value: INITIAL_JS_BUDGET_KB });

  log(`${LOADS} fresh loads of the default scenario`);
  add('navigation → first numbers', await firstNumbers(browser, url), 'ms', { bound: 'max', value: 1000 });

  const page = await openPage(browser, url);
  await runDone(page, 0);
  await idle(page);
  log(`${STEPS} slider steps on the default scenario`);
  addSteps('default', await sliderSteps(page), 150);

  log(`the retry storm: ${REPLICATION_ROUNDS} rounds of replications, ${STEPS} slider steps, playback`);
  await openLesson(page, RETRY_STORM);
  add(
    'longest task, replications coming in',
    await replicationRounds(page),
    'ms',
    { bound: 'max', value: 100 },
    largest,
  );
  addSteps('retry storm', await sliderSteps(page), 400);
  await page.getByTestId('side-by-side').click();
  const storm = await playback(page);
  add('fps, retry storm side by side', storm.fps, 'fps', { bound: 'min', value: 55 });
  add(
    'longest task, retry storm side by side',
    storm.longestTaskMs,
    'ms',
    { bound: 'max', value: 50 },
    largest,
  );

  log('the e-commerce lesson: playback');
  await openLesson(page, ECOMMERCE);
  const shop = await playback(page);
  add('fps, e-commerce', shop.fps, 'fps', { bound: 'min', value: 55 });
  add('longest task, e-commerce', shop.longestTaskMs, 'ms', { bound: 'max', value: 50 }, largest);

  log('every lesson: one slider step each');
  const sweep: { file: string; step: Step }[] = [];
  for (const file of await lessonFiles(page)) {
    await openLesson(page, file, true);
    const [step] = await sliderSteps(page, 1);
    if (step) sweep.push({ file, step });
  }
  const slowest = sweep.reduce((a, b) => (b.step.doneMs > a.step.doneMs ? b : a), sweep[0]);
  add(
    `slider step → new numbers in the tiles, every lesson (${sweep.length})`,
    sweep.map((s) => s.step.tilesMs),
    'ms',
    { bound: 'max', value: 400 },
    largest,
  );
  add(
    `slider step → whole run in, every lesson (${sweep.length})`,
    sweep.map((s) => s.step.doneMs),
    'ms',
    undefined,
    largest,
  );
  if (slowest) log(`the slowest lesson to step: ${slowest.file}, ${slowest.step.doneMs.toFixed(0)} ms`);
  sweepRows = sweep.map((s) => ({ file: s.file, tilesMs: s.step.tilesMs, doneMs: s.step.doneMs }));

  log('the hundred-service lesson: playback');
  await openLesson(page, HUNDRED_SERVICES);
  const large = await playback(page);
  add('fps, hundred services', large.fps, 'fps', { bound: 'min', value: 30 });
  add('longest task, hundred services', large.longestTaskMs, 'ms', undefined, largest);
  await page.context().close();

  log('thousands of dots in flight');
  const intervals = await dotFrames(browser, url);
  add('frame interval, page-dots', intervals, 'ms');
  add('frame interval p99, page-dots', intervals, 'ms', undefined, (v) =>
    v.length ? [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(0.99 * v.length))] : null,
  );

  if (flags.json) {
    const rows = figures.map((f) => ({ ...f, meetsTarget: meets(f) ?? null }));
    const machine = { atStart: loadAtStart, atEnd: machineNote() };
    process.stdout.write(
      `${JSON.stringify({ figures: rows, lessonSteps: sweepRows, initialChunks: script.chunks, machine }, null, 2)}\n`,
    );
  } else {
    const cell = (v: number | null) => (v === null ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
    const lines = figures.map((f) => {
      const target = f.target ? `${f.target.bound === 'max' ? '≤' : '≥'} ${f.target.value}` : '';
      const verdict = meets(f) === undefined ? '' : meets(f) ? 'ok' : 'MISSED';
      const largestNote = /^longest|every lesson/.test(f.name) ? ' (largest)' : '';
      return `${f.name.padEnd(48)} ${`${cell(f.value)} ${f.unit}`.padStart(11)}  ${target.padEnd(7)} ${verdict.padEnd(6)}${largestNote}`;
    });
    process.stdout.write(
      `${'figure (median of tries)'.padEnd(48)} ${'value'.padStart(11)}  target\n${lines.join('\n')}\n`,
    );
    process.stdout.write(`machine: ${loadAtStart} at the start; ${machineNote()} at the end\n`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(outDir, { recursive: true, force: true });
}
