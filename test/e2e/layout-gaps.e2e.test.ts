/**
 * The layout gaps seen at 1280×720 and on a 390×844 phone, each pinned: the phone's header in two
 * lines at most with every button still pressable; the retry storm side by side on a phone within
 * about a screen, its variants' figures seen together and its diagrams' text readable; side by side
 * at 1280×720 with the play row, the scrubber and every variant's figures in the first screen; the
 * lesson's claims one line each, opening on their detail; every figure saying whose it is: the key
 * figures on a phone, whose title has scrolled away, and the status line while another file runs
 * beside the title of the one drawn.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, settled, usePage, type Viewport } from './support/page';

const LAPTOP: Viewport = { width: 1280, height: 720 };
const PHONE: Viewport = { width: 390, height: 844 };

/** Smallest diagram text a reader is asked to read, CSS px on screen. */
const MIN_TEXT_PX = 11;

/** Top and bottom of every element matching `selector` that is shown, CSS px from the window's top. */
function spans(page: Page, selector: string): Promise<{ top: number; bottom: number; height: number }[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: r.height };
      }),
  );
}

/**
 * Each element of `selector` that is shown but cannot be pressed: scrolled into view (its own
 * scrolling row too), it is not whole within the window or something else is on its middle.
 */
function unreachable(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((e) => e.getClientRects().length > 0)
      .filter((e) => {
        e.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const whole =
          r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight;
        return !(whole && hit !== null && e.contains(hit));
      })
      .map((e) => e.textContent?.trim() || e.id),
  );
}

/**
 * The smallest diagram text shown inside the window in any diagram of the stage, CSS px (font size
 * times the SVG's scale on screen), with what it says; texts zoomed or panned out of their box are
 * not read at this view.
 */
function smallestStageText(page: Page): Promise<{ px: number; text: string; texts: number }> {
  return page.evaluate(() => {
    let px = Infinity;
    let said = '';
    let texts = 0;
    for (const svg of document.querySelectorAll<SVGSVGElement>('#stage svg.topology')) {
      const box = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
        const shown = text.getBoundingClientRect();
        if ((text.textContent ?? '').trim() === '' || shown.width === 0) continue;
        if (getComputedStyle(text).visibility === 'hidden' || text.closest('.too-small, .on-demand'))
          continue;
        if (
          shown.right < box.left ||
          shown.left > box.right ||
          shown.bottom < box.top ||
          shown.top > box.bottom
        )
          continue;
        const ctm = text.getScreenCTM();
        if (!ctm) continue;
        const size = Number.parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
        texts++;
        if (size < px) {
          px = size;
          said = text.textContent ?? '';
        }
      }
    }
    return { px, text: said, texts };
  });
}

