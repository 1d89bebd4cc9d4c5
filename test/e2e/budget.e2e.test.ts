/**
 * A share link of a scenario that would exhaust the tab (10^8 instances: about two minutes and a
 * crashed tab before) is refused before its run starts, with the size guard's positioned message in
 * the problems list, within a few seconds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { encodeScenarioHash } from '../../src/ui/share';
import { openApp, settled, usePage } from './support/page';

/** A generous bound on the refusal, wall time: the run it refuses would take minutes, then crash. */
const REFUSED_WITHIN_MS = 15_000;

describe('the resource budget in the page', () => {
  const app = usePage();

  test('a share link of 10^8 instances is refused with the estimate, the budget and the field', async () => {
    const text = readFileSync(new URL('../fixtures/hostile/instances-1e8.yaml', import.meta.url), 'utf8');
    const hash = await encodeScenarioHash(text);
    const began = performance.now();
    const { page } = app.track(await openApp(app.browser, `${app.url}${hash}`));
    const status = await settled(page);
    const tookMs = performance.now() - began;
    expect(status.state, status.text).toBe('invalid');
    // The entry shows the position, the field, the message and the hint, each in its own element.
    expect(await page.getByTestId('diagnostic-error').first().textContent()).toMatch(
      new RegExp(
        String.raw`shared\.yaml:5:16: services\[0\]\.instances\s*this would hold about 40 GB, over the memory ` +
          String.raw`budget of 1 GB; api \(100000000 instances\) takes 40 GB\s*lower services\[0\]\.instances`,
      ),
    );
    expect(tookMs).toBeLessThan(REFUSED_WITHIN_MS);
  });
});
