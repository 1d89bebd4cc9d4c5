/**
 * The lesson's claims in words and the compare view that leads with what matters, in a real browser,
 * on the retry-storm (11) and gateway-vs-mesh (19) lessons. What the page shows is held to what the
 * model computes for the same file: the claim words of the run shown, and the comparison over the
 * lesson's replications, cell by cell, with the sense (better, worse, neutral) of every change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { claimExpectedWords, claimSubject, claimValueWords } from '../../src/report/claim-wording';
import { evaluateExpectations, type ClaimResult } from '../../src/report/expectations';
import { leadFromKeyFigures } from '../../src/report/key-figure-lead';
import { keyFigureData, resolveKeyFigures } from '../../src/report/key-figures';
import { runReplications } from '../../src/model/replications';
import { compareReplications } from '../../src/report/comparison';
import { loadScenario } from '../../src/scenario/index';
import type { ScenarioFile } from '../../src/scenario/types';
import { compareTable, type CompareTable } from '../../src/ui/compare-table';
import { openFromLibrary, root, RUN_TIMEOUT_MS, settled, usePage } from './support/page';

/** A lesson of the library, loaded as the model loads it. */
function lesson(name: string): ScenarioFile {
  const path = join(root, 'scenarios', 'lessons', name);
  const loaded = loadScenario(readFileSync(path, 'utf8'), name);
  if (!loaded.ok) throw new Error(`${name} does not load: ${loaded.errors[0]?.message}`);
  return loaded.file;
}

/** What the model says of `file`: the claims on its first seed, and its comparison as the page lays it out. */
function modelOf(file: ScenarioFile): { claims: ClaimResult[]; table: CompareTable } {
  const reports = runReplications(file);
  const lead = leadFromKeyFigures(keyFigureData(resolveKeyFigures(file.base.keyFigures)));
  return {
    claims: evaluateExpectations(file.base.expect, reports[0]),
    table: compareTable(compareReplications(reports, { lead })),
  };
}

/** Rows of the page's compare view, in order: the figure's key, its group, and each cell's column, text and class. */
async function compareRows(page: Page) {
  return page.locator('table.compare-table tbody:not(.group) tr:not(.section)').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')];
      return {
        key: (cells[0]?.dataset.testid ?? '').replace(/^compare-/, ''),
        label: row.querySelector('th')?.textContent ?? '',
        group: row.closest('tbody')?.dataset.group ?? '',
        cells: cells.map((td) => ({
          variant: td.dataset.variant ?? '',
          column: td.dataset.column ?? '',
          text: td.dataset.text ?? '',
          classes: td.className,
        })),
      };
    }),
  );
}

/** The sense the page paints a cell in, from its classes. */
function paintedSense(classes: string): string {
  if (/\bbetter\b/.test(classes)) return 'better';
  if (/\bworse\b/.test(classes)) return 'worse';
  return 'neutral';
}

/** Opens the Lesson tab and waits for every seed's verdicts. */
async function claimsComplete(page: Page): Promise<void> {
  await page.getByTestId('tab-lesson').click();
  await page
    .getByTestId('claim-seeds')
    .first()
    // In the claim's folded detail: there, not shown, until the reader opens it.
    .waitFor({ state: 'attached', timeout: RUN_TIMEOUT_MS * 2 });
}

/** Opens the Results tab and waits for the compare view to cover every replication. */
async function comparisonComplete(page: Page): Promise<void> {
  await page.getByTestId('tab-results').click();
  await page.waitForSelector('[data-testid="compare"][data-complete="true"]', {
    state: 'attached',
    timeout: RUN_TIMEOUT_MS * 2,
  });
}

/** The figure rows a learner reads first: latency percentiles, success and the error shares, load and cost. */
const LEARNER_FIGURES = /^(p50|p90|p99|p999|mean|max|success|share-\d{3}|amplification|mesh-cpu)$/;

