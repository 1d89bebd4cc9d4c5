/**
 * What the browser tests read of the page's figures, shared by the files that check them: the
 * key-figure tiles as drawn, and the diagram's edge labels switched to the whole run.
 */
import type { Page } from 'playwright-core';

/** One key-figure tile as drawn. */
export interface TileReading {
  /** The variant (setup) the tile belongs to, by name. */
  readonly variant: string;
  /** The key figure's key (`p99`, `components.ledger.served`, ...). */
  readonly key: string;
  /** Its value at the moment shown, and over the whole run (NaN where it has none). */
  readonly value: number;
  readonly whole: number;
  /** The value's text. */
  readonly text: string;
  /** After a change, the run before's value (`data-was`), its text and its class; null and '' without. */
  readonly was: string | null;
  readonly wasText: string;
  readonly wasClass: string;
}

/** The tiles drawn, in order. */
export function tiles(page: Page): Promise<TileReading[]> {
  return page.locator('[data-testid="kpi"]').evaluateAll((elements) =>
    elements.map((e) => {
      const was = e.querySelector('[data-testid="kpi-was"]');
      return {
        variant: e.getAttribute('data-variant') ?? '',
        key: e.getAttribute('data-key') ?? '',
        value: Number(e.getAttribute('data-value')),
        whole: Number(e.getAttribute('data-whole')),
        text: e.querySelector('.kpi-value')?.textContent ?? '',
        was: was?.getAttribute('data-was') ?? null,
        wasText: was?.textContent ?? '',
        wasClass: was?.className ?? '',
      };
    }),
  );
}

/** Switches the diagram's edge labels to the whole run and waits until every label shows it. */
export async function showWholeRunEdgeLabels(page: Page): Promise<void> {
  await page.getByTestId('edge-window-run').click();
  await page.waitForFunction(
    () => {
      const all = [...document.querySelectorAll<SVGGElement>('#stage [data-testid^="edge-label-"]')];
      return all.length > 0 && all.every((l) => l.dataset.window === 'run');
    },
    undefined,
    { timeout: 20_000 },
  );
}