describe('layout gaps at 1280×720 and on a phone', () => {
  const app = usePage();

  test('a phone’s header is two lines at most, and each of its buttons can be pressed', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    const header = (await spans(page, '.topbar'))[0];
    // A line is a 30 px button: three lines (as the header wrapped before) are over 100 px.
    expect(header.height, 'height of the header').toBeLessThanOrEqual(84);
    // The scenario picker shares the first line with the name.
    const [logo] = await spans(page, '.topbar .logo');
    const [picker] = await spans(page, '#library');
    expect(Math.abs(logo.top + logo.height / 2 - (picker.top + picker.height / 2))).toBeLessThan(8);
    expect(await unreachable(page, '.topbar button, .topbar select')).toEqual([]);
    // The page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  test('side by side on a phone: the variants one above the other within about a screen, readable', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    await page.getByTestId('side-by-side').click();
    await expect.poll(() => page.locator('#stage .stage-part svg.topology').count()).toBe(3);
    // Each variant's figures stand on its diagram's title line: all three read together in one window.
    await expect.poll(async () => (await spans(page, '#stage .stage-figures')).length).toBe(3);
    await expect
      .poll(() =>
        page.locator('#stage .stage-figures').evaluateAll((e) => e.every((f) => f.textContent !== '')),
      )
      .toBe(true);
    const figures = await spans(page, '#stage .stage-figures');
    const reach = Math.max(...figures.map((f) => f.bottom)) - Math.min(...figures.map((f) => f.top));
    expect(reach, 'from the first variant’s figures to the last’s').toBeLessThanOrEqual(PHONE.height - 60);
    const [stage] = await spans(page, '#stage');
    expect(stage.height, 'height of the three diagrams').toBeLessThanOrEqual(PHONE.height);
    const parts = await spans(page, '#stage .stage-part svg.topology');
    expect(Math.min(...parts.map((p) => p.height)), 'height of each diagram').toBeGreaterThanOrEqual(150);
    // Each opens at a readable size on its first boxes (the reader pans to the rest).
    await expect.poll(async () => (await smallestStageText(page)).texts).toBeGreaterThan(12);
    const text = await smallestStageText(page);
    expect(text.px, `smallest text: '${text.text}'`).toBeGreaterThanOrEqual(MIN_TEXT_PX - 0.05);
    for (const name of ['shoppers', 'edge'])
      expect(await page.locator(`#stage [data-testid="topology-node-${name}"]`).count()).toBe(3);
    // Under the diagrams, the tiles of each setup are wide enough to read, a figure in the same
    // column for every setup.
    const tiles = await page.locator('#kpis [data-testid="kpi"]').evaluateAll((elements) =>
      elements.map((e) => {
        const r = e.getBoundingClientRect();
        return { key: e.getAttribute('data-key'), left: Math.round(r.left), width: r.width };
      }),
    );
    expect(tiles.length).toBeGreaterThanOrEqual(9);
    expect(Math.min(...tiles.map((t) => t.width)), 'narrowest tile').toBeGreaterThanOrEqual(100);
    for (const key of new Set(tiles.map((t) => t.key)))
      expect(
        new Set(tiles.filter((t) => t.key === key).map((t) => t.left)).size,
        `${key} in one column`,
      ).toBe(1);
  });

  test('a drag on one diagram side by side pans the others with it', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    await page.getByTestId('side-by-side').click();
    await expect.poll(() => page.locator('#stage .stage-part svg.topology').count()).toBe(3);
    const views = () =>
      page
        .locator('#stage .stage-part svg.topology > g.zoom-root')
        .evaluateAll((roots) => roots.map((r) => r.getAttribute('transform') ?? ''));
    const svg = page.locator('#stage .stage-part svg.topology').first();
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    const before = await views();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    const after = await views();
    expect(after[0], 'the diagram dragged moved').not.toBe(before[0]);
    expect(new Set(after).size, `the three views: ${after.join(' | ')}`).toBe(1);
  });

  test('side by side, a diagram cut at its edge names what is out of view, and its button pans all of them there', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    await page.getByTestId('side-by-side').click();
    await expect.poll(() => page.locator('#stage .stage-part svg.topology').count()).toBe(3);
    const cues = (side: 'left' | 'right') =>
      page
        .locator(`#stage [data-testid="out-of-view-${side}"]`)
        .evaluateAll((buttons) => buttons.map((b) => ((b as HTMLElement).hidden ? '' : b.textContent)));
    // Each variant opens readable on its first boxes: the failing ledger is off to the right, and said so.
    expect(await cues('right')).toEqual(Array(3).fill('payments, ledger →'));
    expect(await cues('left')).toEqual(['', '', '']);
    const ledgerShown = () =>
      page.locator('#stage .stage-part').evaluateAll((parts) =>
        parts.map((part) => {
          const svg = part.querySelector('svg.topology')!.getBoundingClientRect();
          const ledger = [...part.querySelectorAll('svg.topology .node')].find(
            (n) => n.querySelector('text')?.textContent === 'ledger',
          );
          const r = ledger?.querySelector('rect.box')?.getBoundingClientRect();
          return r !== undefined && r.left >= svg.left && r.right <= svg.right;
        }),
      );
    expect(await ledgerShown()).toEqual([false, false, false]);
    await page.getByTestId('out-of-view-right').first().click();
    await expect.poll(ledgerShown).toEqual([true, true, true]);
    expect(await cues('right')).toEqual(['', '', '']);
    expect(await cues('left')).toEqual(Array(3).fill('← shoppers, edge'));
  });

  test('side by side at 1280×720: the play row, the scrubber and every variant’s figures in the first screen', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    await page.getByTestId('side-by-side').click();
    await expect.poll(() => page.locator('#stage .stage-part svg.topology').count()).toBe(3);
    await page.waitForTimeout(600);
    const firstScreen = async (selector: string) =>
      (await spans(page, selector)).map((s) => ({ selector, bottom: Math.round(s.bottom) }));
    const seen = (
      await Promise.all(
        [
          '#play',
          '#scrub',
          '#clock',
          '#step-forward',
          '#stage .stage-figures',
          '#stage .stage-part svg.topology',
        ].map(firstScreen),
      )
    ).flat();
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen.filter((s) => s.bottom > LAPTOP.height)).toEqual([]);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  });

  test('the lesson’s claims are one line each and open on their detail', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    const claims = page.getByTestId('claim');
    await expect.poll(() => claims.count()).toBeGreaterThanOrEqual(3);
    // The other seeds' verdicts redraw the list as they come: a reader on a claim's line by keyboard
    // stays on it.
    await claims.first().getByTestId('claim-line').focus();
    await expect.poll(() => page.getByTestId('claims-note').textContent()).toMatch(/on seeds \d+ to \d+\.$/);
    const focus = await page.evaluate(() => {
      const active = document.activeElement!;
      const first = document.querySelector('[data-testid="claim"]');
      return {
        line: active.getAttribute('data-testid'),
        first: active.closest('[data-testid="claim"]') === first,
      };
    });
    expect(focus).toEqual({ line: 'claim-line', first: true });
    const heights = (await spans(page, '[data-testid="claim"]')).map((c) => Math.round(c.height));
    // One line of 14 px text with its padding: a card of sentence, verdict, seeds and a disclosure
    // (as before) is over 90 px.
    expect(Math.max(...heights), `claims' heights: ${heights.join(', ')}`).toBeLessThanOrEqual(34);
    // Closed, the line keeps the sentence, a verdict mark named in words, and the seeds.
    const first = claims.first();
    expect((await first.getByTestId('claim-say').textContent())?.length).toBeGreaterThan(10);
    expect(await first.getByTestId('claim-verdict').isVisible()).toBe(false);
    await first.getByTestId('claim-line').click();
    expect(await first.getByTestId('claim-verdict').isVisible()).toBe(true);
    expect(await first.getByTestId('claim-check').isVisible()).toBe(true);
    expect((await spans(page, '[data-testid="claim"]'))[0].height).toBeGreaterThan(60);
    // And it closes again by keyboard.
    await first.getByTestId('claim-line').focus();
    await page.keyboard.press('Enter');
    expect(await first.getByTestId('claim-verdict').isVisible()).toBe(false);
  });
  test('an expanded group of the hundred services opens on its services at 11 px or more at 1280 wide', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    await openFromLibrary(page, 'lessons/24-large-mesh.yaml', 2);
    const part = page.locator('#stage .stage-part').first();
    await part.locator('[data-testid="topology-group-search"]').waitFor({ timeout: 30_000 });
    await part.locator('[data-testid="topology-group-search"]').click();
    await part.locator('g.node[data-id="search-index"]').waitFor();
    await expect.poll(async () => (await smallestStageText(page)).texts).toBeGreaterThan(10);
    const text = await smallestStageText(page);
    expect(text.px, `smallest text: '${text.text}'`).toBeGreaterThanOrEqual(MIN_TEXT_PX - 0.05);
    // The view is on the group: its services' boxes are on the stage, with some neighbours around.
    const shown = await page.evaluate(() => {
      const stage = document.querySelector('#stage svg.topology')!.getBoundingClientRect();
      const inside = (e: Element) => {
        const r = e.getBoundingClientRect();
        return (
          r.left >= stage.left - 1 &&
          r.right <= stage.right + 1 &&
          r.top >= stage.top - 1 &&
          r.bottom <= stage.bottom + 1
        );
      };
      const members = [...document.querySelectorAll('#stage g.node:not(.group)')].filter((n) =>
        (n.getAttribute('data-id') ?? '').startsWith('search-'),
      );
      return {
        members: members.filter((n) => inside(n.querySelector('rect.box')!)).length,
        neighbours: [...document.querySelectorAll('#stage g.node.group')].filter((n) => {
          const r = n.getBoundingClientRect();
          return r.right > stage.left && r.left < stage.right && r.bottom > stage.top && r.top < stage.bottom;
        }).length,
      };
    });
    expect(shown.members, 'search services whole on the stage').toBeGreaterThanOrEqual(3);
    expect(shown.neighbours, 'folded groups around it').toBeGreaterThanOrEqual(1);
    // A double click shows the whole diagram again.
    await page.locator('#stage svg.topology').first().dblclick();
    await expect
      .poll(() => page.locator('#stage svg.topology > g.zoom-root').first().getAttribute('transform'))
      .toMatch(/scale\(1\)$/);
  });
  test('on a phone no edge of the hundred services passes behind a box', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    await openFromLibrary(page, 'lessons/24-large-mesh.yaml', 2);
    await page.locator('#stage [data-testid="topology-group-search"]').first().waitFor({ timeout: 30_000 });
    // Each drawn edge line sampled along its length, on screen, against every box but its two ends'.
    const crossings = await page.evaluate(() => {
      const found = new Set<string>();
      const svg = document.querySelector<SVGSVGElement>('#stage svg.topology')!;
      const boxes = [...svg.querySelectorAll('g.node')].map((n) => ({
        id: n.getAttribute('data-id') ?? '',
        rect: n.querySelector('rect.box')!.getBoundingClientRect(),
      }));
      for (const edge of svg.querySelectorAll('g.edge')) {
        const ends = [edge.getAttribute('data-from'), edge.getAttribute('data-to')];
        const line = edge.querySelector<SVGPathElement>('path.edge-line');
        const m = line?.getScreenCTM();
        if (!line || !m) continue;
        const length = line.getTotalLength();
        for (let i = 1; i < 80; i++) {
          const p = line.getPointAtLength((length * i) / 80);
          const x = m.a * p.x + m.c * p.y + m.e;
          const y = m.b * p.x + m.d * p.y + m.f;
          for (const { id, rect } of boxes) {
            if (ends.includes(id)) continue;
            if (x > rect.left + 1 && x < rect.right - 1 && y > rect.top + 1 && y < rect.bottom - 1)
              found.add(`${ends.join('->')} behind ${id}`);
          }
        }
      }
      return { found: [...found], edges: svg.querySelectorAll('g.edge path.edge-line').length };
    });
    expect(crossings.edges).toBeGreaterThan(20);
    expect(crossings.found).toEqual([]);
  });
  test('on a phone the key figures name the scenario and setup they are of, and the moment', async () => {
    const { page } = await app.open(PHONE);
    await settled(page);
    const title = (await page.getByTestId('scenario-name').textContent()) ?? '';
    // The page's title scrolled away: the caption over the tiles says whose they are by itself.
    await page.getByTestId('kpis').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('kpi-caption').textContent()).toBe(`Key figures of “${title}” · whole run`);
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    const storm = (await page.getByTestId('scenario-name').textContent()) ?? '';
    await page.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
    const variant = (await page.getByTestId('kpi-variant').textContent()) ?? '';
    expect(variant).not.toBe('');
    expect(await page.getByTestId('kpi-caption').textContent()).toBe(
      `Key figures of “${storm}”, ${variant} · whole run`,
    );
  });

  test('while another file runs, the status line beside the drawn one’s title names the file opening', async () => {
    const { page } = await app.open(LAPTOP);
    await settled(page);
    const drawn = (await page.getByTestId('scenario-name').textContent()) ?? '';
    const long = [
      'name: A long shop',
      'duration: 20m',
      'clients: [ { id: c, target: s, arrival: { rate: 400 } } ]',
      'services: [ { id: s, serviceTime: 2ms, concurrency: 4 } ]',
      '',
    ].join('\n');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('open-file').click(),
    ]);
    await chooser.setFiles({ name: 'long.yaml', mimeType: 'application/yaml', buffer: Buffer.from(long) });
    await page.waitForFunction(() =>
      /^Running: .* simulated/.test(document.getElementById('status')!.textContent!),
    );
    // The title and the figures are still the drawn file's; the line under the title says what runs.
    expect(await page.getByTestId('scenario-name').textContent()).toBe(drawn);
    await expect
      .poll(() => page.getByTestId('status').textContent())
      .toMatch(/^Running: .* · opening “A long shop”$/);
    await page.getByTestId('stop').click();
    expect((await settled(page, 2)).state).toBe('stopped');
  });
});
