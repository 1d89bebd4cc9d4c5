/**
 * Time has landmarks: the scrubber marks each fault's start and end, each rate step and each breaker
 * opening, at the times the lesson file gives; every mark is a button named by its time and what
 * happens; clicking it, or Enter on it, moves the clock to half a second before it; previous and
 * next landmark buttons and keys jump between them; a lesson with `playback.start` begins there.
 *
 * Motion is reduced in these pages, so the clock stays where a start or a jump put it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/index';
import { clockText } from '../../src/ui/player';
import { openApp, openFromLibrary, root, type Session, settled, usePage } from './support/page';

/** Slow enough for three lessons of 60 s with three variants each, on a shared machine. */
const LESSON_TEST_MS = 150_000;

/** The times, ms, a lesson file gives for its faults' starts and ends and its clients' rate steps. */
function landmarkTimes(file: string): number[] {
  const text = readFileSync(join(root, 'scenarios', file), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.errors[0]?.message}`);
  const s = loaded.file.base;
  const times = [
    ...s.faults.flatMap((f) => (Number.isFinite(f.for) ? [f.at, f.at + f.for] : [f.at])),
    ...s.clients.flatMap((c) => c.schedule.map((step) => step.at)),
  ].filter((t) => t < s.duration);
  return [...new Set(times)].sort((a, b) => a - b);
}

/** The file's `playback.start`, ms. */
function playbackStart(file: string): number {
  const loaded = loadScenario(readFileSync(join(root, 'scenarios', file), 'utf8'), file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.file.base.playback.start;
}

/** Every mark on the scrubber: its time (of its first landmark) and its accessible name. */
async function marks(page: Page): Promise<{ at: number; label: string }[]> {
  return page.getByTestId('landmark').evaluateAll((buttons) =>
    buttons.map((b) => ({
      at: Number(b.getAttribute('data-at')),
      label: b.getAttribute('aria-label') ?? '',
    })),
  );
}

/** The clock's shown time, as the page prints it (`00:19.5`). */
async function clockShows(page: Page): Promise<string> {
  return ((await page.getByTestId('clock').textContent()) ?? '').split(' / ')[0];
}

/** Opens the page with motion reduced (no autoplay) and a lesson from the library. */
async function openLesson(browser: Browser, url: string, file: string): Promise<Session> {
  const session = await openApp(browser, url);
  await session.page.emulateMedia({ reducedMotion: 'reduce' });
  await settled(session.page, 1);
  const status = await openFromLibrary(session.page, file, 2);
  expect(status.state, status.text).toBe('done');
  // The marks come with the playback, after the report.
  await session.page.getByTestId('landmark').first().waitFor({ timeout: 30_000 });
  return session;
}

describe('landmarks on the scrubber', () => {
  const app = usePage();

  test.each([
    'lessons/11-retry-storm.yaml',
    'lessons/03-rate-limiting.yaml',
    'lessons/14-circuit-breaking.yaml',
    'lessons/19-gateway-vs-mesh.yaml',
  ])(
    '%s: a mark at every fault time and rate step the file gives, each named by its time',
    async (file) => {
      const session = app.track(await openLesson(app.browser, app.url, file));
      const expected = landmarkTimes(file);
      expect(expected.length, `${file} gives no times to mark`).toBeGreaterThan(0);
      const shown = await marks(session.page);
      const at = new Set(shown.map((m) => m.at));
      for (const t of expected) expect(at.has(t), `a mark at ${t} ms in ${JSON.stringify(shown)}`).toBe(true);
      for (const m of shown) expect(m.label).toMatch(/^\d\d:\d\d\.\d( to \d\d:\d\d\.\d)? · \S/);
      // The name is the accessible one: the mark is found by it as a button.
      const first = shown.find((m) => m.at === expected[0])!;
      expect(first.label.startsWith(`${clockText(expected[0])} · `)).toBe(true);
      await expect(
        session.page.getByRole('button', { name: first.label, exact: true }).count(),
      ).resolves.toBe(1);
    },
    LESSON_TEST_MS,
  );

  test(
    'circuit breaking: starts at its playback start; a click and Enter jump before the fault; ] and [ and the buttons step between landmarks',
    async () => {
      const file = 'lessons/14-circuit-breaking.yaml';
      const session = app.track(await openLesson(app.browser, app.url, file));
      const { page } = session;
      expect(playbackStart(file)).toBe(18_000);
      expect(await clockShows(page)).toBe('00:18.0');
      expect(Number(await page.getByTestId('scrub').inputValue())).toBe(18_000);

      // The fault's start, 20 s in the file: a click lands half a second before it.
      const start = page.getByRole('button', { name: '00:20.0 · payments slows down (fault starts)' });
      await start.click();
      expect(await clockShows(page)).toBe('00:19.5');

      // Enter on the fault's end, reached by the keyboard within the marks.
      await start.focus();
      await page.keyboard.press('ArrowRight');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      expect(focused).toBe('00:35.0 · payments is fast again (fault ends)');
      await page.keyboard.press('Enter');
      expect(await clockShows(page)).toBe('00:34.5');
      // What the playhead has passed shows as passed; what is to come does not.
      expect(await start.getAttribute('class')).toContain('past');
      expect(await page.getByRole('button', { name: focused! }).getAttribute('class')).not.toContain('past');
      // The arrows moved the focus, not the clock, and Enter did not start playing.
      expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe('false');

      // Previous and next: keys from the page, and the buttons.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('[');
      expect(await clockShows(page)).toBe('00:19.5');
      await page.keyboard.press(']');
      expect(await clockShows(page)).toBe('00:34.5');
      await page.getByTestId('landmark-previous').click();
      expect(await clockShows(page)).toBe('00:19.5');
      await page.getByTestId('landmark-next').click();
      expect(await clockShows(page)).toBe('00:34.5');
    },
    LESSON_TEST_MS,
  );

  test(
    'side by side, the breaker variant’s own landmarks have a row of their own, named',
    async () => {
      const session = app.track(await openLesson(app.browser, app.url, 'lessons/14-circuit-breaking.yaml'));
      const { page } = session;
      await page.getByTestId('side-by-side').click();
      await page.waitForSelector('[data-testid="landmark"][data-kind="breaker-open"]');
      const opens = await page
        .locator('[data-testid="landmark"][data-kind="breaker-open"]')
        .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? ''));
      expect(opens).toHaveLength(1);
      expect(opens[0]).toMatch(/^00:2\d\.\d · breaker checkout → payments opens · variant breaker$/);
      const rows = await page
        .locator('.landmark-lane-name')
        .evaluateAll((names) => names.map((n) => n.textContent));
      expect(rows).toEqual(['all', 'breaker']);
      // The shared row holds the file's fault, once.
      const faults = await page.locator('[data-kind="fault-start"]').count();
      expect(faults).toBe(1);
    },
    LESSON_TEST_MS,
  );

  test(
    'a lesson without a playback start begins at 0',
    async () => {
      const file = 'lessons/19-gateway-vs-mesh.yaml';
      const session = app.track(await openLesson(app.browser, app.url, file));
      expect(playbackStart(file)).toBe(0);
      expect(await clockShows(session.page)).toBe('00:00.0');
    },
    LESSON_TEST_MS,
  );
});
