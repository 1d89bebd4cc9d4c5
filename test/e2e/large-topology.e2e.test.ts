/**
 * A large topology a learner can read: the hundred-service lesson opens with its ten domains folded
 * into one box each (102 boxes at about 3 px of text before), its names and figures at 11 px or more
 * at 1280×720; a group's edges carry its members' calls/s as the report has them, and its box the
 * sum of the calls into it and between its services; a click or Enter on a group shows its services,
 * and its name on their band folds them again, with the keyboard kept on the group; dots still fly.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { Report } from '../../src/report/report';
import { openFromLibrary, root, settled, usePage } from './support/page';
import { showWholeRunEdgeLabels } from './support/readouts';

const LESSON = 'lessons/24-large-mesh.yaml';
/** A test here opens the page, runs the default scenario and the lesson (three variants of a hundred services), then plays. */
const LONG_TEST_MS = 150_000;
const DOMAINS = [
  'search',
  'accounts',
  'catalog',
  'pricing',
  'inventory',
  'reviews',
  'cart',
  'payments',
  'shipping',
  'checkout',
];

function report(page: Page): Promise<Report> {
  return page.evaluate(() => (window as unknown as { meshsim: { report(): Report } }).meshsim.report());
}

/** Opens the lesson and waits for its folded diagram. */
async function openLesson(page: Page): Promise<void> {
  await settled(page);
  expect((await openFromLibrary(page, LESSON, 2)).state).toBe('done');
  await page.locator('#stage [data-testid="topology-group-search"]').first().waitFor({ timeout: 30_000 });
}

/** The smallest rendered font size, CSS px, of the texts matching `selector` on the stage (a text with none: Infinity). */
function smallestText(page: Page, selector: string): Promise<{ px: number; count: number }> {
  return page.evaluate((wanted) => {
    let px = Infinity;
    let count = 0;
    for (const element of document.querySelectorAll<SVGTextElement>(wanted)) {
      if (element.textContent === '' || element.getBoundingClientRect().width === 0) continue;
      const m = element.getScreenCTM()!;
      px = Math.min(px, parseFloat(getComputedStyle(element).fontSize) * Math.hypot(m.a, m.b));
      count++;
    }
    return { px, count };
  }, selector);
}

/** Every edge label of the stage's (first) diagram: its ends, the members behind each end, its calls/s. */
function edgeLabels(page: Page) {
  return page.evaluate(() => {
    const part = document.querySelector('#stage .stage-part')!;
    const membersOf = (id: string): string[] => {
      const group = part.querySelector<SVGGElement>(`g.node.group[data-group="${CSS.escape(id)}"]`);
      return group ? (group.dataset.members ?? '').split(' ') : [id];
    };
    return [...part.querySelectorAll<SVGGElement>('[data-testid^="edge-label-"]')].map((label) => ({
      from: membersOf(label.dataset.from ?? ''),
      to: membersOf(label.dataset.to ?? ''),
      name: `${label.dataset.from} -> ${label.dataset.to}`,
      edges: Number(label.dataset.edges),
      rps: Number(label.dataset.rps),
      errorShare: Number(label.dataset.errorShare),
      window: label.dataset.window,
    }));
  });
}

