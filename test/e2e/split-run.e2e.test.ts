/**
 * A lesson's run split over several workers in a real browser: after a slider step on the retry storm
 * (three variants), each simulation worker records its share, and the page shows what one worker
 * would: every variant's tiles hold the model's figures for the edited text, and the trace list of a
 * variant recorded by a helper worker lists its traces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keyFigureValues, resolveKeyFigures } from '../../src/report/key-figures';
import { runFile } from '../../src/model/run';
import { loadScenario } from '../../src/scenario/index';
import { BACKGROUND_FPS } from '../../src/ui/player';
import { splitSize } from '../../src/worker/split-client';
import { editorText, openFromLibrary, root, seek, settled, usePage } from './support/page';
import { tiles } from './support/readouts';

const LESSON = 'lessons/11-retry-storm.yaml';

/** What the page asked of each simulation worker: a `runAndRecord` call's worker and share. */
interface RunCall {
  readonly worker: number;
  readonly share: string;
  /** The status line's state when the call was posted: empty before the page's script set it up. */
  readonly status: string;
}

/** Counts the simulation workers the page starts and records the recorded runs asked of each. */
function watchWorkers(): void {
  const calls: RunCall[] = [];
  (window as unknown as { __runCalls: RunCall[] }).__runCalls = calls;
  const Original = window.Worker;
  let workers = 0;
  window.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      const worker = ++workers;
      const post = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
      this.postMessage = ((message: unknown, transfer?: Transferable[]) => {
        // comlink's call message: { type: 'APPLY', path: [method], argumentList: [{ value }, …] }.
        const m = message as {
          path?: string[];
          argumentList?: { value?: { share?: { index: number; of: number } } }[];
        };
        if (m?.path?.[0] === 'runAndRecord') {
          const share = m.argumentList?.[2]?.value?.share;
          const status = document.getElementById('status')?.dataset.state ?? '';
          calls.push({ worker, share: share ? `${share.index}/${share.of}` : 'all', status });
        }
        post(message, transfer);
      }) as Worker['postMessage'];
    }
  };
}

/** Each variant's key figures by key, as the model computes them for `text` on its own seed. */
function expectedFigures(text: string): Map<string, number>[] {
  const loaded = loadScenario(text, LESSON);
  if (!loaded.ok) throw new Error('the edited lesson does not load');
  const figures = resolveKeyFigures(loaded.file.base.keyFigures);
  return runFile(loaded.file).variants.map(
    (v) => new Map(keyFigureValues(figures, v).map((x, i) => [figures[i].key, x] as const)),
  );
}

const runCalls = (page: Page): Promise<RunCall[]> => page.evaluate('window.__runCalls') as Promise<RunCall[]>;

describe('a run split over workers', () => {
  const app = usePage();

  test("the default scenario's run is begun before the page has set itself up, and the page takes it over", async () => {
    const { page } = await app.open(undefined, watchWorkers);
    expect((await settled(page)).state).toBe('done');
    // One run, asked of the page's worker before the page's script wrote its first status.
    expect(await runCalls(page)).toEqual([{ worker: 1, share: 'all', status: '' }]);
    expect(await page.getByTestId('kpis').textContent()).toMatch(/\d/);
  });

  test('a slider step records each share on its own worker, and every variant shows the one-worker numbers', async () => {
    const { page } = await app.open(undefined, watchWorkers);
    await settled(page);
    expect((await openFromLibrary(page, LESSON, 2)).state).toBe('done');
    // The helpers start a second after the page's first run; the lesson's own run came after it.
    await page.waitForTimeout(1200);
    const cores = (await page.evaluate('navigator.hardwareConcurrency')) as number;
    const workers = Math.min(3, splitSize(cores));
    const before = (await runCalls(page)).length;
    const run = Number(await page.getByTestId('status').getAttribute('data-run'));
    await page.locator('input[type="range"][data-testid^="knob-"]').first().focus();
    await page.keyboard.press('ArrowRight');
    expect((await settled(page, run + 1)).state).toBe('done');

    const calls = (await runCalls(page)).slice(before);
    expect(calls.map((c) => c.share).sort()).toEqual(
      Array.from({ length: workers }, (_, i) => `${i}/${workers}`).sort(),
    );
    expect(new Set(calls.map((c) => c.worker)).size).toBe(workers);

    const text = await editorText(page);
    expect(text).not.toBe(readFileSync(join(root, 'scenarios', LESSON), 'utf8'));
    const expected = expectedFigures(text);
    for (const [i, values] of expected.entries()) {
      await page.getByTestId(`variant-${i}`).click();
      await seek(page, Number.MAX_SAFE_INTEGER);
      await page.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
      const shown = await tiles(page);
      expect(shown.length).toBeGreaterThanOrEqual(3);
      for (const tile of shown) {
        const want = values.get(tile.key);
        if (want === undefined || Number.isNaN(want)) continue;
        expect(tile.whole, `variant ${i}: ${tile.key}`).toBe(want);
      }
    }

    // Variant 1 was recorded by a helper worker: its traces are asked of that worker.
    await page.getByTestId('variant-1').click();
    await page.getByTestId('tab-trace').click();
    const pick = page.locator('[data-testid="trace-list"] .tl-pick').first();
    await pick.waitFor({ timeout: 10_000 });
    await pick.click();
    await page.locator('[data-testid="trace-view"] table.wf-table').waitFor({ timeout: 10_000 });
  });

  test('while a run goes the playing diagram is drawn at a few frames a second, so the workers have the cores', async () => {
    // Each drawing of the diagram clears its dots' canvas: count those, with the status at the time.
    const { page } = await app.open(undefined, () => {
      const draws: { at: number; running: boolean }[] = [];
      (window as unknown as { __draws: typeof draws }).__draws = draws;
      const clear = CanvasRenderingContext2D.prototype.clearRect;
      CanvasRenderingContext2D.prototype.clearRect = function (...args: [number, number, number, number]) {
        const state = document.getElementById('status')?.dataset.state;
        draws.push({ at: performance.now(), running: state === 'running' });
        clear.apply(this, args);
      };
    });
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/24-large-mesh.yaml', 2)).state).toBe('done');
    await page.waitForTimeout(1200);
    if ((await page.getByTestId('play').getAttribute('aria-pressed')) !== 'true')
      await page.getByTestId('play').click();
    const run = Number(await page.getByTestId('status').getAttribute('data-run'));
    const from = (await page.evaluate('performance.now()')) as number;
    await page.locator('input[type="range"][data-testid^="knob-"]').first().focus();
    await page.keyboard.press('ArrowRight');
    expect((await settled(page, run + 1)).state).toBe('done');
    await page.waitForTimeout(1000);
    const draws = ((await page.evaluate('window.__draws')) as { at: number; running: boolean }[]).filter(
      (d) => d.at >= from,
    );
    const during = draws.filter((d) => d.running);
    const after = draws.filter((d) => !d.running && d.at > during.at(-1)!.at + 100);
    const seconds = (list: typeof draws) => (list.at(-1)!.at - list[0].at) / 1000;
    expect(during.length, 'the picture still moves while the run goes').toBeGreaterThan(1);
    // At the background pace at most (rAF ticks are not exactly 1/fps apart: 10 % slack).
    expect(during.length - 1).toBeLessThanOrEqual(BACKGROUND_FPS * seconds(during) * 1.1 + 1);
    // Once the run is in, the diagram is drawn at the display's pace again.
    expect((after.length - 1) / seconds(after)).toBeGreaterThan(BACKGROUND_FPS * 1.5);
  });
});
