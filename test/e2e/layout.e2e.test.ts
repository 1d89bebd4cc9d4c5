/**
 * The page fits every screen: nothing covers anything at 1440×900, 1280×720 or a 390×844 phone; at
 * 1280×720 the key figures, the diagram and the play row are in the first screen; the diagram fills
 * its stage with text a reader can read (never under 11 px at 1280 wide, with the Results or Trace
 * panel open too); a phone stacks the page in one column with a tall diagram and every variant,
 * "Side by side", tab and playback control within reach.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  openFromLibrary,
  replicationsSettled,
  runEdited,
  settled,
  usePage,
  type Viewport,
} from './support/page';

const DESKTOP: Viewport = { width: 1440, height: 900 };
const LAPTOP: Viewport = { width: 1280, height: 720 };
const PHONE: Viewport = { width: 390, height: 844 };

/** Smallest diagram text, CSS px on screen, at 1280 wide. */
const MIN_TEXT_PX = 11;

/** Five boxes in a row: a client, the gateway and three services, each calling the next. */
const CHAIN_OF_FIVE = `name: A chain of five
duration: 20s
clients:
  - id: shoppers
    arrival: { process: poisson, rate: 50 }
gateway:
  id: edge
  routes:
    - { id: all, match: { prefix: / }, service: storefront }
services:
  - id: storefront
    instances: 2
    serviceTime: 2ms
    calls: [{ service: checkout }]
  - id: checkout
    instances: 2
    serviceTime: 2ms
    calls: [{ service: payments }]
  - id: payments
    instances: 2
    serviceTime: 2ms
`;

/** The parts of the page a reader looks at or presses, by selector; each must show whole where it is. */
const REGIONS = [
  '.topbar',
  '.topology-card .card-head',
  '#stage',
  '#legend',
  '.topology-card .controls',
  '#kpis',
  '.side [role="tablist"]',
  '.side',
  '.charts .chart',
];

/**
 * Every point of a grid over each element of `REGIONS` (after scrolling it into view) whose topmost
 * element is not that element or inside it: `where: what covers it`. Empty when nothing covers anything.
 */
function coveredPoints(page: Page): Promise<string[]> {
  return page.evaluate(async (selectors) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const name = (e: Element | null) =>
      e === null
        ? 'nothing'
        : `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}`;
    const found: string[] = [];
    for (const selector of selectors) {
      const elements = [...document.querySelectorAll(selector)];
      if (elements.length === 0) found.push(`${selector}: not on the page`);
      for (const [index, element] of elements.entries()) {
        if (element.getClientRects().length === 0) continue;
        const height = element.getBoundingClientRect().height;
        // A region taller than the window is looked at in window-high slices, top to bottom.
        for (let top = 0; top < height; top += window.innerHeight * 0.8) {
          element.scrollIntoView({ block: 'start', inline: 'nearest' });
          window.scrollBy(0, top - 4);
          await frame();
          const box = element.getBoundingClientRect();
          // Inset past the cards' rounded corners (12 px radius), which are not theirs to hit.
          const y0 = Math.max(box.top, 0) + 6;
          const y1 = Math.min(box.bottom, window.innerHeight) - 6;
          const x0 = Math.max(box.left, 0) + 6;
          const x1 = Math.min(box.right, window.innerWidth) - 6;
          if (y1 <= y0 || x1 <= x0) continue;
          for (let i = 0; i <= 6; i++) {
            for (let j = 0; j <= 5; j++) {
              const x = x0 + ((x1 - x0) * i) / 6;
              const y = y0 + ((y1 - y0) * j) / 5;
              const hit = document.elementFromPoint(x, y);
              if (hit === null || !element.contains(hit))
                found.push(`${selector}[${index}] at (${Math.round(x)}, ${Math.round(y)}): ${name(hit)}`);
            }
          }
        }
      }
    }
    window.scrollTo(0, 0);
    return found;
  }, REGIONS);
}

/** Where an element is on the screen, CSS px. */
interface Box {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  readonly width: number;
  readonly height: number;
}

function boxOf(page: Page, selector: string): Promise<Box> {
  return page
    .locator(selector)
    .first()
    .evaluate((e) => {
      const { top, bottom, left, right, width, height } = e.getBoundingClientRect();
      return { top, bottom, left, right, width, height };
    });
}

