/**
 * The lesson as steps in a real browser: each "try this" is said once, its button and the slider of
 * the value it sets side by side; the claims come right after the step they check; the status line
 * speaks of the run in the reader's words, in full, above the lesson instead of over its last lines.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, settled, usePage } from './support/page';

/** How many times `phrase` appears in the Lesson tab's text, whatever its case. */
async function timesSaid(page: Page, phrase: string): Promise<number> {
  const text = (await page.locator('#panel-lesson').innerText()).toLowerCase();
  return text.split(phrase.toLowerCase()).length - 1;
}

describe('the lesson as steps', () => {
  const app = usePage();

  test('each try-this is said once, beside its button, with the slider of the value it sets', async () => {
    const { page } = await app.open();
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/01-routing.yaml', 2)).state).toBe('done');

    expect(await timesSaid(page, 'send 25 % to the canary')).toBe(1);
    expect(await timesSaid(page, 'triple the beta testers')).toBe(1);
    expect(await timesSaid(page, 'every extra tester request lands on catalog-v2')).toBe(1);

    const items = page.getByTestId('try-item');
    expect(await items.count()).toBe(2);
    const testers = items.nth(1);
    expect(await testers.getByTestId('try-this').innerText()).toMatch(/Triple the beta testers/);
    expect(await testers.getByTestId('try-say').innerText()).toBe(
      'Header routing is deterministic, so every extra tester request lands on catalog-v2, none on catalog.',
    );
    // The testers' rate is what the button sets: its slider is in the same item, under the button.
    await testers.getByTestId('knob-client.testers.rate').waitFor();
    // Under the button, within a line or two of what it says (waited for: the sliders come after the run).
    await page.waitForFunction(
      () => {
        const item = document.querySelectorAll('[data-testid="try-item"]')[1];
        const button = item?.querySelector('[data-testid="try-this"]')?.getBoundingClientRect();
        const range = item
          ?.querySelector('[data-testid="knob-client.testers.rate"]')
          ?.getBoundingClientRect();
        return (
          !!button &&
          !!range &&
          range.height > 0 &&
          range.top > button.bottom &&
          range.top - button.bottom < 120
        );
      },
      undefined,
      { timeout: 10_000 },
    );
    // Each slider once on the page; the ones no action sets are in "More to turn".
    expect(await page.getByTestId('knob-client.testers.rate').count()).toBe(1);
    expect(await page.locator('[data-step="turn"] [data-testid="knob-client.shoppers.rate"]').count()).toBe(
      1,
    );
  });

  test('the steps are numbered in reading order, the claims right after the step they check', async () => {
    const { page } = await app.open();
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/01-routing.yaml', 2)).state).toBe('done');
    const steps = await page.getByTestId('lesson-step').evaluateAll((sections) =>
      sections.map((s) => ({
        kind: s.getAttribute('data-step'),
        title: s.querySelector('h2')?.textContent,
        claims: s.querySelector('[data-testid="claims"]') !== null,
        sliders: s.querySelectorAll('input[type="range"]').length,
      })),
    );
    expect(steps).toEqual([
      { kind: 'setup', title: '1Step 1: The setup', claims: false, sliders: 0 },
      { kind: 'watch', title: '2Step 2: What to watch', claims: true, sliders: 0 },
      { kind: 'try', title: '3Step 3: Try this', claims: false, sliders: 1 },
      { kind: 'turn', title: '4Step 4: More to turn', claims: false, sliders: 5 },
      { kind: 'text', title: '5Step 5: In the real systems', claims: false, sliders: 0 },
    ]);
    // A heading per step under the page's one h1, the claims' title a level below their step's.
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('[data-step="watch"] h3.claims-title').count()).toBe(1);
  });

  test("the steps' index brings a step into view, under it, with the focus on its title", async () => {
    const { page } = await app.open({ width: 1280, height: 720 });
    await settled(page);
    const jumps = page.getByTestId('step-jump');
    expect(await jumps.allTextContents()).toEqual([
      '1Step 1: The setup',
      '2Step 2: What to watch',
      '3Step 3: Try this',
      '4Step 4: More to turn',
    ]);
    await page.locator('[data-testid="step-jump"][data-step="try"]').click();
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('3Step 3: Try this');
    expect(await page.locator('[data-testid="step-jump"][aria-current="step"]').textContent()).toBe(
      '3Step 3: Try this',
    );
    // The title is in view and not under the index, which stays at the top of the panel.
    const seen = await page.evaluate(() => {
      const title = document.activeElement as HTMLElement;
      const rect = title.getBoundingClientRect();
      const hit = document.elementFromPoint(rect.left + 40, rect.top + rect.height / 2);
      return title.contains(hit) && rect.bottom <= window.innerHeight;
    });
    expect(seen).toBe(true);
  });

  test('the status line says what ran in plain words, whole, and covers nothing', async () => {
    const { page } = await app.open();
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/01-routing.yaml', 2)).state).toBe('done');
    const status = page.getByTestId('status');
    expect(await status.textContent()).toMatch(/^Ran 2 setups for 30 s of simulated time · seed 1\b/);
    expect(await status.textContent()).not.toMatch(/worker/i);
    const box = await status.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      const panel = document.getElementById('panel-lesson')!.getBoundingClientRect();
      const hit = document.elementFromPoint(rect.left + 30, rect.top + rect.height / 2);
      return {
        whole:
          element.scrollHeight <= element.clientHeight + 1 && element.scrollWidth <= element.clientWidth + 1,
        aboveLesson: rect.bottom <= panel.top,
        seen: hit === element || element.contains(hit),
      };
    });
    expect(box).toEqual({ whole: true, aboveLesson: true, seen: true });
  });

  test('a try-this keeps its button (and the focus on it) across the run it starts', async () => {
    const { page } = await app.open();
    await settled(page);
    const button = page.getByTestId('try-this').first();
    const handle = await button.elementHandle();
    await button.focus();
    await page.keyboard.press('Enter');
    expect((await settled(page, 2)).state).toBe('done');
    expect(
      await handle!.evaluate((element) => element.isConnected && document.activeElement === element),
    ).toBe(true);
  });
});
