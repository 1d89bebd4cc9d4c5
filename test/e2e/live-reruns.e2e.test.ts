/**
 * Live re-runs in a real browser: the latest input wins under a drag (no run drawn for a value the
 * slider has already left, a handful of runs at most, the last value's numbers exactly); a re-run
 * keeps the playhead and whether it plays, a new file starts at its own start; tiles say "was → now"
 * after a change; "Reset lesson" puts the lesson's values back; the control used keeps the focus; a
 * policy's option (a breaker's pool) is a slider whose step changes the run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { keyFigureValues, resolveKeyFigures } from '../../src/report/key-figures';
import { runFile } from '../../src/model/run';
import { loadScenario } from '../../src/scenario/index';
import {
  editorText,
  openFromLibrary,
  root,
  RUN_TIMEOUT_MS,
  runEdited,
  seek,
  settled,
  usePage,
} from './support/page';
import { expectSoFarIsTheRunsOwn, soFarMoment, tiles, tileStates, watchTileStates } from './support/readouts';
import { traceShareText } from '../../src/ui/topology/traffic-legend';
import { DOTS_PER_SECOND } from '../../src/worker/trace-share';
import { MIN_RERUN_GAP_MS } from '../../src/ui/app/page-machine';

/** The number of the latest run begun (the status line's `data-run`). */
async function runNumber(page: Page): Promise<number> {
  return Number(await page.getByTestId('status').getAttribute('data-run'));
}

/** Each variant's key figures by key, as the model computes them for `text` on its own seed. */
function expectedFigures(text: string): Map<string, number> {
  const loaded = loadScenario(text, 'expected.yaml');
  if (!loaded.ok) throw new Error('the text does not load');
  const figures = resolveKeyFigures(loaded.file.base.keyFigures);
  const out = new Map<string, number>();
  for (const v of runFile(loaded.file).variants)
    keyFigureValues(figures, v).forEach((x, i) => out.set(`${v.name} ${figures[i].key}`, x));
  return out;
}

/** The playhead, ms, from the scrubber. */
async function playhead(page: Page): Promise<number> {
  return Number(await page.getByTestId('scrub').inputValue());
}

async function playing(page: Page): Promise<boolean> {
  return (await page.getByTestId('play').getAttribute('aria-pressed')) === 'true';
}

/** Presses `key` on slider `id` (focused first) and waits for the run it starts to finish. */
async function stepSlider(page: Page, id: string, key = 'ArrowRight'): Promise<void> {
  const before = await runNumber(page);
  await page.getByTestId(`knob-${id}`).focus();
  await page.keyboard.press(key);
  await settled(page, before + 1);
}

const page = usePage();

