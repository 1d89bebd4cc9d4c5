/**
 * The charts in a real browser, for lessons of five and three variants: every chart names every
 * variant, the distribution's labels overlap nothing and its markers sit on their lines, no legend
 * text leaves its chart, and an export made early in the playback holds the run's last second.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, settled, usePage } from './support/page';

/** The lessons under test, with their variants and simulated length. */
const LESSONS = [
  {
    file: '03-rate-limiting.yaml',
    variants: ['no-limit', 'fixed-window', 'sliding-window', 'token-bucket', 'spike-arrest'],
    seconds: 30,
  },
  { file: '11-retry-storm.yaml', variants: ['every-hop', 'one-hop', 'budget'], seconds: 16 },
] as const;

/** The charts by the id of their container. */
const CHARTS = ['latency', 'throughput', 'distribution', 'amplification', 'utilization'] as const;

/** A text element of a chart: its content, the part it belongs to and its box in page px. */
interface TextBox {
  readonly text: string;
  readonly part: string;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Every non-empty `<text>` of chart `id`, with its box, and the box of the chart's `<svg>`. */
async function texts(page: Page, id: string): Promise<{ svg: TextBox; texts: TextBox[] }> {
  return page.evaluate((chart) => {
    const svg = document.querySelector(`#chart-${chart} svg`)!;
    const box = (e: Element, text: string, part: string) => {
      const r = e.getBoundingClientRect();
      return { text, part, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
    };
    return {
      svg: box(svg, '', 'svg'),
      texts: Array.from(svg.querySelectorAll('text'))
        .filter((t) => (t.textContent ?? '').trim() !== '')
        .map((t) => box(t, t.textContent ?? '', t.closest('[data-part]')?.getAttribute('data-part') ?? '')),
    };
  }, id);
}

/** Pairs of boxes that overlap by more than `slack` px both ways. */
function overlapping(boxes: readonly TextBox[], slack = 0.5): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const across = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const down = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (across > slack && down > slack) found.push(`"${a.text}" and "${b.text}"`);
    }
  }
  return found;
}

/**
 * Per marker of the distribution chart, how far (px) its centre is from its own variant's line,
 * measured along the drawn path in the browser.
 */
async function markerDistances(page: Page): Promise<{ variant: string; label: string; off: number }[]> {
  return page.evaluate(() => {
    const out: { variant: string; label: string; off: number }[] = [];
    for (const group of document.querySelectorAll('#chart-distribution g[data-variant]')) {
      const path = group.querySelector<SVGPathElement>('path[data-part="cdf"]')!;
      const length = path.getTotalLength();
      const points: DOMPoint[] = [];
      for (let at = 0; at <= length; at += 0.25) points.push(path.getPointAtLength(at));
      for (const marker of group.querySelectorAll('[data-part="markers"] > *')) {
        const x = Number(marker.getAttribute('data-x'));
        const y = Number(marker.getAttribute('data-y'));
        const off = Math.min(...points.map((p) => Math.hypot(p.x - x, p.y - y)));
        out.push({
          variant: group.getAttribute('data-variant') ?? '',
          label: marker.getAttribute('data-label') ?? '',
          off,
        });
      }
    }
    return out;
  });
}

/** Sets the playhead to `ms` (paused), as dragging the scrubber does. */
async function scrubTo(page: Page, ms: number): Promise<void> {
  const play = page.locator('#play');
  if ((await play.getAttribute('aria-pressed')) === 'true') await play.click();
  await page.evaluate((t) => {
    const scrub = document.getElementById('scrub') as HTMLInputElement;
    scrub.value = String(t);
    scrub.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
}

/** Clicks chart `id`'s SVG button and reads the file the page saves. */
async function exportedSvg(page: Page, id: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`[data-export="${id}"][data-format="svg"]`),
  ]);
  return readFile((await download.path())!, 'utf8');
}

