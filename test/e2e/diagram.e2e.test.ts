/**
 * The diagram carries the lesson's numbers: every edge labelled with its calls/s, error share and
 * p99, for a window it names (the last second before the playhead, or the whole run, which must be
 * the report's figures exactly); each box its calls per client request; nothing that carries nothing
 * (a gateway with no overhead never reads `busy 0%`); labels clear of boxes and of each other.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { Report } from '../../src/report/report';
import { openFromLibrary, root, settled, usePage } from './support/page';
import { showWholeRunEdgeLabels } from './support/readouts';

/** What a label says, from its data attributes. */
interface LabelData {
  readonly variant: number;
  readonly from: string;
  readonly to: string;
  readonly window: string;
  readonly rps: number;
  readonly errorShare: number;
  readonly onDemand: boolean;
}

/** The run's report, through the page's read-only test hook. */
function report(page: Page): Promise<Report> {
  return page.evaluate(() => (window as unknown as { meshsim: { report(): Report } }).meshsim.report());
}

/** Every edge label on the stage, with the variant of the diagram it is in. */
function labels(page: Page): Promise<LabelData[]> {
  return page.locator('#stage [data-testid^="edge-label-"]').evaluateAll((elements) =>
    elements.map((element) => {
      const e = element as SVGGElement;
      const part = e.closest('.stage-part');
      return {
        variant: Number(part?.getAttribute('data-variant') ?? 0),
        from: e.dataset.from ?? '',
        to: e.dataset.to ?? '',
        window: e.dataset.window ?? '',
        rps: Number(e.dataset.rps),
        errorShare: Number(e.dataset.errorShare),
        onDemand: e.classList.contains('on-demand'),
      };
    }),
  );
}

/** Shows every variant side by side (when there are several) with the whole run's edge figures. */
async function wholeRunSideBySide(page: Page, variants: number): Promise<void> {
  if (variants > 1) await page.getByTestId('side-by-side').click();
  await showWholeRunEdgeLabels(page);
}

/** Asserts each drawn variant's whole-run labels are the report's per-edge rates and error shares. */
async function expectLabelsEqualReport(page: Page): Promise<void> {
  const run = await report(page);
  const shown = await labels(page);
  const drawn = new Set(shown.map((l) => l.variant));
  expect(drawn.size).toBe(Math.min(run.variants.length, 4));
  for (const label of shown) {
    const variant = run.variants[label.variant];
    const edge = variant.edges.find((e) => e.from === label.from && e.to === label.to);
    expect(edge, `${variant.name}: the report has the edge ${label.from} -> ${label.to}`).toBeDefined();
    expect(label.window).toBe('run');
    expect(label.rps, `${variant.name} ${label.from} -> ${label.to} calls/s`).toBe(edge!.rps);
    expect(label.errorShare, `${variant.name} ${label.from} -> ${label.to} error share`).toBe(
      edge!.errorShare,
    );
  }
  // Every edge of every drawn variant is labelled.
  for (const index of drawn) {
    const edges = run.variants[index].edges;
    expect(shown.filter((l) => l.variant === index)).toHaveLength(edges.length);
  }
  await expect.poll(() => page.getByTestId('edge-window-caption').textContent()).toMatch(/^Edges: whole run/);
}

/** Placed labels cut off at the diagram's edge, and pairs of labels, or labels and boxes, that overlap on screen. */
function collisions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rect = (e: Element) => e.getBoundingClientRect();
    const overlap = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const out: string[] = [];
    for (const part of document.querySelectorAll('#stage .topology-stage')) {
      const pills = [...part.querySelectorAll('.edge-label:not(.on-demand) .edge-label-pill')];
      const boxes = [...part.querySelectorAll('.node .box')];
      const area = rect(part.querySelector('svg.topology')!);
      pills.forEach((pill, i) => {
        const name = pill.parentElement?.getAttribute('data-testid') ?? '';
        const r = rect(pill);
        if (
          r.left < area.left - 1 ||
          r.right > area.right + 1 ||
          r.top < area.top - 1 ||
          r.bottom > area.bottom + 1
        )
          out.push(`${name} is cut off at the diagram's edge`);
        for (const box of boxes)
          if (overlap(rect(pill), rect(box)))
            out.push(`${name} covers ${box.parentElement?.getAttribute('data-id')}`);
        for (const other of pills.slice(i + 1))
          if (overlap(rect(pill), rect(other)))
            out.push(`${name} covers ${other.parentElement?.getAttribute('data-testid')}`);
      });
    }
    return out;
  });
}