describe('live re-runs', () => {
  test(
    'the latest input wins under a drag: a handful of runs, none drawn for a value already left, the last value’s numbers exactly',
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      await openFromLibrary(p, 'lessons/11-retry-storm.yaml', 2);
      // Record, page side, the text each run began with and the text in the editor when its tiles were drawn.
      await p.evaluate(() => {
        const w = window as unknown as {
          meshsim: { editorText(): string };
          __began: Record<string, string>;
          __drawn: { run: string; text: string }[];
        };
        const status = document.getElementById('status')!;
        const kpis = document.getElementById('kpis')!;
        // The lesson's own run, begun and drawn before these observers.
        w.__began = { [status.dataset.run ?? '']: w.meshsim.editorText() };
        w.__drawn = [{ run: kpis.dataset.run ?? '', text: w.meshsim.editorText() }];
        new MutationObserver(() => {
          const run = status.dataset.run ?? '';
          if (!(run in w.__began)) w.__began[run] = w.meshsim.editorText();
        }).observe(status, { attributes: true, attributeFilter: ['data-run'] });
        // Each run's first drawing: the tiles go back to the last whole run (drawn before, for its
        // own text) when a run showing its early figures is abandoned for a newer input.
        new MutationObserver(() => {
          const run = kpis.dataset.run ?? '';
          if (!w.__drawn.some((d) => d.run === run)) w.__drawn.push({ run, text: w.meshsim.editorText() });
        }).observe(kpis, { attributes: true, attributeFilter: ['data-run'] });
      });
      const first = await runNumber(p);
      const slider = p.getByTestId('knob-client.shoppers.rate');
      // The lesson's panel settles (its sliders drawn beside their steps, its claims' verdicts in,
      // each of which may move what is below it) before the pointer goes to the slider: the box is
      // taken once it has held still for a while, and the point pressed must be the slider's.
      let box = (await slider.boundingBox())!;
      for (let still = 0; still < 3;) {
        await slider.scrollIntoViewIfNeeded();
        await p.waitForTimeout(250);
        const now = (await slider.boundingBox())!;
        still = now.x === box.x && now.y === box.y && now.width === box.width ? still + 1 : 0;
        box = now;
      }
      const min = Number(await slider.getAttribute('min'));
      const max = Number(await slider.getAttribute('max'));
      const value = Number(await slider.inputValue());
      const y = box.y + box.height / 2;
      const xOf = (v: number) => box.x + 8 + ((box.width - 16) * (v - min)) / (max - min);
      await p.mouse.move(xOf(value), y);
      const pressed = await p.evaluate(
        ([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-testid') ?? null,
        [xOf(value), y],
      );
      expect(pressed, 'the element under the pointer').toBe('knob-client.shoppers.rate');
      const dragBegan = Date.now();
      await p.mouse.down();
      // 30 pointer moves, one a frame at 60 Hz, from 80 requests a second to about 200.
      for (let i = 1; i <= 30; i++) {
        await p.mouse.move(xOf(value + (i * 120) / 30), y);
        await p.waitForTimeout(16);
      }
      await p.mouse.up();
      const dragMs = Date.now() - dragBegan;
      const last = Number(await slider.inputValue());
      expect(last).toBeGreaterThan(value + 60);
      // The run of the value let go of is drawn, and nothing after it.
      await p.waitForFunction(
        (wanted) => {
          const status = document.getElementById('status');
          const kpis = document.getElementById('kpis');
          const w = window as unknown as { meshsim: { editorText(): string } };
          return (
            status?.dataset.state === 'done' &&
            kpis?.dataset.run === status.dataset.run &&
            w.meshsim.editorText().includes(`rate: ${wanted}`)
          );
        },
        last,
        { timeout: RUN_TIMEOUT_MS },
      );
      const runs = (await runNumber(p)) - first;
      expect(runs, 'runs begun by the drag').toBeGreaterThanOrEqual(1);
      // A run per step would be 30. The latest input waits for the run going until it has had a run's
      // time, at least MIN_RERUN_GAP_MS: so at most one run begins per gap while the pointer moves,
      // and one more for the value let go of.
      const most = Math.floor(dragMs / MIN_RERUN_GAP_MS) + 2;
      expect(runs, `runs begun by a drag of ${dragMs} ms`).toBeLessThanOrEqual(Math.min(most, 8));
      const { began, drawn } = await p.evaluate(() => {
        const w = window as unknown as {
          __began: Record<string, string>;
          __drawn: { run: string; text: string }[];
        };
        return { began: w.__began, drawn: w.__drawn };
      });
      // A run whose value the slider had already left when it came in is never drawn: it was abandoned.
      for (const d of drawn) expect(began[d.run], `run ${d.run} drawn for a value already left`).toBe(d.text);
      const text = await editorText(p);
      expect(text).toContain(`rate: ${last}`);
      await seek(p, Number.MAX_SAFE_INTEGER);
      await p.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
      const expected = expectedFigures(text);
      const shown = await tiles(p);
      expect(shown.length).toBeGreaterThan(0);
      for (const t of shown) {
        const want = expected.get(`${t.variant} ${t.key}`);
        if (want === undefined || !Number.isFinite(want)) continue;
        expect(t.whole, `${t.variant} ${t.key}`).toBe(want);
      }
    },
    RUN_TIMEOUT_MS * 3,
  );

  test(
    'a re-run keeps the playhead and whether it plays; a new file starts at its own start',
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      await seek(p, 12_000);
      await stepSlider(p, 'client.shoppers.rate');
      expect(await playhead(p)).toBe(12_000);
      expect(await playing(p)).toBe(false);
      // Playing: it plays on from about where it was, not from 0 s.
      await p.getByTestId('play').click();
      const before = await playhead(p);
      await stepSlider(p, 'client.shoppers.rate');
      expect(await playing(p)).toBe(true);
      expect(await playhead(p)).toBeGreaterThanOrEqual(before);
      // Another file opens at its own playback start (0 s here), not where the last one was.
      await seek(p, 20_000);
      await openFromLibrary(p, 'lessons/11-retry-storm.yaml', (await runNumber(p)) + 1);
      expect(await playhead(p)).toBeLessThan(2_000);
    },
    RUN_TIMEOUT_MS * 3,
  );

  test(
    'tiles show "was → now" after a change, the run before’s values at the same moment; none after a new file',
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      await seek(p, Number.MAX_SAFE_INTEGER);
      await p.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
      const before = await tiles(p);
      expect(before.every((t) => t.was === null)).toBe(true);
      // Twice the rate: the catalog's queue grows, latency rises.
      const slider = p.getByTestId('knob-client.shoppers.rate');
      const rate = Number(await slider.inputValue());
      const run = await runNumber(p);
      await slider.evaluate((input, v) => {
        const range = input as HTMLInputElement;
        range.value = String(v);
        range.dispatchEvent(new Event('input', { bubbles: true }));
      }, rate * 2);
      await settled(p, run + 1);
      const after = await tiles(p);
      expect(after.map((t) => t.key)).toEqual(before.map((t) => t.key));
      for (const [i, t] of after.entries()) {
        expect(Number(t.was), t.key).toBe(before[i].value);
        if (t.wasText.startsWith('was')) expect(t.wasText).toMatch(/^was .+ → now .+$/);
        else expect(t.wasText).toBe('unchanged from the last run');
      }
      const p99 = after.find((t) => t.key === 'p99')!;
      expect(p99.value).toBeGreaterThan(Number(p99.was) * 1.01);
      expect(p99.wasClass).toContain('worse');
      await openFromLibrary(p, 'lessons/11-retry-storm.yaml', run + 2);
      expect((await tiles(p)).every((t) => t.was === null)).toBe(true);
    },
    RUN_TIMEOUT_MS * 3,
  );

  test(
    'with the playback at its end, a re-run’s tiles show its figures so far, against the run before’s at that moment, until the whole run is in',
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      await openFromLibrary(p, 'lessons/11-retry-storm.yaml', 2);
      await seek(p, Number.MAX_SAFE_INTEGER);
      await p.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
      await p.evaluate(watchTileStates);
      await stepSlider(
        p,
        (await p
          .locator('input[type="range"][data-testid^="knob-"]')
          .first()
          .getAttribute('data-testid'))!.slice(5),
      );
      const states = await tileStates(p);
      const soFar = states.filter((s) => soFarMoment(s.caption) !== undefined);
      expect(soFar.length, 'the run’s figures so far before its whole run').toBeGreaterThan(0);
      for (const state of soFar) expect(state.caption).toMatch(/ of 00:16\.0$/);
      expect(states.at(-1)!.caption).toMatch(/whole run$/);
      // Each against the run before at the same moment.
      for (const state of soFar)
        for (const tile of Object.values(state.tiles))
          expect(tile.was).toMatch(/^was .+ → now .+$|^unchanged/);
      // And each the finished run's own at that moment.
      await expectSoFarIsTheRunsOwn(p, states, 16_000);
    },
    RUN_TIMEOUT_MS * 3,
  );

  test(
    '"Reset lesson" puts the lesson’s values back and runs them; it is pressable only after a change',
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      const reset = p.getByTestId('reset-lesson');
      const original = readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8');
      expect(await editorText(p)).toBe(original);
      expect(await reset.getAttribute('aria-disabled')).toBe('true');
      await stepSlider(p, 'client.shoppers.rate');
      expect(await editorText(p)).not.toBe(original);
      expect(await reset.getAttribute('aria-disabled')).toBe('false');
      const run = await runNumber(p);
      await reset.focus();
      await p.keyboard.press('Enter');
      await settled(p, run + 1);
      expect(await editorText(p)).toBe(original);
      expect(await reset.getAttribute('aria-disabled')).toBe('true');
      expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'reset-lesson',
      );
      // Pressed again with nothing changed: nothing runs.
      await p.keyboard.press('Enter');
      await p.waitForTimeout(300);
      expect(await runNumber(p)).toBe(run + 1);
    },
    RUN_TIMEOUT_MS * 2,
  );

  test(
    'the control used keeps the focus after its re-run: a try-this button, a slider',
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      await openFromLibrary(p, 'lessons/11-retry-storm.yaml', 2);
      const second = p.getByTestId('try-this').nth(1);
      await second.focus();
      await p.keyboard.press('Enter');
      await settled(p, 3);
      await p.waitForTimeout(200);
      const focused = await p.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        const all = Array.from(document.querySelectorAll('[data-testid="try-this"]'));
        return { testId: active?.dataset.testid ?? active?.tagName, rank: all.indexOf(active as Element) };
      });
      expect(focused).toEqual({ testId: 'try-this', rank: 1 });
      await stepSlider(p, 'client.shoppers.rate');
      await p.waitForTimeout(200);
      expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'knob-client.shoppers.rate',
      );
    },
    RUN_TIMEOUT_MS * 2,
  );

  test('a slider step that changes the rate keeps the diagram drawn, and the key names the new share of requests traced', async () => {
    const { page: p } = await page.open();
    expect((await settled(p)).state).toBe('done');
    // The default scenario's first slider is the shoppers' rate: the share traced follows it.
    const legend = async () => (await p.locator('[data-testid="legend-dots"]').textContent()) ?? '';
    const before = await legend();
    await p.evaluate(() => {
      (document.querySelector('[data-testid="topology"] svg') as SVGElement & { __kept?: boolean }).__kept =
        true;
    });
    const run = await runNumber(p);
    await p.locator('input[type="range"][data-testid^="knob-"]').first().focus();
    // To the slider's end, a rate far enough from 200 that the share traced reads otherwise.
    await p.keyboard.press('End');
    expect((await settled(p, run + 1)).state).toBe('done');
    const rate = Number(/arrival: \{ process: poisson, rate: (\d+) \}/.exec(await editorText(p))?.[1]);
    expect(rate).toBeGreaterThan(300);
    // The same SVG element: the diagram was not drawn anew for a rate.
    const kept = await p.evaluate(
      () =>
        (document.querySelector('[data-testid="topology"] svg') as SVGElement & { __kept?: boolean }).__kept,
    );
    expect(kept).toBe(true);
    expect(await legend()).not.toBe(before);
    expect(await legend()).toContain(traceShareText(DOTS_PER_SECOND / rate));
  });

  test(
    "a breaker's pool is a slider: widening it edits the pool in place and the run no longer turns calls away",
    async () => {
      const { page: p } = await page.open();
      await settled(p, 1);
      const text = [
        'name: A pool that turns calls away',
        'seed: 1',
        'duration: 10s',
        'warmup: 1s',
        'clients:',
        '  - id: shoppers',
        '    arrival: { process: poisson, rate: 100 }',
        '    mix: [{ method: POST, path: /api/checkout }]',
        'gateway:',
        '  id: edge',
        '  routes: [{ id: checkout, match: { prefix: /api/checkout }, service: checkout }]',
        'services:',
        '  - id: checkout',
        '    instances: 2',
        '    concurrency: 32',
        '    serviceTime: { dist: lognormal, median: 3ms, p99: 12ms }',
        '    calls: [payments]',
        '  - id: payments',
        '    instances: 2',
        '    concurrency: 4',
        '    serviceTime: { dist: lognormal, median: 15ms, p99: 60ms }',
        'mesh:',
        '  enabled: true',
        '  profile: istio',
        '  policies:',
        '    payments:',
        '      connectionPool: { maxConnections: 1, maxPendingRequests: 1 }',
        'keyFigures:',
        '  - successRate',
        '  - { label: refused by the pool, value: mesh.outcomes.poolOverflows, unit: count }',
        '',
      ].join('\n');
      expect((await runEdited(p, text)).state).toBe('done');
      const overflows = async () =>
        (await tiles(p)).find((t) => t.key === 'mesh.outcomes.poolOverflows')!.whole;
      await seek(p, Number.MAX_SAFE_INTEGER);
      expect(await overflows()).toBeGreaterThan(0);
      // The sliders are on the Lesson tab; the edit was made on the Editor's.
      await p.getByTestId('tab-lesson').click();
      const slider = p.getByTestId('knob-mesh.policy.payments.connectionPool.maxConnections');
      expect(await slider.inputValue()).toBe('1');
      const run = await runNumber(p);
      await slider.focus();
      await p.keyboard.press('End');
      expect((await settled(p, run + 1)).state).toBe('done');
      const widened = await editorText(p);
      const max = await slider.getAttribute('max');
      expect(widened).toBe(
        text.replace(
          'maxConnections: 1, maxPendingRequests: 1',
          `maxConnections: ${max}, maxPendingRequests: 1`,
        ),
      );
      await seek(p, Number.MAX_SAFE_INTEGER);
      await p.waitForSelector('[data-testid="kpis"][data-moment="whole"]', { state: 'attached' });
      const expected = expectedFigures(widened);
      for (const t of await tiles(p)) expect(t.whole, t.key).toBe(expected.get(`${t.variant} ${t.key}`));
      expect(await overflows()).toBe(0);
    },
    RUN_TIMEOUT_MS * 2,
  );
});
