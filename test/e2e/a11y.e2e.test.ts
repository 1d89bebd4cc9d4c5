/**
 * Accessibility in a real browser: axe-core (the engine behind most accessibility checkers, vendored
 * as a dev dependency) runs on every view of the page: each tab, the compare view over replications,
 * a trace waterfall, the diagram side by side and the page on a phone. None may have a serious or
 * critical violation, nor miss its one `h1` or skip a heading level. The keyboard tests pin the WAI-ARIA
 * tabs pattern (one tab stop, arrow keys between tabs, from the start), Enter and space on a focused
 * control, the landmark keys kept out of text fields, and the keyboard's way to a dot's request.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, RUN_TIMEOUT_MS, settled, usePage } from './support/page';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Where the page fetches axe from: its own origin, so that the Content-Security-Policy lets it run. */
const AXE_PATH = '/__axe-core.js';

/** axe's verdict on one rule, as much of it as a failure message needs. */
interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
  readonly summary: string;
}

/** Rules below "serious" that the page must still pass: one h1 in every view, no skipped heading level. */
const ALSO_REQUIRED = ['page-has-heading-one', 'heading-order'];

/** The violations axe finds on the page as it stands, serious or critical ones and {@link ALSO_REQUIRED}. */
async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.route(`**${AXE_PATH}`, (route) =>
      route.fulfill({ body: axeSource, contentType: 'text/javascript' }),
    );
    await page.addScriptTag({ url: new URL(AXE_PATH, page.url()).href });
  }
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(document);
    return result.violations as {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[]; failureSummary?: string }[];
    }[];
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO_REQUIRED.includes(v.id))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
      summary: (v.nodes[0]?.failureSummary ?? '').split('\n').slice(0, 3).join(' '),
    }));
}

/** Fails with the violations of `view` spelled out (and goes on to the next view, to list them all). */
async function expectNoViolations(page: Page, view: string): Promise<void> {
  expect.soft(await violations(page), `axe on ${view}`).toEqual([]);
}

/** Waits until the playback has moved off 0 s (dots and traces exist). */
async function playedAWhile(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="clock"]')?.textContent?.startsWith('00:00'),
    undefined,
    { timeout: 15_000 },
  );
}

describe('accessibility: axe on every view', () => {
  const app = usePage();

  test('the Lesson, Editor, Trace and Results tabs', async () => {
    const { page } = await app.open();
    expect((await settled(page)).state).toBe('done');
    await expectNoViolations(page, 'the Lesson tab');

    await page.getByTestId('tab-editor').click();
    // The editor loads with its tab: checked once it is there, gutter and all.
    await page.locator('.cm-editor .cm-gutters').waitFor();
    await expectNoViolations(page, 'the Editor tab');

    await playedAWhile(page);
    await page.getByTestId('tab-trace').click();
    const pick = page.locator('[data-testid="trace-list"] .tl-pick').first();
    await pick.waitFor({ timeout: 10_000 });
    await pick.click();
    await page.locator('[data-testid="trace-view"] table.wf-table').waitFor({ timeout: 10_000 });
    await expectNoViolations(page, 'the Trace tab with a waterfall');

    await page.getByTestId('tab-results').click();
    await expectNoViolations(page, 'the Results tab');
  });

  test('a lesson with its claims, the compare view over its replications, the diagram side by side', async () => {
    const { page } = await app.open();
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/01-routing.yaml', 2)).state).toBe('done');
    await page.waitForSelector('[data-testid="compare"][data-complete="true"]', {
      state: 'attached',
      timeout: RUN_TIMEOUT_MS,
    });
    await expectNoViolations(page, "the lesson's Lesson tab with its claims' verdicts");
    await page.getByTestId('tab-results').click();
    await expectNoViolations(page, 'the compare view over replications');

    await page.getByTestId('side-by-side').click();
    await page.waitForSelector('#stage.side-by-side', { state: 'attached' });
    await expectNoViolations(page, 'the diagram side by side');
  });

  test('the page on a 390×844 phone', async () => {
    const session = await app.open();
    await session.page.setViewportSize({ width: 390, height: 844 });
    expect((await settled(session.page)).state).toBe('done');
    await expectNoViolations(session.page, 'the phone layout');
  });
});

/** The playhead, ms, as the scrubber holds it. */
function playhead(page: Page): Promise<number> {
  return page.getByTestId('scrub').evaluate((input) => Number((input as HTMLInputElement).value));
}

