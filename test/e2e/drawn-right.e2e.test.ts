/**
 * What the page must draw and say where it belongs: a try refused by an open circuit breaker is
 * refused by its caller's own sidecar and never leaves it, so its bounce and burst are at the
 * caller's end of the edge, while a 429 from the gateway's limiter still turns at the gateway; an
 * imported file with several setups explains each setup's striking result and says which is drawn.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, openThroughDialog, root, settled, usePage } from './support/page';

/** The dot colours of `DOT_STYLES`, as RGB. */
const COLOR_5XX = [0xd5, 0x5e, 0x00] as const;
const COLOR_429 = [0xe6, 0x9f, 0x00] as const;

/** Pixels of one colour on the dots' canvas along an edge, by third of its length. */
interface EdgeThirds {
  /** Next to the caller, in the middle, next to the callee. */
  readonly caller: number;
  readonly middle: number;
  readonly callee: number;
}

/**
 * Counts the pixels of colour `rgb` on the dots' canvas within the box of the edge from `from` to
 * `to` (a left-to-right edge; 12 px around its line), by third of its width, summed over `samples`
 * looks `everyMs` apart while the playback plays.
 */
function colourAlongEdge(
  page: Page,
  from: string,
  to: string,
  rgb: readonly [number, number, number],
  samples = 30,
  everyMs = 100,
): Promise<EdgeThirds> {
  return page.evaluate(
    async ({ from, to, rgb, samples, everyMs }) => {
      const line = document.querySelector<SVGPathElement>(
        `#stage g.edge[data-from="${from}"][data-to="${to}"] path.edge-line`,
      );
      const canvas = document.querySelector<HTMLCanvasElement>('#stage canvas');
      if (!line || !canvas) throw new Error(`no edge ${from} → ${to} or no dots canvas`);
      const counts = { caller: 0, middle: 0, callee: 0 };
      for (let k = 0; k < samples; k++) {
        await new Promise((resolve) => setTimeout(resolve, everyMs));
        const edge = line.getBoundingClientRect();
        const at = canvas.getBoundingClientRect();
        const scale = canvas.width / at.width;
        const x0 = Math.floor((edge.left - at.left) * scale);
        const y0 = Math.floor((edge.top - 12 - at.top) * scale);
        const w = Math.ceil(edge.width * scale);
        const h = Math.ceil((edge.height + 24) * scale);
        const data = canvas.getContext('2d')!.getImageData(x0, y0, w, h).data;
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const i = 4 * (y * w + x);
            if (
              data[i + 3] > 200 &&
              Math.abs(data[i] - rgb[0]) < 14 &&
              Math.abs(data[i + 1] - rgb[1]) < 14 &&
              Math.abs(data[i + 2] - rgb[2]) < 14
            ) {
              const third = Math.min(2, Math.floor((3 * x) / w));
              if (third === 0) counts.caller++;
              else if (third === 1) counts.middle++;
              else counts.callee++;
            }
          }
      }
      return counts;
    },
    { from, to, rgb, samples, everyMs },
  );
}

/** Moves the playhead to `ms` and plays from there. */
async function playFrom(page: Page, ms: number): Promise<void> {
  await page.getByTestId('scrub').evaluate((scrub, value) => {
    (scrub as HTMLInputElement).value = String(value);
    scrub.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await page.getByTestId('play').evaluate((button) => {
    if (button.getAttribute('aria-pressed') !== 'true') (button as HTMLButtonElement).click();
  });
}

describe('drawn where it happens', () => {
  const app = usePage();

  test('an open breaker’s 503 bounces at checkout, whose sidecar refused it, not at payments', async () => {
    const { page } = await app.open();
    await settled(page);
    const status = await openFromLibrary(page, 'lessons/14-circuit-breaking.yaml', 2);
    expect(status.state, status.text).toBe('done');
    const breaker = page.locator('#variant-switch .segment', { hasText: 'breaker' });
    await breaker.click();
    expect(await breaker.getAttribute('aria-pressed')).toBe('true');
    // Payments hangs from 20 s to 35 s; the breaker is open for most of it and refuses every call.
    await playFrom(page, 24_000);
    const seen = await colourAlongEdge(page, 'checkout', 'payments', COLOR_5XX);
    expect(seen.caller, JSON.stringify(seen)).toBeGreaterThan(100);
    // Nothing of the refused tries reaches the far two thirds of the edge.
    expect(seen.middle + seen.callee, JSON.stringify(seen)).toBeLessThan(seen.caller / 20);
  });

  test('a 429 from the gateway’s limiter still bounces at the gateway', async () => {
    const { page } = await app.open();
    await settled(page);
    await openFromLibrary(page, 'kong/kong.yml', 2);
    const gateway = (await page.locator('#stage g.node.gateway').first().getAttribute('data-id')) ?? '';
    const caller =
      (await page.locator(`#stage g.edge[data-to="${gateway}"]`).first().getAttribute('data-from')) ?? '';
    const seen = await colourAlongEdge(page, caller, gateway, COLOR_429);
    expect(seen.callee, `${caller} → ${gateway}: ${JSON.stringify(seen)}`).toBeGreaterThan(seen.caller);
  });

  test('an imported file with three setups explains each one’s 429s and says which is drawn', async () => {
    const kong = readFileSync(join(root, 'scenarios/kong/kong.yml'), 'utf8');
    const threeLimits = readFileSync(join(root, 'test/scenario/import/kong-three-limits.yaml'), 'utf8');
    const bundle = `${kong}\n---\n${threeLimits}`;
    const { page } = await app.open();
    await settled(page);
    const status = await openThroughDialog(page, 'kong-limits.yml', bundle, 2);
    expect(status.state, status.text).toBe('done');
    const summary = page.getByTestId('import-summary');
    const setups = summary.getByTestId('import-setups');
    const reasons = () =>
      summary
        .locator('.import-reason')
        .evaluateAll((ps) => ps.map((p) => `${p.getAttribute('data-setup')}|${p.textContent}`));
    await setups.waitFor({ timeout: 5000 });
    expect(await setups.textContent()).toMatch(
      /^as configured drawn, of 3 setups: as configured, ten a second, relaxed\. /,
    );
    // Each limited setup by its own limit; the relaxed one admits everything, and says so.
    let why = await reasons();
    expect(why.map((r) => r.split('|')[0])).toEqual(['as configured', 'ten a second', 'relaxed']);
    expect(why[2]).toBe('relaxed|relaxed: nothing stands out: 0.0% refused at the gateway.');
    expect(why[0]).toMatch(
      /^as configured\|as configured \(drawn\): The rate-limiting plugin \(100 a minute/,
    );
    expect(why[1]).toMatch(
      /^ten a second\|ten a second: The rate-limiting plugin \(10 a second, every route\) admits 10 requests\/s/,
    );
    // Another setup drawn: the summary says so.
    await page.locator('#variant-switch .segment', { hasText: 'ten a second' }).click();
    await expect
      .poll(() => setups.textContent(), { timeout: 5000 })
      .toMatch(/^ten a second drawn, of 3 setups/);
    why = await reasons();
    expect(why[0]).toMatch(/^as configured\|as configured: /);
    expect(why[1]).toMatch(/^ten a second\|ten a second \(drawn\): /);
  });
});