describe('the charts', () => {
  const app = usePage();

  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
  ]) {
    test(`at ${viewport.width}×${viewport.height}: every chart names every variant, labels overlap nothing, markers sit on their lines, legends stay whole`, async () => {
      const session = await app.open();
      const { page } = session;
      await page.setViewportSize(viewport);
      expect((await settled(page, 1)).state).toBe('done');
      let run = 1;
      for (const lesson of LESSONS) {
        expect((await openFromLibrary(page, lesson.file, ++run)).state).toBe('done');
        await page.locator('#chart-distribution svg path').first().waitFor();
        for (const chart of CHARTS) {
          const { svg, texts: all } = await texts(page, chart);
          const joined = all.map((t) => t.text).join('');
          for (const name of lesson.variants) {
            expect(
              all.some((t) => t.text.includes(name)) || joined.includes(name),
              `${lesson.file}: the ${chart} chart names ${name}`,
            ).toBe(true);
          }
          // No text of a legend (or anywhere) is cut by the edge of its chart.
          for (const t of all) {
            expect(t.x0, `${chart}: "${t.text}" starts inside the chart`).toBeGreaterThanOrEqual(
              svg.x0 - 0.5,
            );
            expect(t.x1, `${chart}: "${t.text}" ends inside the chart`).toBeLessThanOrEqual(svg.x1 + 0.5);
            expect(t.y1, `${chart}: "${t.text}" is inside the chart`).toBeLessThanOrEqual(svg.y1 + 0.5);
          }
          const legend = all.filter((t) => t.part === 'legend' || t.part === 'name');
          for (const t of legend) expect(t.text.endsWith('…'), `${chart}: "${t.text}" is whole`).toBe(false);
        }
        // At the run's end too, the labels at the lines' ends stay inside their charts.
        await scrubTo(page, Number(await page.locator('#scrub').getAttribute('max')));
        await expect
          .poll(() => page.locator('#chart-latency [data-part="moment"]').textContent())
          .toBe('whole run');
        for (const chart of CHARTS) {
          const { svg, texts: all } = await texts(page, chart);
          for (const t of all) {
            expect(t.x1, `${chart} at the end: "${t.text}" ends inside the chart`).toBeLessThanOrEqual(
              svg.x1 + 0.5,
            );
          }
        }
        const distribution = await texts(page, 'distribution');
        expect(overlapping(distribution.texts), `${lesson.file}: distribution labels overlap`).toEqual([]);
        const distances = await markerDistances(page);
        expect(distances.length).toBe(lesson.variants.length * 5);
        for (const d of distances) {
          expect(
            d.off,
            `${lesson.file}: ${d.variant}'s ${d.label} marker is on its line`,
          ).toBeLessThanOrEqual(1);
        }
      }
    });
  }

  test('an SVG exported while the playhead is early holds the whole run, to its last second', async () => {
    const session = await app.open();
    const { page } = session;
    expect((await settled(page, 1)).state).toBe('done');
    const lesson = LESSONS[0];
    expect((await openFromLibrary(page, lesson.file, 2)).state).toBe('done');
    await page.locator('#play').waitFor();
    await scrubTo(page, 2000);
    // The page shows the run up to the playhead…
    await expect
      .poll(() => page.locator('#chart-throughput svg').getAttribute('aria-label'))
      .toContain(' at 2 s: ');
    expect(await page.locator('#chart-throughput svg').getAttribute('aria-label')).not.toContain(
      `at ${lesson.seconds} s`,
    );
    // …and every export holds the whole run, the last second of each variant included.
    for (const chart of ['throughput', 'latency', 'amplification'] as const) {
      const svg = await exportedSvg(page, chart);
      if (chart === 'throughput') {
        for (const name of lesson.variants)
          expect(svg, `${chart}: ${name}`).toContain(`${name} at ${lesson.seconds} s`);
      } else {
        // Its lines end at the last second with answers (and calls): the last burst, at 24.5 s.
        for (const name of lesson.variants) {
          const at = new RegExp(`${name} at ([\\d.]+) s`).exec(svg);
          expect(Number(at?.[1]), `${chart}: ${name}`).toBeGreaterThanOrEqual(25);
        }
      }
      // It says which moment it shows, and has no playhead line.
      expect(svg, chart).toContain('data-part="moment">whole run</text>');
      expect(svg, chart).not.toContain('stroke-dasharray="3 3"');
    }
    expect(await page.locator('#chart-throughput [data-part="moment"]').textContent()).toBe('up to 00:02.0');
    const distribution = await exportedSvg(page, 'distribution');
    for (const name of lesson.variants) expect(distribution).toContain(`>${name}</text>`);
  });
});
