/**
 * The diagram's text as the reader sees it: at 1280 wide and up, every text drawn on the diagram
 * (boxes, badges, group names, edge figures) is at least 11 px on screen, a single diagram or the
 * variants side by side, a three-box lesson or the hundred services; on a phone the default
 * scenario's edges show their figures, at 11 px or more, without a tap.
 *
 * Sizes are measured as rendered: a text's computed font size times the scale its SVG is drawn at
 * (`getScreenCTM`), so that a diagram shrunk to fit its box counts as small as it looks.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, settled, usePage, type Viewport } from './support/page';

const LAPTOP: Viewport = { width: 1280, height: 720 };
const DESKTOP: Viewport = { width: 1440, height: 900 };
const PHONE: Viewport = { width: 390, height: 844 };

/** Smallest diagram text a reader is asked to read, CSS px on screen (the rounding of a hundredth kept). */
const MIN_TEXT_PX = 11 - 0.05;

/** One diagram text shown on screen: what it says, its size in CSS px, whether it is an edge's figure. */
interface ShownText {
  readonly text: string;
  readonly px: number;
  readonly edge: boolean;
  /** Drawn in a collapsed group's box (its name, its count, its figures). */
  readonly group: boolean;
}

/**
 * Every text of the stage's diagrams that is drawn and at least partly inside its diagram's box on
 * screen (a text panned or zoomed out of the box is not seen at this view), with its size on screen.
 */
function shownTexts(page: Page): Promise<ShownText[]> {
  return page.evaluate(() => {
    const found: { text: string; px: number; edge: boolean; group: boolean }[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>('#stage svg.topology')) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue;
      for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
        const said = (text.textContent ?? '').trim();
        if (said === '' || text.getClientRects().length === 0) continue;
        const style = getComputedStyle(text);
        if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
        const shown = text.getBoundingClientRect();
        if (shown.width === 0 || shown.height === 0) continue;
        if (
          shown.right <= box.left ||
          shown.left >= box.right ||
          shown.bottom <= box.top ||
          shown.top >= box.bottom
        )
          continue;
        const ctm = text.getScreenCTM();
        if (!ctm) continue;
        const px = Number.parseFloat(style.fontSize) * Math.hypot(ctm.a, ctm.b);
        found.push({
          text: said,
          px,
          edge: text.closest('.edge-label') !== null,
          group: text.closest('.node.group') !== null,
        });
      }
    }
    return found;
  });
}

/** The smallest of `texts`, described for a failure message. */
function smallest(texts: readonly ShownText[]): { px: number; says: string } {
  const least = texts.reduce((a, b) => (b.px < a.px ? b : a));
  return { px: least.px, says: `${least.px.toFixed(2)} px: '${least.text}' of ${texts.length} texts` };
}

/** Waits until the stage's diagrams show at least `least` texts with their figures, and returns them. */
async function textsOnceDrawn(page: Page, least: number): Promise<ShownText[]> {
  await expect
    .poll(async () => (await shownTexts(page)).filter((t) => /\d/.test(t.text)).length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(least);
  // A frame more, for the figures written on the slice after the first.
  await page.waitForTimeout(300);
  return shownTexts(page);
}

/** Asserts every diagram text shown is readable, and that edge figures are among them. */
async function expectReadable(page: Page, least: number): Promise<void> {
  const texts = await textsOnceDrawn(page, least);
  expect(texts.length).toBeGreaterThanOrEqual(least);
  expect(
    texts.some((t) => t.edge),
    'edge figures shown',
  ).toBe(true);
  const { px, says } = smallest(texts);
  expect(px, `smallest diagram text: ${says}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
}

describe('the diagram’s text is 11 px or more on screen', () => {
  const app = usePage();

  for (const viewport of [LAPTOP, DESKTOP]) {
    const size = `${viewport.width}×${viewport.height}`;

    test(`the default scenario, and the retry storm alone and side by side, at ${size}`, async () => {
      const { page } = await app.open(viewport);
      await settled(page);
      await expectReadable(page, 6);
      await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
      await expectReadable(page, 6);
      await page.getByTestId('side-by-side').click();
      await expect.poll(() => page.locator('#stage .stage-part svg.topology').count()).toBe(3);
      await expectReadable(page, 12);
      // Each diagram still names its variant, above its own drawing.
      const names = await page.locator('#stage .stage-part .stage-name').allTextContents();
      expect(names.length).toBe(3);
      expect(new Set(names).size).toBe(3);
    });

    test(`the hundred services’ map and the mesh profiles at ${size}`, async () => {
      const { page } = await app.open(viewport);
      await settled(page);
      await openFromLibrary(page, 'lessons/21-mesh-profiles.yaml', 2);
      await expectReadable(page, 3);
      await openFromLibrary(page, 'lessons/24-large-mesh.yaml', 3);
      await page.locator('#stage [data-testid="topology-group-search"]').first().waitFor({ timeout: 30_000 });
      // The whole map of ten groups: every text on it, its edge figures, its groups' names, counts
      // and figures, and the client's and the gateway's boxes beside them.
      const texts = await textsOnceDrawn(page, 6);
      expect(
        texts.some((t) => t.edge),
        'edge figures shown',
      ).toBe(true);
      expect(texts.filter((t) => t.group).length).toBeGreaterThanOrEqual(30);
      const plain = texts.filter((t) => !t.edge && !t.group).map((t) => t.text);
      expect(plain, 'the client’s and the gateway’s names').toEqual(
        expect.arrayContaining(['users', 'ingress']),
      );
      const { px, says } = smallest(texts);
      expect(px, `smallest diagram text: ${says}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    });
  }

  test('on a phone the default scenario’s edges show their figures at 11 px or more', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    await expect
      .poll(async () => (await shownTexts(page)).filter((t) => t.edge && /\d/.test(t.text)).length, {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(2);
    const texts = await shownTexts(page);
    const edges = texts.filter((t) => t.edge);
    const { px, says } = smallest(edges);
    expect(px, `smallest edge figure: ${says}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    // And the rest of the diagram's text with them, here and in the two large lessons.
    const all = smallest(texts);
    expect(all.px, `smallest diagram text: ${all.says}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    for (const [file, run] of [
      ['lessons/24-large-mesh.yaml', 2],
      ['lessons/21-mesh-profiles.yaml', 3],
    ] as const) {
      await openFromLibrary(page, file, run);
      const { px: least, says: what } = smallest(await textsOnceDrawn(page, 3));
      expect(least, `${file}: smallest diagram text: ${what}`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    }
  });
});