/** What the diagram draws on screen: its SVG's box, the boxes' extent, and its smallest shown text. */
interface DiagramMeasure {
  readonly svg: Box;
  /** The union of the boxes drawn (clients, gateway, services), CSS px. */
  readonly drawn: Box;
  /** The smallest text shown, CSS px (font size × the SVG's scale on screen), with what it says. */
  readonly smallestPx: number;
  readonly smallestText: string;
  readonly texts: number;
}

function measureDiagram(page: Page, within = '#stage'): Promise<DiagramMeasure> {
  return page.evaluate((host) => {
    const svg = document.querySelector<SVGSVGElement>(`${host} svg.topology`);
    if (!svg) throw new Error('no diagram drawn');
    const box = (r: DOMRect) => ({
      top: r.top,
      bottom: r.bottom,
      left: r.left,
      right: r.right,
      width: r.width,
      height: r.height,
    });
    const stage = svg.getBoundingClientRect();
    let left = Infinity;
    let right = -Infinity;
    let top = Infinity;
    let bottom = -Infinity;
    for (const rect of svg.querySelectorAll('.node > rect.box')) {
      const r = rect.getBoundingClientRect();
      left = Math.min(left, r.left);
      right = Math.max(right, r.right);
      top = Math.min(top, r.top);
      bottom = Math.max(bottom, r.bottom);
    }
    let smallestPx = Infinity;
    let smallestText = '';
    let texts = 0;
    for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
      const shown = text.getBoundingClientRect();
      if ((text.textContent ?? '').trim() === '' || shown.width === 0 || shown.height === 0) continue;
      // Text outside the stage (zoomed or panned away) is not read at this fit.
      if (
        shown.right < stage.left ||
        shown.left > stage.right ||
        shown.bottom < stage.top ||
        shown.top > stage.bottom
      )
        continue;
      const ctm = text.getScreenCTM();
      if (!ctm) continue;
      const px = Number.parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
      texts++;
      if (px < smallestPx) {
        smallestPx = px;
        smallestText = text.textContent ?? '';
      }
    }
    return {
      svg: box(stage),
      drawn: { top, bottom, left, right, width: right - left, height: bottom - top },
      smallestPx,
      smallestText,
      texts,
    };
  }, within);
}