describe('the diagram carries the numbers', () => {
  const app = usePage();

  test('retry storm: live labels name their window; whole-run labels are the report’s; the ledger reads ×26', async () => {
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2)).state).toBe('done');

    // Live: the last second before the playhead, said in the caption and on every label.
    await page.waitForSelector('#stage [data-testid^="edge-label-"][data-window="live"]', {
      state: 'attached',
      timeout: 20_000,
    });
    await expect
      .poll(() => page.getByTestId('edge-window-caption').textContent())
      .toMatch(/^Edges: last (1|0\.\d+) s of simulated time \(\d+\.\d s to \d+\.\d s\)$/);

    // The gateway forwards at no cost: its line says so, never `busy 0%`.
    const gatewayStats = await page.locator('[data-testid="topology-node-edge"] .stats').textContent();
    expect(gatewayStats).not.toMatch(/busy 0\s?%/);
    expect(gatewayStats).toBe('no cost modelled');

    // The legend says what a dot stands for: of 80 requests a second of five tries each,
    // TRACED_TRIES_PER_SECOND (120) tries' worth are traced, 0.3 of the requests.
    await expect.poll(() => page.getByTestId('legend-dots').textContent()).toMatch(/1 in 3 requests/);

    await wholeRunSideBySide(page, 3);
    await expectLabelsEqualReport(page);

    const run = await report(page);
    const everyHop = run.variants[0];
    const ledger = page.locator(
      '.stage-part[data-variant="0"] [data-testid="topology-node-ledger"] [data-testid="per-request"]',
    );
    const perRequest = Number(await ledger.getAttribute('data-per-request'));
    expect(perRequest).toBe(everyHop.components.ledger.served / everyHop.requests.generated);
    expect(perRequest).toBeGreaterThan(25.5);
    expect(perRequest).toBeLessThanOrEqual(27);
    expect(await ledger.locator('text').textContent()).toMatch(/^×2[67]\/req$/);
    // Retrying at one hop: exactly 3 ledger calls per request, and nothing shown near ×1 upstream.
    const oneHop = page.locator('.stage-part[data-variant="1"]');
    expect(
      await oneHop
        .locator('[data-testid="topology-node-ledger"] [data-testid="per-request"] text')
        .textContent(),
    ).toBe('×3/req');
    expect(
      await oneHop
        .locator('[data-testid="topology-node-checkout"] [data-testid="per-request"]')
        .getAttribute('class'),
    ).toContain('empty');

    expect(await collisions(page)).toEqual([]);
    await mkdir(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results', 'e2e-diagram-retry-storm.png') });

    // On a smaller screen, drawn again side by side: still clear of boxes and of each other.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('variant-0').click();
    await page.getByTestId('side-by-side').click();
    await page.waitForFunction(
      () => document.querySelectorAll('#stage [data-testid^="edge-label-"][data-window="run"]').length === 15,
      undefined,
      { timeout: 20_000 },
    );
    // Three chains one above the other at a readable size need more width than 1280 px: each opens
    // on its clients and pans. A label wholly inside its diagram's box is shown; one the box cuts
    // shows on hover or focus, until panned into view.
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll<SVGGElement>('#stage .edge-label')].map((label) => {
        const box = label.closest('.stage-part')!.getBoundingClientRect();
        const r = label.getBoundingClientRect();
        const inside =
          r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
        return { inside, shown: !label.classList.contains('on-demand') };
      }),
    );
    expect(labels).toHaveLength(15);
    expect(labels.filter((l) => l.inside && !l.shown)).toEqual([]);
    // Every variant shows its first hops at least: three or more labels each.
    expect(labels.filter((l) => l.shown).length).toBeGreaterThanOrEqual(9);
    expect(await collisions(page)).toEqual([]);
    await page.screenshot({ path: join(root, 'test-results', 'e2e-diagram-retry-storm-1280.png') });
  });

  test('a hundred services: the edges are one tab stop, and a focused edge shows its label', async () => {
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/24-large-mesh.yaml', 2)).state).toBe('done');
    // The playback draws the new diagram after the run's report: wait for its domains, folded into groups.
    await page.locator('#stage g.node.group[data-group="search"]').first().waitFor({ state: 'attached' });
    const first = page.locator('#stage .edge-label').first();
    await first.waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('#stage g.edge').first().focus();
    await expect.poll(() => first.isVisible()).toBe(true);
    expect(await first.getAttribute('data-window')).toBe('live');
    // Its hundreds of edges are one tab stop; the arrow keys move between them, not the clock.
    expect(await page.locator('#stage g.edge[tabindex="0"]').count()).toBe(1);
    await page.getByTestId('play').click();
    if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true')
      await page.getByTestId('play').click();
    const clock = await page.getByTestId('clock').textContent();
    await page.locator('#stage g.edge').first().focus();
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => {
      const edges = [...document.querySelectorAll('#stage g.edge')];
      return edges.indexOf(document.activeElement as Element);
    });
    expect(focused).toBe(1);
    expect(await page.locator('#stage g.edge[tabindex="0"]').count()).toBe(1);
    expect(await page.getByTestId('clock').textContent()).toBe(clock);
  });

  test.each([
    ['lessons/03-rate-limiting.yaml', 5],
    ['lessons/14-circuit-breaking.yaml', 3],
    ['lessons/19-gateway-vs-mesh.yaml', 3],
  ])('%s: whole-run edge labels equal the report’s per-edge figures', async (file, variants) => {
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, file, 2)).state).toBe('done');
    await page.waitForSelector('#stage [data-testid^="edge-label-"]', { state: 'attached', timeout: 20_000 });
    await wholeRunSideBySide(page, variants);
    await expectLabelsEqualReport(page);
    const run = await report(page);
    if (file.includes('03-rate')) {
      // The limiter's 429s are client errors: never counted as errors, so no edge turns vermillion.
      const front = run.variants[1].edges[0];
      expect(front.clientErrors).toBeGreaterThan(0);
      expect(front.errors).toBe(0);
    }
    expect(await collisions(page)).toEqual([]);
  });
});