describe('a hundred services a learner can read', () => {
  const app = usePage();

  test(
    'opens folded into its ten domains, at 11 px or more at 1280×720, with dots flying',
    async () => {
      const { page } = await app.open({ width: 1280, height: 720 });
      await openLesson(page);
      const part = page.locator('#stage .stage-part').first();
      const groups = await part
        .locator('g.node.group')
        .evaluateAll((all) => all.map((g) => (g as SVGGElement).dataset.group));
      expect([...groups].sort()).toEqual([...DOMAINS].sort());
      // The users, the ingress and ten groups: twelve boxes instead of 102.
      expect(await part.locator('g.node').count()).toBe(12);
      // What each animation frame may touch: about 700 SVG elements instead of about 3,900 (the
      // hundred boxes played at 3 to 5 frames a second).
      expect(await part.locator('svg.topology *').count()).toBeLessThan(1000);
      const members = await part
        .locator('[data-testid="topology-group-search"]')
        .getAttribute('data-members');
      expect(members?.split(' ')).toHaveLength(10);
      expect(members).toContain('search-index');
      // Every group is a control of its own, reachable by Tab.
      expect(await part.locator('g.node.group[role="button"][tabindex="0"]').count()).toBe(10);

      // Names and figures at 11 px or more, without zooming.
      for (const selector of ['#stage .node.group .label', '#stage .group-load', '#stage .group-traffic']) {
        const { px, count } = await smallestText(page, selector);
        expect(count, selector).toBeGreaterThan(0);
        expect(px, `${selector} renders at ${px.toFixed(1)} px`).toBeGreaterThanOrEqual(11);
      }
      // The diagram fits its stage: nothing drawn outside the SVG's box.
      const spill = await page.evaluate(() => {
        const svg = document.querySelector('#stage svg.topology')!.getBoundingClientRect();
        const out: string[] = [];
        for (const box of document.querySelectorAll('#stage .node .box')) {
          const r = box.getBoundingClientRect();
          if (
            r.left < svg.left - 1 ||
            r.right > svg.right + 1 ||
            r.top < svg.top - 1 ||
            r.bottom > svg.bottom + 1
          )
            out.push(box.parentElement?.getAttribute('data-id') ?? '');
        }
        return out;
      });
      expect(spill).toEqual([]);

      // The slow pod's group carries traffic and its line says how much comes in.
      await expect
        .poll(() =>
          part.locator('[data-testid="topology-group-search"] [data-testid="group-traffic"]').textContent(),
        )
        .toMatch(/^in [\d.]+k?\/s/);
      // Dots fly along the merged edges and across the groups.
      await expect
        .poll(
          () =>
            page.evaluate(() =>
              (window as unknown as { meshsim: { dotsDrawn(): number } }).meshsim.dotsDrawn(),
            ),
          {
            timeout: 15_000,
          },
        )
        .toBeGreaterThan(0);
      await mkdir(join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-results', 'e2e-large-topology-1280.png') });
    },
    LONG_TEST_MS,
  );

  test(
    'on a 390 px phone the ten domains stand in bands down the page, every group whole in the width, at 11 px or more',
    async () => {
      const { page } = await app.open({ width: 390, height: 844 });
      await openLesson(page);
      const boxes = await page.evaluate(() => {
        const svg = document.querySelector('#stage svg.topology')!.getBoundingClientRect();
        return {
          svg: { left: svg.left, right: svg.right },
          boxes: [...document.querySelectorAll('#stage .node .box')].map((box) => {
            const r = box.getBoundingClientRect();
            return {
              id: box.parentElement?.getAttribute('data-id') ?? '',
              left: r.left,
              right: r.right,
              top: r.top,
            };
          }),
        };
      });
      // A column of four groups used to leave the phone zoomed in on the users and the ingress, the
      // groups off to the right: now each box lies within the diagram's width, which fits the phone.
      expect(boxes.svg.right).toBeLessThanOrEqual(390);
      expect(boxes.boxes).toHaveLength(12);
      for (const box of boxes.boxes) {
        expect(box.left, box.id).toBeGreaterThanOrEqual(boxes.svg.left - 1);
        expect(box.right, box.id).toBeLessThanOrEqual(boxes.svg.right + 1);
      }
      // Read downwards: the groups stand on several bands, none holding more than fit the width.
      expect(new Set(boxes.boxes.map((b) => Math.round(b.top))).size).toBeGreaterThanOrEqual(5);
      const { px, count } = await smallestText(page, '#stage .node.group .label');
      expect(count).toBe(10);
      expect(px).toBeGreaterThanOrEqual(11);
    },
    LONG_TEST_MS,
  );

  test(
    'a merged edge’s calls/s are the sum of its members’ in the report, and a group’s “in” the calls into it',
    async () => {
      const { page } = await app.open();
      await openLesson(page);
      await showWholeRunEdgeLabels(page);
      const run = await report(page);
      const variant = run.variants[0];
      const labels = await edgeLabels(page);
      for (const label of labels) {
        const from = new Set(label.from);
        const to = new Set(label.to);
        const behind = variant.edges.filter((e) => from.has(e.from) && to.has(e.to));
        expect(behind.length, `${label.name}: the edges behind it`).toBe(label.edges);
        const rps = behind.reduce((sum, e) => sum + e.rps, 0);
        expect(label.window).toBe('run');
        expect(label.rps, `${label.name} calls/s`).toBeCloseTo(rps, 9);
        const tries = behind.reduce((sum, e) => sum + e.tries, 0);
        const errors = behind.reduce((sum, e) => sum + e.errorShare * e.tries, 0);
        expect(label.errorShare, `${label.name} error share`).toBeCloseTo(tries > 0 ? errors / tries : 0, 9);
      }
      // The ingress's ten edges into the domains, and calls between domains: every report edge drawn once.
      const insideGroups = variant.edges.filter((e) => {
        const a = e.from.split('-')[0];
        return DOMAINS.includes(a) && e.to.startsWith(`${a}-`);
      });
      expect(labels.reduce((n, l) => n + l.edges, 0)).toBe(variant.edges.length - insideGroups.length);

      // Each group's "in": every call into one of its services from outside the group; and the calls
      // between its services, which have no line of their own, are added up on the box too.
      for (const domain of DOMAINS) {
        const mine = (id: string) => id.startsWith(`${domain}-`);
        const sum = (edges: typeof variant.edges) => edges.reduce((total, e) => total + e.rps, 0);
        const into = variant.edges.filter((e) => mine(e.to) && !mine(e.from));
        const inside = variant.edges.filter((e) => mine(e.to) && mine(e.from));
        expect(inside.length, `${domain}: calls between its services`).toBeGreaterThanOrEqual(9);
        const box = page
          .locator('#stage .stage-part')
          .first()
          .locator(`[data-testid="topology-group-${domain}"]`);
        expect(await box.getAttribute('data-window')).toBe('run');
        expect(Number(await box.getAttribute('data-in-rps')), `${domain} in`).toBeCloseTo(sum(into), 9);
        expect(Number(await box.getAttribute('data-inside-rps')), `${domain} inside`).toBeCloseTo(
          sum(inside),
          9,
        );
      }
    },
    LONG_TEST_MS,
  );

  test(
    'a click or Enter shows a group’s services, its name on their band folds them again, focus stays',
    async () => {
      const { page } = await app.open({ width: 1280, height: 720 });
      await openLesson(page);
      const part = () => page.locator('#stage .stage-part').first();
      // Click: the ten search services appear on their band, the other groups stay folded.
      await part().locator('[data-testid="topology-group-search"]').click();
      await part().locator('g.node[data-id="search-index"]').waitFor();
      expect(await part().locator('g.node.group').count()).toBe(9);
      expect(await part().locator('g.node:not(.group)').count()).toBe(12);
      const head = part().locator('[data-testid="group-collapse-search"]');
      expect(await head.getAttribute('aria-expanded')).toBe('true');
      // The keyboard is on the group pressed, now the name on its band.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'group-collapse-search',
      );
      // An edge from the catalog group now ends at the search service it calls.
      expect(await part().locator('g.edge[data-from="catalog"][data-to="search-query"]').count()).toBe(1);
      await page.screenshot({ path: join(root, 'test-results', 'e2e-large-topology-expanded.png') });
      // Enter on the band's name folds the group again, and the keyboard is on its box.
      await page.keyboard.press('Enter');
      await part().locator('[data-testid="topology-group-search"]').waitFor();
      expect(await part().locator('g.node[data-id="search-index"]').count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'topology-group-search',
      );
      // Space on a focused group opens it too, and does not toggle playback.
      const playing = await page.getByTestId('play').getAttribute('aria-pressed');
      await part().locator('[data-testid="topology-group-cart"]').focus();
      await page.keyboard.press(' ');
      await part().locator('g.node[data-id="cart-api"]').waitFor();
      expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe(playing);
      // A re-run of the same lesson (a new seed) keeps the groups as the reader left them.
      const runs = Number(await page.getByTestId('status').getAttribute('data-run'));
      await page.getByTestId('new-seed').click();
      await settled(page, runs + 1);
      await part().locator('g.node[data-id="cart-api"]').waitFor();
      expect(await part().locator('g.node.group').count()).toBe(9);
    },
    LONG_TEST_MS,
  );
});
