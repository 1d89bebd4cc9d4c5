/**
 * How the page itself gets a run's numbers on screen, as far as a test can hold it without timing
 * anything (the timings are `npm run bench:page`'s): the worker's script carries no editor; the
 * page's first run shows its figures so far as it goes; a run's
 * answer puts its numbers on screen before it draws the diagram and the charts anew, in a task of
 * their own; a re-run draws each chart over time once and the scrubber's landmarks once; a chart
 * out of sight is drawn at most twice a second while playing; and the compare view of a run is built
 * once and patched as its replications come in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, RUN_TIMEOUT_MS, seek, settled, usePage } from './support/page';
import { expectSoFarIsTheRunsOwn, soFarMoment, tileStates, watchTileStates } from './support/readouts';

/** The build's manifest (`.vite/manifest.json`): each chunk's file, static imports and assets. */
interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly assets?: readonly string[];
}

/**
 * A window tall enough to hold the charts over time in sight: out of sight they draw at most twice a
 * second, on a timer, which would blur what these tests count.
 */
const TALL = { width: 1440, height: 1600 };

const runNumber = async (page: Page): Promise<number> =>
  Number((await page.getByTestId('status').getAttribute('data-run')) ?? 0);

/** Steps the first slider of the lesson by one key press and waits for its run to be drawn. */
async function stepFirstSlider(page: Page): Promise<void> {
  const before = await runNumber(page);
  await page.locator('input[type="range"][data-testid^="knob-"]').first().focus();
  await page.keyboard.press('ArrowRight');
  await settled(page, before + 1);
  // Two frames more: whatever the answer leaves to a later frame is drawn by then.
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/**
 * Installed once the page has settled: records, from now on, each change to the nodes under
 * `selector`, keyed by the node and what changed (an attribute, its children), with how many times
 * it changed. Animated geometry (moved by transitions over several frames) is left out.
 */
function recordChanges(page: Page, selector: string): Promise<void> {
  return page.evaluate((sel) => {
    const animated = new Set(['x', 'y', 'width', 'height', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'transform']);
    const ids = new WeakMap<Node, number>();
    let next = 0;
    const idOf = (node: Node): number => {
      if (!ids.has(node)) ids.set(node, next++);
      return ids.get(node)!;
    };
    const counts: Record<string, number> = {};
    (window as unknown as { __changes: Record<string, number> }).__changes = counts;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes' && animated.has(record.attributeName ?? '')) continue;
        const what =
          record.type === 'attributes'
            ? `@${record.attributeName}`
            : record.type === 'childList'
              ? // A drawing anew first takes the old children away; appending more is the same drawing.
                record.removedNodes.length > 0
                ? 'children-'
                : 'children+'
              : 'text';
        const where =
          record.target instanceof Element
            ? record.target.matches(sel)
              ? 'host'
              : `${record.target.tagName}#${idOf(record.target)}`
            : `#text#${idOf(record.target)}`;
        const key = `${where} ${what}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    });
    for (const host of document.querySelectorAll(sel))
      observer.observe(host, { subtree: true, childList: true, attributes: true, characterData: true });
  }, selector);
}

const changes = (page: Page): Promise<Record<string, number>> =>
  page.evaluate(() => (window as unknown as { __changes: Record<string, number> }).__changes);

describe('first numbers: the page’s own share', () => {
  const app = usePage();

  test('the worker’s script (from the build’s manifest) holds neither the editor nor the page', () => {
    const manifest = JSON.parse(readFileSync(join(app.outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
    const worker = (entry?.assets ?? []).find((file) => /simulation\.worker-[\w-]+\.js$/.test(file));
    expect(worker, 'the page’s entry names its worker’s script').toBeTruthy();
    const code = readFileSync(join(app.outDir, worker!), 'utf8');
    // CodeMirror's editable content, the editor module, and the page's drawing (d3 selections).
    expect(code).not.toMatch(/\bcm-content\b/);
    expect(code).not.toContain('yaml-editor');
    expect(code).not.toMatch(/\bcreateElementNS\b/);
    // The worker imports nothing at start: a module worker fetches its static imports before it runs.
    expect(code).not.toMatch(/^\s*import\s[^(]/m);
  });

  test('the page’s first run shows its figures so far, saying up to when, and each is the run’s own at that moment', async () => {
    const { page } = await app.open(TALL, watchTileStates);
    await settled(page, 1);
    const states = await tileStates(page);
    const whole = states.findIndex((s) => s.caption.endsWith('· whole run'));
    expect(whole, 'the whole run comes last').toBeGreaterThan(0);
    const soFar = states.slice(0, whole).filter((s) => soFarMoment(s.caption) !== undefined);
    expect(soFar.length, 'figures so far before the whole run').toBeGreaterThan(0);
    for (const state of soFar) {
      expect(state.caption).toMatch(/ of 01:00\.0$/);
      expect(Object.values(state.tiles).every((tile) => /\d/.test(tile.value))).toBe(true);
    }
    // Each the finished run's own at that moment.
    await expectSoFarIsTheRunsOwn(page, states.slice(0, whole + 1), 60_000);
  });

  test(
    'a run’s answer puts the new numbers on screen a frame before the diagram and the charts are drawn anew',
    async () => {
      const { page } = await app.open(TALL);
      await settled(page, 1);
      await seek(page, 20_000);
      await page.evaluate(() => {
        const w = window as unknown as { __frame: number; __at: Record<string, number> };
        w.__frame = 0;
        w.__at = {};
        const tick = (): void => {
          w.__frame += 1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        const note = (what: string) => () => {
          w.__at[what] ??= w.__frame;
        };
        // The tiles name the run whose numbers they hold (`data-run`).
        new MutationObserver(note('tiles')).observe(document.getElementById('kpis')!, {
          attributes: true,
          attributeFilter: ['data-run'],
        });
        new MutationObserver(note('charts')).observe(document.getElementById('chart-latency')!, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      });
      await stepFirstSlider(page);
      const at = await page.evaluate(() => (window as unknown as { __at: Record<string, number> }).__at);
      expect(at.tiles, 'the tiles took the new run').toBeGreaterThanOrEqual(0);
      expect(at.charts, 'the latency chart was drawn anew').toBeGreaterThanOrEqual(0);
      // A frame (and its paint) between them: the numbers did not wait for the charts.
      expect(at.charts).toBeGreaterThan(at.tiles);
    },
    RUN_TIMEOUT_MS * 2,
  );

  test(
    'a re-run draws each chart over time once, not at 0 s first and then at the playhead',
    async () => {
      const { page } = await app.open(TALL);
      await settled(page, 1);
      await seek(page, 20_000);
      await recordChanges(page, '#chart-latency, #chart-throughput, #chart-amplification');
      await stepFirstSlider(page);
      const counted = await changes(page);
      expect(Object.keys(counted).length, 'the new run changed the charts').toBeGreaterThan(0);
      // Appending several children is one drawing; anything else written twice is two.
      const twice = Object.entries(counted).filter(([key, n]) => n > 1 && !key.endsWith('children+'));
      expect(twice, 'parts of a chart written more than once by one re-run').toEqual([]);
    },
    RUN_TIMEOUT_MS * 2,
  );

  test(
    'a re-run draws the scrubber’s landmarks once, not once for the run and again for the variants shown',
    async () => {
      const { page } = await app.open();
      await settled(page, 1);
      await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
      await seek(page, 3_000);
      expect(await page.getByTestId('landmark').count(), 'the retry storm’s fault is marked').toBeGreaterThan(
        0,
      );
      await recordChanges(page, '.landmark-rows');
      await stepFirstSlider(page);
      const counted = await changes(page);
      expect(counted['host children-'], 'the landmark rows drawn once').toBe(1);
    },
    RUN_TIMEOUT_MS * 3,
  );

  test(
    'a chart over time out of sight is drawn at most twice a second while the diagram plays, and every frame once in sight',
    async () => {
      const { page } = await app.open();
      await settled(page, 1);
      const chart = page.locator('#chart-latency');
      const box = await chart.boundingBox();
      expect(box!.y, 'at 1440×900 the charts over time start below the fold').toBeGreaterThan(900);
      await seek(page, 0);
      await page.selectOption('#speed', '10');
      await page.getByTestId('play').click();
      /** Drawings of the latency chart (one per task that wrote to it) and frames, over `ms` of wall time. */
      const count = (ms: number) =>
        page.evaluate(
          (span) =>
            new Promise<{ drawings: number; frames: number; seconds: number }>((resolve) => {
              let drawings = 0;
              let frames = 0;
              const observer = new MutationObserver(() => (drawings += 1));
              observer.observe(document.getElementById('chart-latency')!, {
                subtree: true,
                childList: true,
                attributes: true,
                characterData: true,
              });
              const began = performance.now();
              const frame = (): void => {
                frames += 1;
                if (performance.now() - began < span) requestAnimationFrame(frame);
                else {
                  observer.disconnect();
                  resolve({ drawings, frames, seconds: (performance.now() - began) / 1000 });
                }
              };
              requestAnimationFrame(frame);
            }),
          ms,
        );
      const away = await count(2000);
      expect(away.drawings, `out of sight: ${JSON.stringify(away)}`).toBeLessThanOrEqual(
        Math.ceil(away.seconds * 2) + 1,
      );
      await chart.scrollIntoViewIfNeeded();
      const near = await count(1000);
      // The playhead moves on every frame at 10×, and so does the chart's cursor.
      expect(near.drawings, `in sight: ${JSON.stringify(near)}`).toBeGreaterThanOrEqual(near.frames - 2);
    },
    RUN_TIMEOUT_MS * 2,
  );

  test(
    'the compare view of a run is built once, and patched as its replications come in',
    async () => {
      const { page } = await app.open();
      await settled(page, 1);
      const before = await runNumber(page);
      await page.evaluate(() => {
        const w = window as unknown as { __views: Element[] };
        w.__views = [];
        // Every compare view element put on the page from now on.
        new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes)
              if (node instanceof Element && node.matches('[data-testid="compare"]')) w.__views.push(node);
        }).observe(document.getElementById('results')!, { subtree: true, childList: true });
      });
      await openFromLibrary(page, 'lessons/11-retry-storm.yaml', before + 1);
      await page.waitForSelector('[data-testid="compare"][data-complete="true"]', {
        state: 'attached',
        timeout: RUN_TIMEOUT_MS * 4,
      });
      const views = await page.evaluate(() => {
        const w = window as unknown as { __views: Element[] };
        const shown = document.querySelector('[data-testid="compare"]');
        return { built: w.__views.length, same: w.__views[0] === shown, connected: shown?.isConnected };
      });
      expect(views).toEqual({ built: 1, same: true, connected: true });
    },
    RUN_TIMEOUT_MS * 5,
  );
});