describe('layout', () => {
  const app = usePage();

  for (const viewport of [DESKTOP, LAPTOP, PHONE]) {
    test(`nothing covers anything at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = await app.open(viewport);
      await settled(page);
      expect(await coveredPoints(page)).toEqual([]);
      // The widest side panel (a trace) and the retry storm side by side, with its three rows of tiles.
      await page.getByTestId('tab-trace').click();
      expect(await coveredPoints(page)).toEqual([]);
      await page.getByTestId('tab-lesson').click();
      await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
      await replicationsSettled(page);
      await page.getByTestId('side-by-side').click();
      expect(await coveredPoints(page)).toEqual([]);
    });
  }

  test('at 1280×720 the key figures, the diagram and the play row are in the first screen', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    const inFirstScreen = async (selector: string) => {
      const box = await boxOf(page, selector);
      return {
        selector,
        top: Math.round(box.top),
        bottom: Math.round(box.bottom),
        fits: box.bottom <= LAPTOP.height,
      };
    };
    const seen = await Promise.all(
      ['.topology-card .card-head', '#stage svg.topology', '#play', '#scrub', '#clock', '#kpis'].map(
        inFirstScreen,
      ),
    );
    expect(seen.filter((s) => !s.fits)).toEqual([]);
    // The key to the diagram is one line, not a block that pushes the play row down.
    const legend = await boxOf(page, '#legend');
    expect(legend.height).toBeLessThanOrEqual(40);
    // The header is one line.
    expect((await boxOf(page, '.topbar')).height).toBeLessThanOrEqual(56);
  });

  test('a chain of five fills the stage with text of 11 px or more at 1280 wide, Results or Trace open too', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    await runEdited(page, CHAIN_OF_FIVE);
    await page.getByTestId('tab-lesson').click();
    const chain = await measureDiagram(page);
    expect(chain.drawn.width / chain.svg.width, 'share of the stage width the boxes span').toBeGreaterThan(
      0.85,
    );
    expect(chain.smallestPx, `smallest text: '${chain.smallestText}'`).toBeGreaterThanOrEqual(
      MIN_TEXT_PX - 0.05,
    );
    for (const tab of ['tab-results', 'tab-trace']) {
      await page.getByTestId(tab).click();
      await page.waitForTimeout(400);
      const open = await measureDiagram(page);
      expect(open.smallestPx, `${tab}: smallest text '${open.smallestText}'`).toBeGreaterThanOrEqual(
        MIN_TEXT_PX - 0.05,
      );
      expect(open.drawn.width / open.svg.width, `${tab}: share of the stage width`).toBeGreaterThan(0.85);
    }
    // At 1440 wide a trace widens the side panel: the diagram is laid out again for its narrower stage.
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('tab-lesson').click();
    await page.waitForTimeout(800);
    const before = await measureDiagram(page);
    await page.getByTestId('tab-trace').click();
    await page.waitForTimeout(800);
    const narrower = await measureDiagram(page);
    expect(narrower.svg.width).toBeLessThan(before.svg.width - 40);
    expect(narrower.drawn.width / narrower.svg.width, 'share of the narrower stage').toBeGreaterThan(0.85);
    expect(narrower.smallestPx, `smallest text '${narrower.smallestText}'`).toBeGreaterThanOrEqual(
      MIN_TEXT_PX - 0.05,
    );
  });

  test('the default scenario’s diagram has no text under 11 px at 1280×720', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    // The boxes' figure lines are empty until the playback's first frame is drawn.
    await expect.poll(async () => (await measureDiagram(page)).texts).toBeGreaterThan(8);
    const diagram = await measureDiagram(page);
    expect(diagram.smallestPx, `smallest text: '${diagram.smallestText}'`).toBeGreaterThanOrEqual(
      MIN_TEXT_PX - 0.05,
    );
  });

  test('a phone stacks the page, draws a tall readable diagram and reaches every control', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    // One column: every card starts at the same left edge and none is wider than the window.
    const cards = await page
      .locator('.topology-card, #kpis, .side, .charts')
      .evaluateAll((elements) =>
        elements.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]),
      );
    expect(new Set(cards.map(([left]) => Math.round(left))).size).toBe(1);
    expect(Math.max(...cards.map(([, right]) => right))).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const diagram = await measureDiagram(page);
    expect(diagram.svg.height).toBeGreaterThanOrEqual(300);
    // Read top to bottom, the whole diagram fits the phone's width: no box is cut off at its edge.
    expect(diagram.drawn.height, 'height of the boxes drawn').toBeGreaterThan(diagram.drawn.width);
    expect(diagram.drawn.left).toBeGreaterThanOrEqual(diagram.svg.left);
    expect(diagram.drawn.right).toBeLessThanOrEqual(diagram.svg.right);
    expect(diagram.smallestPx, `smallest text: '${diagram.smallestText}'`).toBeGreaterThanOrEqual(
      MIN_TEXT_PX - 0.05,
    );

    // Every variant and "Side by side" can be seen whole and pressed. The storm's four replications
    // are let in first: while they come in, every step of this test waits on them.
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    await replicationsSettled(page);
    const segments = page.locator('#variant-switch .segment');
    expect(await segments.count()).toBe(4);
    const reachable = (selector: string) =>
      page.locator(selector).evaluateAll((elements) =>
        elements
          .filter((e) => e.getClientRects().length > 0)
          .map((e) => {
            e.scrollIntoView({ block: 'center', inline: 'nearest' });
            const r = e.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            const whole = r.left >= 0 && r.right <= window.innerWidth;
            return {
              what: e.textContent?.trim() || e.id,
              pressable: whole && hit !== null && e.contains(hit),
            };
          })
          .filter((e) => !e.pressable),
      );
    expect(await reachable('#variant-switch .segment')).toEqual([]);
    expect(await reachable('[role="tab"]')).toEqual([]);
    expect(
      await reachable('.topology-card .controls button, .topology-card .controls select, #scrub'),
    ).toEqual([]);
    expect(await reachable('.topbar button, .topbar select')).toEqual([]);
    await page.getByTestId('side-by-side').click();
    await expect.poll(() => page.locator('#stage .stage-part').count()).toBe(3);
    const parts = await page
      .locator('#stage .stage-part svg.topology')
      .evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().height));
    expect(Math.min(...parts), 'height of each diagram side by side').toBeGreaterThanOrEqual(150);
  });
});
