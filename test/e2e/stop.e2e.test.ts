/**
 * The page never keeps running what it no longer shows: another lesson chosen during a long run has
 * its numbers at once, the Stop button beside the progress bar ends a run and says how far it got,
 * and a shared link the page cannot read says why instead of opening the default scenario silently.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { encodeScenarioHash, MAX_SHARED_BYTES, SCENARIO_HASH_PREFIX, toBase64Url } from '../../src/ui/share';
import { openApp, root, settled, usePage, type Viewport } from './support/page';

const hostile = (name: string): string => readFileSync(join(root, 'test/fixtures/hostile', name), 'utf8');
const lesson = (path: string): string => readFileSync(join(root, 'scenarios', path), 'utf8');
const nameOf = (text: string): string => /^name: (.*)$/m.exec(text)![1];

/** Opens `text` as file `name` through the Open file… dialog and waits until run number `run` goes. */
async function startThroughDialog(page: Page, name: string, text: string, run: number): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByTestId('open-file').click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => {
    const status = document.getElementById('status');
    return status?.dataset.run === String(n) && status.dataset.state === 'running';
  }, run);
}

/** Picks `file` (its path under scenarios/) from the library, without waiting for its run. */
async function pickLesson(page: Page, file: string): Promise<void> {
  const option = await page
    .locator('[data-testid="library"] option')
    .evaluateAll(
      (options, wanted) => options.map((o) => (o as HTMLOptionElement).value).find((v) => v.endsWith(wanted)),
      file,
    );
  await page.selectOption('[data-testid="library"]', option!);
}

const page = usePage();