describe('claims in words and a compare view that leads with what matters', () => {
  const app = usePage();

  /** Checks the claims of `file` on the page against the model's words; returns the claims' locator. */
  async function checkClaims(page: Page, file: ScenarioFile, claims: readonly ClaimResult[]) {
    await claimsComplete(page);
    const items = page.getByTestId('claim');
    expect(await items.count()).toBe(file.base.expect.length);
    const visible = await page.getByTestId('claims').innerText();
    for (const [i, expectation] of file.base.expect.entries()) {
      const item = items.nth(i);
      const model = claims[i];
      // The sentence, as text.
      expect(await item.getByTestId('claim-say').textContent()).toBe(expectation.say);
      // The value in its unit, the bounds in words and the verdict, as the model words them.
      expect(await item.getByTestId('claim-value').textContent()).toBe(claimValueWords(model, model.value));
      expect(await item.getByTestId('claim-expected').textContent()).toBe(` · ${claimExpectedWords(model)}`);
      // Which variant it is measured on, always named.
      const subject = claimSubject(model);
      expect(subject).not.toBe('');
      expect(await item.getByTestId('claim-verdict').textContent()).toBe(
        `${model.holds ? '✓ holds' : '✗ does not hold'} · measured on ${subject}: ${claimValueWords(model, model.value)} · ${claimExpectedWords(model)}`,
      );
      expect(await item.getByTestId('claim-seeds').textContent()).toMatch(
        new RegExp(`^holds on \\d of ${file.base.replications} seeds · `),
      );
      // The expression waits behind its disclosure.
      expect(visible).not.toContain(expectation.check);
      const check = item.getByTestId('claim-check');
      expect(await check.isVisible()).toBe(false);
      await item.locator('summary').click();
      expect(await check.isVisible()).toBe(true);
      expect(await check.textContent()).toBe(expectation.check);
    }
    return items;
  }

  /** Checks the compare view against the model's table: the order, no engine row, the colours. */
  async function checkComparison(page: Page, table: CompareTable) {
    await comparisonComplete(page);
    // Whole runs, whatever moment the playback shows.
    expect(await page.getByTestId('compare-title').textContent()).toBe(
      'Variants compared over the whole run',
    );
    expect(await page.getByTestId('claims-note').textContent()).toMatch(
      /^Checked over this whole run \(seed 1\)/,
    );
    const rows = await compareRows(page);
    const expected = table.sections.flatMap((s) => s.rows.map((r) => ({ ...r, group: s.group })));
    expect(rows.map((r) => r.key)).toEqual(expected.map((r) => r.key));
    // The lesson's own figures lead (the lead asked for, then the learner's figures); counts come later.
    const firstCount = rows.findIndex((r) => r.group === 'counts');
    expect(rows[0].group).toMatch(/^(lead|figures)$/);
    for (const row of rows.slice(0, firstCount)) {
      expect(row.group === 'lead' || LEARNER_FIGURES.test(row.key), `${row.key} leads`).toBe(true);
    }
    for (const key of ['generated', 'ok']) {
      expect(rows.find((r) => r.key === key)?.group, key).toBe('counts');
    }
    expect(rows.slice(0, 2).map((r) => r.key)).not.toContain('generated');
    // Run metadata is not compared.
    expect(rows.some((r) => r.key === 'wall' || r.key === 'events' || /^(wall|events)$/.test(r.label))).toBe(
      false,
    );
    expect(await page.locator('[data-testid="compare-wall"], [data-testid="compare-events"]').count()).toBe(
      0,
    );
    // Colour only where the interval leaves out 0, the change shows, and the figure has a direction.
    let painted = 0;
    for (const [i, row] of rows.entries()) {
      for (const [j, cell] of row.cells.entries()) {
        const sense = paintedSense(cell.classes);
        const model = expected[i].cells[j];
        expect(cell.text, `${row.key} ${cell.variant} ${cell.column}`).toBe(model.text);
        expect(sense, `${row.key} ${cell.variant} ${cell.column}: ${cell.text}`).toBe(
          model.sense ?? 'neutral',
        );
        if (cell.column !== 'delta') continue;
        if (sense !== 'neutral') painted++;
        if (!cell.text.endsWith('*') || !/[1-9]/.test(cell.text.split(' ± ')[0])) {
          expect(sense, `${row.key} ${cell.variant}: ${cell.text} is coloured`).toBe('neutral');
        }
      }
    }
    return painted;
  }

  test('the retry storm: each claim in words with its verdict; the comparison opens on the calls per request', async () => {
    const file = lesson('11-retry-storm.yaml');
    const model = modelOf(file);
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2)).state).toBe('done');

    // A reader opens "How it is measured" while the other seeds are still being checked: their
    // verdicts redraw the list, and the disclosure stays open.
    await page.getByTestId('tab-lesson').click();
    const firstHow = page.getByTestId('claim-how').first();
    await firstHow.locator('summary').click();
    await claimsComplete(page);
    expect(await firstHow.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await firstHow.locator('summary').click();

    const items = await checkClaims(page, file, model.claims);
    expect(await items.nth(0).getByTestId('claim-value').textContent()).toMatch(
      /^2\d\.\d calls per request$/,
    );
    expect(await items.nth(0).getByTestId('claim-subject').textContent()).toBe('on every-hop: ');
    expect(await items.nth(0).getByTestId('claim-expected').textContent()).toBe(
      ' · expected between 24 and 27',
    );
    expect(await items.nth(2).getByTestId('claim-expected').textContent()).toBe(' · expected under 3.5');
    expect(await items.nth(3).getByTestId('claim-value').textContent()).toMatch(/^[\d.]+% busy$/);
    expect(await items.nth(4).getByTestId('claim-value').textContent()).toMatch(/^\d{3} ms$/);
    expect(await items.nth(4).getByTestId('claim-expected').textContent()).toBe(' · expected over 500 ms');
    await page.getByTestId('claims').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, 'test-results', 'e2e-claims-words.png') });

    const painted = await checkComparison(page, model.table);
    const rows = await compareRows(page);
    expect(rows[0].label).toBe('ledger calls per request');
    expect(rows[0].group).toBe('lead');
    // One hop's retries cut the median by most of a second: clearly better.
    const p50 = rows.find((r) => r.key === 'p50')!;
    expect(
      paintedSense(p50.cells.find((c) => c.variant === 'one-hop' && c.column === 'delta')!.classes),
    ).toBe('better');
    expect(painted).toBeGreaterThan(0);
    await page.getByTestId('compare').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, 'test-results', 'e2e-compare-lead.png') });
  });

  test('gateway vs mesh: success and sidecar CPU in words; latency and success first, no wall time', async () => {
    const file = lesson('19-gateway-vs-mesh.yaml');
    const model = modelOf(file);
    const session = await app.open();
    const { page } = session;
    await settled(page);
    expect((await openFromLibrary(page, 'lessons/19-gateway-vs-mesh.yaml', 2)).state).toBe('done');

    const items = await checkClaims(page, file, model.claims);
    expect(await items.nth(0).getByTestId('claim-value').textContent()).toMatch(/^\+\d\.\d\d ms$/);
    expect(await items.nth(0).getByTestId('claim-subject').textContent()).toBe(
      'on gateway-and-mesh vs gateway-only: ',
    );
    expect(await items.nth(0).getByTestId('claim-expected').textContent()).toBe(
      ' · expected between 1.5 ms and 3.5 ms',
    );
    expect(await items.nth(2).getByTestId('claim-value').textContent()).toMatch(
      /^[\d,]+ ms of sidecar CPU per 1,000 requests$/,
    );
    expect(await items.nth(3).getByTestId('claim-value').textContent()).toMatch(/^8\d(\.\d\d?)?% succeed$/);
    expect(await items.nth(3).getByTestId('claim-expected').textContent()).toBe(
      ' · expected between 80% and 85%',
    );
    expect(await items.nth(4).getByTestId('claim-expected').textContent()).toBe(' · expected over 99.9%');

    await checkComparison(page, model.table);
    const rows = await compareRows(page);
    expect(rows[0].key).toBe('p50');
    const success = rows.find((r) => r.key === 'success')!;
    expect(rows.indexOf(success)).toBeLessThan(rows.findIndex((r) => r.key === 'generated'));
    // The mesh's retries and ejection lift success by about 18 points on every seed: better.
    const lift = success.cells.find((c) => c.variant === 'gateway-and-mesh' && c.column === 'delta')!;
    expect(lift.text).toMatch(/^\+1\d\.\d\d pp ± [\d.]+ pp \*$/);
    expect(paintedSense(lift.classes)).toBe('better');
    // Its sidecars cost latency: the median rises, clearly, for the worse.
    const p50 = rows[0].cells.find((c) => c.variant === 'gateway-and-mesh' && c.column === 'delta')!;
    expect(paintedSense(p50.classes)).toBe('worse');
    // The requests generated are the same arrivals in every variant: never coloured.
    const generated = rows.find((r) => r.key === 'generated')!;
    expect(generated.cells.every((c) => paintedSense(c.classes) === 'neutral')).toBe(true);
    await page.getByTestId('compare').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(root, 'test-results', 'e2e-compare-mesh.png') });

    // A table wider than its box says so, and hides the line when the box holds it: on a phone
    // three setups do not fit, and the two after the first must not pass unseen.
    const overflowShown = () =>
      page.getByTestId('compare').evaluate((view) => {
        const box = view.querySelector('.compare-scroll')!;
        const hint = view.querySelector<HTMLElement>('[data-testid="compare-hint"]')!;
        return { overflows: box.scrollWidth > box.clientWidth + 1, shown: !hint.hidden };
      });
    const atFirst = await overflowShown();
    expect(atFirst.shown).toBe(atFirst.overflows);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(overflowShown).toEqual({ overflows: true, shown: true });
    expect(await page.getByTestId('compare-hint').textContent()).toBe(
      '3 setups side by side: scroll the table sideways to see them all →',
    );
  });
});
