/**
 * The key-figure tiles in a real browser: they belong to the variant the diagram draws, name it, and
 * hold that variant's figures (the model's, computed here in Node on the same seed); switching the
 * variant changes them; side by side shows a row per variant; during playback they show the figures
 * up to the playhead, and at the end the whole run's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keyFigureValues, resolveKeyFigures } from '../../src/report/key-figures';
import { runFile } from '../../src/model/run';
import { loadScenario } from '../../src/scenario/index';
import { openFromLibrary, root, seek, settled, usePage } from './support/page';
import { tiles } from './support/readouts';

/** Each variant's key figures by key, as the model computes them for the lesson's own seed. */
function expectedFigures(lesson: string): { names: string[]; values: Map<string, number>[] } {
  const text = readFileSync(join(root, 'scenarios', lesson), 'utf8');
  const loaded = loadScenario(text, lesson);
  if (!loaded.ok) throw new Error(`${lesson} does not load`);
  const figures = resolveKeyFigures(loaded.file.base.keyFigures);
  const report = runFile(loaded.file);
  return {
    names: report.variants.map((v) => v.name),
    values: report.variants.map(
      (v) => new Map(keyFigureValues(figures, v).map((x, i) => [figures[i].key, x] as const)),
    ),
  };
}

/** Waits for the tiles to show the whole run (the playhead at the end). */
async function wholeRun(page: Page): Promise<void> {
  await seek(page, Number.MAX_SAFE_INTEGER);
  await page.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
}

describe('the key-figure tiles', () => {
  const app = usePage();

  for (const lesson of [
    'lessons/11-retry-storm.yaml',
    'lessons/03-rate-limiting.yaml',
    'lessons/14-circuit-breaking.yaml',
    'lessons/19-gateway-vs-mesh.yaml',
  ]) {
    test(`${lesson}: the tiles name the variant drawn and hold its figures; switching changes them`, async () => {
      const session = await app.open();
      const { page } = session;
      await settled(page);
      expect((await openFromLibrary(page, lesson, 2)).state).toBe('done');
      const expected = expectedFigures(lesson);
      await page.getByTestId(`variant-${expected.names.length - 1}`).waitFor();
      // The diagram starts on the first variant: so do the tiles, whatever the file's last variant is.
      await wholeRun(page);
      for (const [i, name] of expected.names.entries()) {
        await page.getByTestId(`variant-${i}`).click();
        await expect.poll(() => page.getByTestId('kpi-variant').textContent()).toBe(name);
        await wholeRun(page);
        const shown = await tiles(page);
        expect(shown.length, `${name}: tiles drawn`).toBeGreaterThanOrEqual(3);
        for (const tile of shown) {
          expect(tile.variant).toBe(name);
          const want = expected.values[i].get(tile.key);
          expect(want, `${name}: a tile for ${tile.key}, which the model does not have`).toBeDefined();
          if (Number.isNaN(want)) expect(tile.whole).toBeNaN();
          else expect(tile.whole, `${name} ${tile.key}`).toBe(want);
          // At the end of the playback the tile shows the whole run.
          expect(Object.is(tile.value, tile.whole) || tile.value === tile.whole).toBe(true);
        }
      }
      // Two variants whose tiles read the same on every figure would not show a switch: these differ.
      const first = expected.values[0];
      const last = expected.values[expected.names.length - 1];
      expect([...first.keys()].some((k) => first.get(k) !== last.get(k))).toBe(true);
    });
  }

  test('side by side: one row of tiles per variant, in the order of the diagrams', async () => {
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2)).state).toBe('done');
    await page.getByTestId('side-by-side').click();
    await page.locator('[data-testid="topology"] .stage-part').nth(2).waitFor();
    const diagrams = await page
      .locator('[data-testid="topology"] .stage-name')
      .evaluateAll((titles) => titles.map((t) => t.textContent));
    await expect
      .poll(() => page.getByTestId('kpi-row-name').evaluateAll((rows) => rows.map((r) => r.textContent)))
      .toEqual(diagrams);
    expect(diagrams).toEqual(['every-hop', 'one-hop', 'budget']);
    // Each row is its variant's: the ledger's calls per request differ by an order of magnitude.
    await wholeRun(page);
    const perRequest = (await tiles(page)).filter((t) => t.key.startsWith('components.ledger.served'));
    expect(perRequest.map((t) => t.variant)).toEqual(diagrams);
    expect(perRequest[0].whole).toBeGreaterThan(24);
    expect(perRequest[1].whole).toBeLessThan(3.05);
  });

  test('during playback a tile shows the figure up to the playhead, and the whole run beside it', async () => {
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2)).state).toBe('done');
    // The ledger dies at 6 s, when the warmup ends: at 7 s a second of the storm is measured.
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLInputElement>('#scrub')?.value) > 7500,
      undefined,
      {
        timeout: 20_000,
      },
    );
    await seek(page, 7000);
    await page.waitForSelector('[data-testid="kpis"][data-moment="playhead"]', { state: 'attached' });
    await expect
      .poll(() => page.getByTestId('kpi-caption').textContent())
      .toMatch(/every-hop · up to 00:07\.0 of 00:16\.0/);
    const early = await tiles(page);
    const p99 = early.find((t) => t.key === 'p99')!;
    expect(p99.value).toBeLessThan(p99.whole);
    expect(await page.locator('[data-testid="kpi"] .kpi-whole').first().textContent()).toMatch(/^whole run /);
    // A new moment rewrites the tiles' texts in place: the tiles themselves stay (a tile built anew on
    // every animation frame costs the page a relayout of all of them).
    await page.evaluate(() => {
      const tile = document.querySelector('[data-testid="kpi"][data-key="p99"]');
      if (tile) (tile as unknown as { __kept: boolean }).__kept = true;
    });
    await seek(page, 9000);
    await expect
      .poll(() => page.getByTestId('kpi-caption').textContent())
      .toMatch(/up to 00:09\.0 of 00:16\.0/);
    const later = await tiles(page);
    expect(later.find((t) => t.key === 'p99')!.value).not.toBe(p99.value);
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('[data-testid="kpi"][data-key="p99"]') as unknown as { __kept?: boolean })
            ?.__kept,
      ),
    ).toBe(true);
    // Before the warmup ends nothing is measured: no value, and the caption says why.
    await seek(page, 3000);
    await expect
      .poll(() => page.getByTestId('kpi-caption').textContent())
      .toMatch(/warming up until 00:06\.0/);
    expect((await tiles(page)).every((t) => Number.isNaN(t.value))).toBe(true);
  });
});