describe('a long run the page no longer shows', () => {
  test('another lesson chosen during a run of 12 million events in one slice has its numbers within 3 s', async () => {
    const { page: p } = await page.open();
    await settled(p, 1);
    await startThroughDialog(p, 'one-busy-slice.yaml', hostile('one-busy-slice.yaml'), 2);
    // Well into its only slice: a worker that waited for a slice's end would hear nothing for seconds.
    await p.waitForTimeout(1500);
    expect(await p.getByTestId('status').getAttribute('data-state')).toBe('running');
    const began = performance.now();
    await pickLesson(p, 'lessons/17-observability.yaml');
    const { state } = await settled(p, 3);
    const tookMs = performance.now() - began;
    expect(state).toBe('done');
    expect(tookMs, 'the lesson appeared after the run it replaced had gone on').toBeLessThan(3000);
    expect(await p.getByTestId('scenario-name').textContent()).toBe(
      nameOf(lesson('lessons/17-observability.yaml')),
    );
    // The tiles hold the lesson's own run.
    const run = await p.getByTestId('status').getAttribute('data-run');
    expect(await p.getByTestId('kpis').getAttribute('data-run')).toBe(run);
  });

  test('Stop beside the progress bar ends the run at once and says how far it got', async () => {
    const { page: p } = await page.open();
    await settled(p, 1);
    const stop = p.getByTestId('stop');
    expect(await stop.isHidden()).toBe(true);
    await startThroughDialog(p, 'long-run.yaml', hostile('long-run.yaml'), 2);
    await p.waitForFunction(() =>
      /^Running: .* of 60 s simulated/.test(document.getElementById('status')!.textContent!),
    );
    // In the lesson's tab, where the editor's Run button is not: the Stop button shows.
    expect(await p.getByTestId('tab-lesson').getAttribute('aria-selected')).toBe('true');
    expect(await stop.isVisible()).toBe(true);
    expect(await stop.getAttribute('aria-label')).toBe('Stop the run');
    const began = performance.now();
    await stop.click();
    const { state, text } = await settled(p, 2);
    expect(performance.now() - began).toBeLessThan(2000);
    expect(state).toBe('stopped');
    expect(text).toMatch(/^Stopped at [\d.]+ (ms|s) of 60 s simulated\. Press Run to start again\.$/);
    expect(await stop.isHidden()).toBe(true);
    // The page runs again, on a fresh worker.
    await pickLesson(p, 'lessons/17-observability.yaml');
    expect((await settled(p, 3)).state).toBe('done');
  });

  test.each([
    { name: 'desktop', width: 1440, height: 900 },
    { name: 'laptop', width: 1280, height: 720 },
    { name: 'phone', width: 390, height: 844 },
  ])('the Stop button sits beside the bar, whole and on screen, at $width × $height', async (viewport) => {
    const size: Viewport = { width: viewport.width, height: viewport.height };
    const { page: p } = await page.open(size);
    await settled(p, 1);
    await startThroughDialog(p, 'long-run.yaml', hostile('long-run.yaml'), 2);
    const stop = p.getByTestId('stop');
    await stop.scrollIntoViewIfNeeded();
    // Measured in one frame: on a phone the page may scroll between three separate reads.
    const { button, bar, status } = await p.evaluate(() => {
      const box = (id: string) => {
        const { x, y, width, height } = document.getElementById(id)!.getBoundingClientRect();
        return { x, y, width, height };
      };
      return { button: box('stop'), bar: box('progress'), status: box('status') };
    });
    // On screen, its label whole, level with the bar and to its right, under the status line.
    expect(button.x).toBeGreaterThanOrEqual(0);
    expect(button.x + button.width).toBeLessThanOrEqual(size.width);
    expect(await stop.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    expect(button.x).toBeGreaterThan(bar.x + bar.width);
    expect(Math.abs(button.y + button.height / 2 - (bar.y + bar.height / 2))).toBeLessThan(2);
    expect(button.y).toBeGreaterThanOrEqual(status.y + status.height);
    expect(bar.width).toBeGreaterThan(100);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await p.screenshot({ path: join(root, 'test-results', `e2e-stop-${viewport.name}.png`) });
    await stop.click();
    expect((await settled(p, 2)).state).toBe('stopped');
  });
});

describe('a shared link the page cannot read', () => {
  /** Opens the page at `hash` and waits for its first run; its status and the note in the problems list. */
  async function openLink(
    hash: string,
  ): Promise<{ state: string; text: string; note: string; name: string }> {
    const session = page.track(await openApp(page.browser, `${page.url}${hash}`));
    const { state, text } = await settled(session.page, 1);
    const note = (await session.page.getByTestId('diagnostic-note').textContent()) ?? '';
    const name = (await session.page.getByTestId('scenario-name').textContent()) ?? '';
    return { state, text, note, name };
  }

  test.each([
    {
      link: 'cut short mid-character',
      hash: async () => {
        const whole = await encodeScenarioHash(lesson('lessons/17-observability.yaml'));
        // Four characters are three bytes: a length of 4n + 1 holds no whole number of bytes.
        return whole.slice(0, 3 + 4 * Math.floor((whole.length - 3) / 8) + 1);
      },
      reason: 'it is truncated (the data ends early)',
    },
    {
      link: 'cut short at a whole byte',
      hash: async () => {
        const whole = await encodeScenarioHash(lesson('lessons/17-observability.yaml'));
        // Whole bytes: the browser's inflater finds the compressed data ends early.
        return whole.slice(0, 3 + 4 * Math.floor((whole.length - 3) / 8));
      },
      reason: 'it is truncated (the data ends early)',
    },
    {
      link: 'with a character base64url does not use',
      hash: async () =>
        (await encodeScenarioHash(lesson('lessons/17-observability.yaml'))).replace(/^(#s=.{7})./, '$1$'),
      reason:
        "character 8 of its data is '$', which a shared link never holds (only A–Z, a–z, 0–9, - and _): the link was changed on its way",
    },
    {
      link: 'over the size limit once unpacked',
      hash: async () => {
        const spaces = new Blob([new Uint8Array(MAX_SHARED_BYTES + 1).fill(0x20)]);
        const deflated = spaces.stream().pipeThrough(new CompressionStream('deflate-raw'));
        return SCENARIO_HASH_PREFIX + toBase64Url(new Uint8Array(await new Response(deflated).arrayBuffer()));
      },
      reason: 'its scenario is over the size limit: more than 524,288 bytes once unpacked',
    },
  ])('a link $link opens the default scenario and says why', async ({ hash, reason }) => {
    const said = `The shared link could not be read: ${reason}. Opened the default scenario instead.`;
    const opened = await openLink(await hash());
    expect(opened.state).toBe('done');
    expect(opened.text.startsWith(`${said} Ran the scenario`), opened.text).toBe(true);
    expect(opened.note).toBe(`warning${said}`);
    expect(opened.name).toBe(nameOf(lesson('default.yaml')));
  });
});
