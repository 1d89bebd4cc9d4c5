/**
 * The speed of the page itself, as far as a test can hold it without timing anything (timings are
 * `npm run bench:page`'s): the first script stays within its budget; the editor's code is not part of
 * it and loads when the Editor tab opens, holding the text the page ran; and the frame loop reads no
 * layout while the diagram plays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { INITIAL_JS_BUDGET_KB, initialJs } from '../../bench/initial-js';
import { editorText, openFromLibrary, playFromStart, root, settled, usePage } from './support/page';

/** The scripts the page has fetched so far, by file name (`index-….js`, `yaml-editor-….js`). */
function scriptsFetched(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name.split('/').pop() ?? '')
      .filter((name) => name.endsWith('.js')),
  );
}

/**
 * Installed before the page's script: counts the calls that read layout (sizes, positions, computed
 * style) made while an animation-frame callback runs, with where the first few came from. Reading
 * layout there forces the browser to lay the page out again on every frame.
 */
function watchLayoutReadsInFrames(): void {
  const record = { reads: 0, samples: [] as string[] };
  (window as unknown as { __layoutReadsInFrames: typeof record }).__layoutReadsInFrames = record;
  let inFrame = 0;
  const note = (what: string): void => {
    if (inFrame === 0) return;
    record.reads += 1;
    if (record.samples.length < 5) record.samples.push(`${what}\n${new Error().stack ?? ''}`);
  };
  const getters: [{ prototype: object }, string[]][] = [
    [Element, ['clientWidth', 'clientHeight', 'clientTop', 'clientLeft', 'scrollWidth', 'scrollHeight']],
    [Element, ['scrollTop', 'scrollLeft']],
    [HTMLElement, ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft', 'offsetParent', 'innerText']],
  ];
  for (const [type, names] of getters) {
    for (const name of names) {
      const descriptor = Object.getOwnPropertyDescriptor(type.prototype, name);
      const get = descriptor?.get;
      if (!descriptor || !get) continue;
      Object.defineProperty(type.prototype, name, {
        ...descriptor,
        get(this: unknown) {
          note(name);
          return get.call(this);
        },
      });
    }
  }
  const methods: [{ prototype: object }, string[]][] = [
    [Element, ['getBoundingClientRect', 'getClientRects']],
    [SVGGraphicsElement, ['getBBox']],
    [SVGTextContentElement, ['getComputedTextLength', 'getSubStringLength']],
  ];
  for (const [type, names] of methods) {
    const proto = type.prototype as Record<string, unknown>;
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== 'function') continue;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        note(name);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }
  const computedStyle = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element, pseudo) => {
    note('getComputedStyle');
    return computedStyle(element, pseudo);
  };
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    request((time) => {
      inFrame += 1;
      try {
        callback(time);
      } finally {
        inFrame -= 1;
      }
    });
}

/** Plays from the start and counts layout reads in animation frames over `ms` of wall time. */
async function layoutReadsWhilePlaying(
  page: Page,
  ms: number,
): Promise<{ reads: number; samples: string[] }> {
  await playFromStart(page);
  await page.evaluate(() => {
    const record = (window as unknown as { __layoutReadsInFrames: { reads: number; samples: string[] } })
      .__layoutReadsInFrames;
    record.reads = 0;
    record.samples = [];
  });
  const clockBefore = await page.getByTestId('clock').textContent();
  await page.waitForTimeout(ms);
  expect(await page.getByTestId('clock').textContent(), 'the playback moved').not.toBe(clockBefore);
  return page.evaluate(
    () =>
      (window as unknown as { __layoutReadsInFrames: { reads: number; samples: string[] } })
        .__layoutReadsInFrames,
  );
}

describe('the speed of the page itself', () => {
  const app = usePage();

  test(`the first script (entry chunk and its static imports) is at most ${INITIAL_JS_BUDGET_KB} kB gzip`, async () => {
    const script = await initialJs(app.outDir);
    const listing = script.chunks.map((c) => `${c.file} ${(c.gzipBytes / 1000).toFixed(1)} kB`).join(', ');
    expect(script.chunks.length, 'index.html loads a script').toBeGreaterThan(0);
    expect(script.gzipBytes / 1000, `first script: ${listing}`).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB);
    // The editor (CodeMirror) and the YAML package are loaded when needed, never with the page.
    const manifest = readFileSync(join(app.outDir, '.vite', 'manifest.json'), 'utf8');
    expect(manifest).toContain('src/ui/editor/yaml-editor.ts');
    for (const chunk of script.chunks) {
      const code = readFileSync(join(app.outDir, chunk.file), 'utf8');
      expect(code, `${chunk.file} holds CodeMirror`).not.toMatch(/\bcm-content\b/);
    }
  });

  test('the default scenario shows its numbers without the editor; the Editor tab loads it with the text run', async () => {
    const { page } = await app.open();
    expect((await settled(page)).state).toBe('done');
    await expect
      .poll(() => page.locator('[data-testid="kpi"] :is(.kpi-value, .kpi-whole)').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/\d/)]));
    const before = await scriptsFetched(page);
    expect(
      before.filter((name) => name.startsWith('yaml-editor')),
      'editor code fetched before its tab opened',
    ).toEqual([]);
    expect(await page.locator('.cm-editor').count()).toBe(0);
    const defaultText = readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8').replace(/\r\n?/g, '\n');
    // The text lives in a plain store until the editor loads: the tests' hook reads it all the same.
    expect(await editorText(page)).toBe(defaultText);

    await page.getByTestId('tab-editor').click();
    const editor = page.getByTestId('editor');
    await editor.waitFor();
    const after = await scriptsFetched(page);
    expect(
      after.filter((name) => name.startsWith('yaml-editor')).length,
      `scripts: ${after.join(', ')}`,
    ).toBe(1);
    expect(await editorText(page)).toBe(defaultText);
    expect(await editor.textContent()).toContain(defaultText.split('\n')[0]);
    expect(await editor.getAttribute('aria-describedby')).toBe('diagnostics');
  });

  test('a slider moves before the editor is loaded: the text and the run follow it', async () => {
    const { page } = await app.open();
    expect((await settled(page)).state).toBe('done');
    const slider = page.locator('input[type="range"][data-testid^="knob-"]').first();
    await slider.waitFor();
    const run = Number(await page.getByTestId('status').getAttribute('data-run'));
    const textBefore = await editorText(page);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    expect((await settled(page, run + 1)).state).toBe('done');
    expect(await editorText(page)).not.toBe(textBefore);
    expect(await page.locator('.cm-editor').count(), 'the slider did not need the editor').toBe(0);
  });

  for (const [what, open] of [
    ['the default scenario', async (_page: Page) => undefined],
    [
      'the retry storm side by side',
      async (page: Page) => {
        await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
        await page.getByTestId('side-by-side').click();
      },
    ],
  ] as const) {
    test(`no layout is read in the frame loop while ${what} plays`, async () => {
      const { page } = await app.open(undefined, watchLayoutReadsInFrames);
      expect((await settled(page)).state).toBe('done');
      await open(page);
      const found = await layoutReadsWhilePlaying(page, 2500);
      expect(found.reads, `layout read in animation frames:\n${found.samples.join('\n\n')}`).toBe(0);
    });
  }
});