/** Pauses the playback and puts the playhead at `ms`. */
async function pauseAt(page: Page, ms: number): Promise<void> {
  if ((await page.getByTestId('play').getAttribute('aria-pressed')) === 'true')
    await page.getByTestId('play').click();
  await page.getByTestId('scrub').evaluate((input, t) => {
    (input as HTMLInputElement).value = String(t);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
}

/** The id of the focused element, or its test id, or its tag. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return e?.id || e?.dataset.testid || e?.tagName.toLowerCase() || '';
  });
}

describe('accessibility: the keyboard', () => {
  const app = usePage();

  test('the tabs are one tab stop from the start; arrows, Home and End move between them', async () => {
    const { page } = await app.open();
    const tabs = page.getByRole('tab');
    await tabs.first().waitFor();
    // Before any click: the selected tab alone takes the focus from Tab (the WAI-ARIA tabs pattern).
    expect(await tabs.evaluateAll((all) => all.map((t) => t.getAttribute('tabindex')))).toEqual([
      '0',
      '-1',
      '-1',
      '-1',
    ]);
    await settled(page);
    await page.getByTestId('tab-lesson').focus();
    const moves: [string, string][] = [
      ['ArrowRight', 'tab-editor'],
      ['End', 'tab-results'],
      ['ArrowRight', 'tab-lesson'],
      ['ArrowLeft', 'tab-results'],
      ['Home', 'tab-lesson'],
    ];
    for (const [key, tab] of moves) {
      await page.keyboard.press(key);
      expect(await focused(page), key).toBe(tab);
      expect(await page.getByTestId(tab).getAttribute('aria-selected'), key).toBe('true');
      expect(await page.locator(`#${tab.replace('tab-', 'panel-')}`).isVisible(), key).toBe(true);
    }
    expect(
      await tabs.evaluateAll((all) => all.filter((t) => t.getAttribute('tabindex') === '0').length),
    ).toBe(1);
    // Tab leaves the tab list for the panel it shows, which takes the focus when it scrolls.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('panel-lesson');
  });

  test('Enter and space press the focused button, once, and never play or pause behind it', async () => {
    const { page } = await app.open();
    await settled(page);
    const play = page.getByTestId('play');
    const before = await play.getAttribute('aria-pressed');
    await play.focus();
    await page.keyboard.press('Enter');
    expect(await play.getAttribute('aria-pressed')).not.toBe(before);
    await page.keyboard.press(' ');
    expect(await play.getAttribute('aria-pressed')).toBe(before);

    const playing = await play.getAttribute('aria-pressed');
    await page.getByTestId('share').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.length > 1, undefined, { timeout: 10_000 });
    expect(await play.getAttribute('aria-pressed')).toBe(playing);
  });

  test('[ and ] jump between landmarks, but not from a slider or the editor', async () => {
    const { page } = await app.open();
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2)).state).toBe('done');
    await pauseAt(page, 0);

    const slider = page.locator('#lesson-steps input[type="range"]');
    await slider.first().focus();
    const value = await slider.first().inputValue();
    await page.keyboard.press(']');
    expect(await playhead(page)).toBe(0);
    expect(await slider.first().inputValue()).toBe(value);

    await page.getByTestId('tab-editor').click();
    await page.locator('.cm-content').click();
    await page.keyboard.press(']');
    await page.keyboard.press('[');
    expect(await playhead(page)).toBe(0);

    // Away from any field, the keys jump: to just before the ledger's outage at 6 s.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(']');
    expect(await playhead(page)).toBeGreaterThan(4000);
    expect(await playhead(page)).toBeLessThan(6000);
  });

  test("a dot's request is reached by keyboard: the diagram says where, the Trace tab lists it", async () => {
    const { page } = await app.open();
    await settled(page);
    await playedAWhile(page);
    expect(await page.locator('#stage svg.topology').first().getAttribute('aria-label')).toMatch(
      /moving dot is a sampled request; the Trace tab lists them, to open one by keyboard\.$/,
    );
    await page.getByTestId('tab-lesson').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('tab-trace');
    await page.locator('[data-testid="trace-list"] .tl-pick').first().waitFor({ timeout: 10_000 });
    let presses = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('tl-pick')))) {
      expect(++presses, 'Tab never reached a request of the list').toBeLessThan(40);
      await page.keyboard.press('Tab');
    }
    const id = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="trace-view"] table.wf-table').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('trace-view').textContent()).toContain(id);
  });
});
