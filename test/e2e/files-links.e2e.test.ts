/**
 * Files, errors and links in a real browser: an invalid run shows its first error's line and every
 * error whole; figures of an earlier run are marked stale; the scenario menu names the file open;
 * an imported Kong file says what was read and why most of its requests are refused, and draws those
 * refusals; a shared link keeps the seed, the variant, the playhead and the tab.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  editorText,
  openFromLibrary,
  openThroughDialog,
  RUN_TIMEOUT_MS,
  runEdited,
  settled,
  usePage,
} from './support/page';

/** The text of the option the scenario menu shows selected. */
function pickerLabel(page: Page): Promise<string> {
  return page
    .getByTestId('library')
    .evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
}

/** The report of the run drawn (the page's read-only hook). */
function report(page: Page): Promise<{
  seed: number;
  variants: { name: string; requests: { generated: number; byStatus: Record<string, number> } }[];
}> {
  return page.evaluate(() => (window as unknown as { meshsim: { report(): never } }).meshsim.report());
}

/** True when `element`'s box lies inside the window and nothing covers its middle. */
function seenWhole(page: Page, testId: string): Promise<boolean> {
  return page
    .getByTestId(testId)
    .first()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      const inside = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const clipped =
        element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1;
      return inside && box.height > 0 && !clipped && hit !== null && element.contains(hit);
    });
}

describe('files, errors and links', () => {
  const app = usePage();

  test('an error deep in the file: the editor shows its line, marked, and the list shows it whole', async () => {
    const { page } = await app.open();
    await settled(page);
    const lines = (await editorText(page)).trimEnd().split('\n');
    // A misspelt field on line 60 of the default scenario, far below what the editor first shows.
    const at = 59;
    const indent = /^\s*/.exec(lines[at])?.[0] ?? '';
    const edited = [...lines.slice(0, at), `${indent}serviceTme: 4ms`, ...lines.slice(at), ''].join('\n');
    const status = await runEdited(page, edited);
    expect(status.state, status.text).toBe('invalid');
    expect(await editorText(page)).toBe(edited);

    // The editor has scrolled to line 60 and marks it, the misspelt word selected.
    const revealed = page.getByTestId('revealed-line');
    await revealed.waitFor({ timeout: 5000 });
    expect(await revealed.textContent()).toBe(`${indent}serviceTme: 4ms`);
    // Its start is in sight: inside the editor's scrolled box and the window, not covered.
    expect(
      await revealed.evaluate((line) => {
        const box = line.getBoundingClientRect();
        const frame = line.closest('.cm-scroller')?.getBoundingClientRect();
        if (!frame) return false;
        const x = Math.max(box.left, frame.left) + 30;
        const hit = document.elementFromPoint(x, (box.top + box.bottom) / 2);
        return (
          box.top >= frame.top &&
          box.bottom <= frame.bottom &&
          box.bottom <= innerHeight &&
          line.contains(hit)
        );
      }),
    ).toBe(true);
    const first = page.getByTestId('diagnostic-error').first();
    expect(await first.getAttribute('data-line')).toBe('60');

    // Each part of the error is there, whole and in sight: place, field, message, hint.
    expect(await first.getByTestId('diagnostic-place').textContent()).toMatch(/^default\.yaml:60:\d+:$/);
    expect(await first.getByTestId('diagnostic-field').textContent()).toMatch(/serviceTme$/);
    expect(await first.getByTestId('diagnostic-message').textContent()).toMatch(/unknown field/i);
    expect(await first.getByTestId('diagnostic-hint').textContent()).toMatch(/serviceTime/);
    for (const part of ['diagnostic-place', 'diagnostic-message', 'diagnostic-hint'])
      expect(await seenWhole(page, part), part).toBe(true);

    // Clicking the place puts the cursor on that line, in the editor.
    await page.getByTestId('revealed-line').evaluate((line) => line.closest('.cm-scroller')?.scrollTo(0, 0));
    await first.getByTestId('diagnostic-place').click();
    await page.waitForFunction(() => document.activeElement?.closest('.cm-editor') !== null);
    expect(await page.locator('.cm-activeLine').textContent()).toBe(`${indent}serviceTme: 4ms`);
  });

  test('figures of the last run are marked stale while a new file runs and after it fails to validate', async () => {
    const { page } = await app.open();
    await settled(page);
    const drawn = await page.getByTestId('scenario-name').textContent();
    expect(await page.getByTestId('stale-mark').isHidden()).toBe(true);

    // A long file: while it runs, the default scenario's figures stay, marked, under their own name.
    const long = [
      'name: A long shop',
      'duration: 20m',
      'clients: [ { id: c, target: s, arrival: { rate: 400 } } ]',
      'services: [ { id: s, serviceTime: 2ms, concurrency: 4 } ]',
      '',
    ].join('\n');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('open-file').click(),
    ]);
    await chooser.setFiles({ name: 'long.yaml', mimeType: 'application/yaml', buffer: Buffer.from(long) });
    await page.waitForFunction(() => document.getElementById('status')?.dataset.run === '2');
    const mark = page.getByTestId('stale-mark');
    await mark.waitFor({ timeout: 5000 });
    expect(await page.getByTestId('status').getAttribute('data-state')).toBe('running');
    expect(await mark.textContent()).toBe(
      `These figures are of “${drawn}”; long.yaml is running and has not given its numbers yet.`,
    );
    expect(await page.getByTestId('scenario-name').textContent()).toBe(drawn);
    for (const id of ['topology', 'kpis'])
      expect(await page.getByTestId(id).getAttribute('data-stale')).toBe('true');
    await page.getByTestId('tab-editor').click();
    await page.getByTestId('run').click(); // Stop
    expect((await settled(page, 2)).state).toBe('stopped');
    expect(await mark.textContent()).toBe(
      `These figures are of “${drawn}”; the run of long.yaml was stopped.`,
    );

    // A file with errors: not run, the figures still the default's, said so.
    const broken =
      'name: Broken\nclients: [ { id: c, target: s, arrival: { rate: fast } } ]\nservices: [ { id: s } ]\n';
    expect((await openThroughDialog(page, 'broken.yaml', broken, 3)).state).toBe('invalid');
    expect(await mark.textContent()).toBe(
      `These figures are of “${drawn}”; broken.yaml has errors and has not run.`,
    );
    expect(await page.getByTestId('scenario-name').textContent()).toBe(drawn);

    // A file that runs: its own figures, unmarked.
    const good =
      'name: A quick shop\nduration: 5s\nclients: [ { id: c, target: s, arrival: { rate: 50 } } ]\nservices: [ { id: s, serviceTime: 2ms } ]\n';
    expect((await openThroughDialog(page, 'good.yaml', good, 4)).state).toBe('done');
    expect(await mark.isHidden()).toBe(true);
    expect(await page.getByTestId('topology').getAttribute('data-stale')).toBeNull();
    expect(await page.getByTestId('scenario-name').textContent()).toBe('A quick shop');
  });

  test('the scenario menu names the file open: from the menu, a file dialog, a drop, an import, a link', async () => {
    const { page } = await app.open();
    await settled(page);
    expect(await pickerLabel(page)).toBe('E-commerce behind a gateway');
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    expect(await pickerLabel(page)).toBe('A retry storm');

    const text =
      'name: Mine\nduration: 5s\nclients: [ { id: c, target: s, arrival: { rate: 50 } } ]\nservices: [ { id: s, serviceTime: 2ms } ]\n';
    await openThroughDialog(page, 'mine.yaml', text, 3);
    expect(await pickerLabel(page)).toBe('Open: mine.yaml');

    // A file dropped on the page.
    await page.evaluate(
      (body) => {
        const data = new DataTransfer();
        data.items.add(new File([body], 'dropped.yaml', { type: 'application/yaml' }));
        for (const type of ['dragenter', 'dragover', 'drop'])
          document.body.dispatchEvent(
            new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
          );
      },
      text.replace('Mine', 'Dropped'),
    );
    await settled(page, 4);
    expect(await pickerLabel(page)).toBe('Open: dropped.yaml');
    expect(await page.getByTestId('scenario-name').textContent()).toBe('Dropped');

    // Kong config through the dialog is imported, and named so.
    const kong =
      '_format_version: "3.0"\nservices:\n  - name: api\n    url: http://api:80\n    routes: [{ name: api, paths: [/] }]\n';
    await openThroughDialog(page, 'gateway.yml', kong, 5);
    expect(await pickerLabel(page)).toBe('Open: gateway.yml, imported');

    // A shared link of a text not in the library names itself; one of a lesson names the lesson.
    await page.getByTestId('share').click();
    await page.waitForFunction(() => location.hash.startsWith('#s='));
    const other = await app.browser.newPage();
    try {
      await other.goto(page.url());
      await settled(other);
      expect(await pickerLabel(other)).toBe('Open: Kong config gateway.yml (shared link)');
    } finally {
      await other.close();
    }
  });

  test('the Kong example: a summary beside the diagram says what was read, dropped and assumed, and why 429', async () => {
    const { page } = await app.open();
    await settled(page);
    const status = await openFromLibrary(page, 'kong/kong.yml', 2);
    expect(status.state, status.text).toBe('done');
    const summary = page.getByTestId('import-summary');
    await summary.getByTestId('import-why').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('tab-lesson').getAttribute('aria-selected')).toBe('true');
    expect(await summary.getByTestId('import-read').textContent()).toBe(
      '4 routes · 2 services · plugins rate-limiting, proxy-cache ×2, key-auth ×2, acl ×2.',
    );
    expect(await summary.getByTestId('import-dropped').textContent()).toMatch(
      // Only values that differ from Kong's defaults are warned, once per field; labels (tags) never.
      /^15 warnings: left out connect_timeout, [^;]+ and \d+ more; approximated [^;]*routes\.paths[^;]*; 2 services made up with placeholder times\. see all 15 warnings$/,
    );
    expect(await summary.getByTestId('import-load').textContent()).toBe(
      'the config holds no traffic, so the import made up clients: 100 requests/s (poisson) as alice. Edit clients to match yours.',
    );
    // The reason's share is the run's own.
    const run = (await report(page)).variants[0];
    const share = ((100 * (run.requests.byStatus['429'] ?? 0)) / run.requests.generated).toFixed(1);
    expect(await summary.getByTestId('import-why').textContent()).toBe(
      'The rate-limiting plugin (100 a minute, every route) admits 1.67 requests/s per consumer, and every ' +
        `request is alice's; the clients send 100/s, so ${share}% are refused with 429 at the gateway: ` +
        'answered at once, hence a median latency of 0 ms.',
    );
    expect(await seenWhole(page, 'import-why')).toBe(true);
    // The full list is a click away.
    await summary.getByTestId('import-warnings').click();
    expect(await page.getByTestId('diagnostic-warning').count()).toBe(15);
  });

  test('requests refused at the gateway are drawn there: the Kong example shows its 429s', async () => {
    const { page } = await app.open();
    await settled(page);
    await openFromLibrary(page, 'kong/kong.yml', 2);
    // Pixels of the 429 colour (#e69f00) on the dots' canvas, counted over a few seconds of playing.
    const orange = await page.waitForFunction(
      () => {
        let count = 0;
        for (const canvas of document.querySelectorAll<HTMLCanvasElement>('#stage canvas')) {
          const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
          if (!data) continue;
          for (let i = 0; i < data.length; i += 4)
            if (
              Math.abs(data[i] - 230) < 12 &&
              Math.abs(data[i + 1] - 159) < 12 &&
              data[i + 2] < 30 &&
              data[i + 3] > 200
            )
              count++;
        }
        return count > 20 ? count : false;
      },
      undefined,
      { timeout: 15_000, polling: 200 },
    );
    expect(await orange.jsonValue()).toBeGreaterThan(20);
  });

  test('a shared link keeps the seed, the variant, the playhead and the tab, and opening it restores them', async () => {
    const { page } = await app.open();
    await settled(page);
    await openFromLibrary(page, 'lessons/19-gateway-vs-mesh.yaml', 2);
    await page.getByTestId('new-seed').click();
    await settled(page, 3);
    const seed = (await report(page)).seed;
    await page.getByTestId('variant-1').click();
    const variant = (await page.getByTestId('variant-1').textContent()) ?? '';
    await page.getByTestId('play').evaluate((button) => {
      if (button.getAttribute('aria-pressed') === 'true') (button as HTMLButtonElement).click();
    });
    await page.getByTestId('scrub').evaluate((scrub) => {
      (scrub as HTMLInputElement).value = '12300';
      scrub.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.getByTestId('tab-results').click();
    await page.getByTestId('share').click();
    await page.waitForFunction(() => /&tab=results$/.test(location.hash));
    const link = page.url();
    expect(link).toMatch(new RegExp(`&seed=${seed}&v=${encodeURIComponent(variant)}&t=12300&tab=results$`));

    const other = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await other.goto(link);
      await settled(other);
      expect((await report(other)).seed).toBe(seed);
      await other.waitForFunction(
        () => document.querySelector('[data-testid="variant-1"]')?.getAttribute('aria-pressed') === 'true',
        undefined,
        { timeout: RUN_TIMEOUT_MS },
      );
      expect(await other.getByTestId('variant-0').getAttribute('aria-pressed')).toBe('false');
      expect(await other.getByTestId('clock').textContent()).toMatch(/^00:12\.3 \//);
      expect(await other.getByTestId('play').getAttribute('aria-pressed')).toBe('false');
      expect(await other.getByTestId('tab-results').getAttribute('aria-selected')).toBe('true');
      expect(await pickerLabel(other)).toBe('Gateway, mesh, or both');
    } finally {
      await other.close();
    }

    // Side by side is kept too.
    await page.getByTestId('side-by-side').click();
    await page.getByTestId('share').click();
    await page.waitForFunction(() => location.hash.includes('&side=1'));
    const sideLink = page.url();
    const third = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await third.goto(sideLink);
      await settled(third);
      await third.waitForFunction(
        () => document.querySelector('[data-testid="side-by-side"]')?.getAttribute('aria-pressed') === 'true',
        undefined,
        { timeout: RUN_TIMEOUT_MS },
      );
      expect(await third.locator('#stage .stage-part').count()).toBeGreaterThan(1);
    } finally {
      await third.close();
    }
  }, 180_000);
});
