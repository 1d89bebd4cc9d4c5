/**
 * What the browser tests read of the page's figures, shared by the files that check them: the
 * key-figure tiles as drawn, and the diagram's edge labels switched to the whole run.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seek } from './page';

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

/** One state the key figures took: their caption, and each figure's value and "was" line by key. */
export interface TileState {
  readonly caption: string;
  readonly tiles: Readonly<Record<string, { readonly value: string; readonly was: string }>>;
}

/**
 * Runs in the page (`page.evaluate`, or as an init script before the page's own, which it waits for):
 * records in `window.__tiles` each state the key figures take from now on (`tileStates` reads it).
 */
export function watchTileStates(): void {
  const states: TileState[] = [];
  (window as unknown as { __tiles: TileState[] }).__tiles = states;
  const watch = (): void => {
    const kpis = document.getElementById('kpis')!;
    new MutationObserver(() => {
      const caption = kpis.querySelector('.kpi-caption')?.textContent ?? '';
      const tiles: Record<string, { value: string; was: string }> = {};
      for (const tile of kpis.querySelectorAll<HTMLElement>('[data-testid="kpi"]'))
        tiles[tile.dataset.key ?? ''] = {
          value: tile.querySelector('.kpi-value')?.textContent ?? '',
          was: tile.querySelector('[data-testid="kpi-was"]')?.textContent ?? '',
        };
      const last = states.at(-1);
      if (!last || last.caption !== caption || JSON.stringify(last.tiles) !== JSON.stringify(tiles))
        states.push({ caption, tiles });
    }).observe(kpis, { subtree: true, childList: true, characterData: true });
  };
  if (document.getElementById('kpis')) watch();
  else document.addEventListener('DOMContentLoaded', watch);
}

/** The states `watchTileStates` recorded, in order. */
export async function tileStates(page: Page): Promise<TileState[]> {
  return (await page.evaluate('window.__tiles')) as TileState[];
}

/** The simulated ms of a "so far, still running: up to MM:SS.s of …" caption; undefined for another. */
export function soFarMoment(caption: string): number | undefined {
  const found = /so far, still running: up to (\d\d):(\d\d\.\d) of /.exec(caption);
  return found ? (Number(found[1]) * 60 + Number(found[2])) * 1000 : undefined;
}

/**
 * Asserts that each "so far" state among `states` holds the finished run's own figures at the moment
 * its caption names: the playhead is put there and the tiles read the same (at `endMs`, the whole
 * run's, the last state's).
 */
export async function expectSoFarIsTheRunsOwn(
  page: Page,
  states: readonly TileState[],
  endMs: number,
): Promise<void> {
  for (const state of states) {
    const at = soFarMoment(state.caption);
    if (at === undefined) continue;
    const values = Object.entries(state.tiles).map(([key, tile]) => [key, tile.value]);
    if (at >= endMs) {
      expect(values).toEqual(Object.entries(states.at(-1)!.tiles).map(([key, tile]) => [key, tile.value]));
      continue;
    }
    await seek(page, at);
    const caption = /up to (\d\d:\d\d\.\d)/.exec(state.caption)![1];
    await expect.poll(() => page.getByTestId('kpi-caption').textContent()).toContain(`up to ${caption}`);
    for (const [key, value] of values)
      expect(
        await page.locator(`[data-testid="kpi"][data-key="${key}"] .kpi-value`).first().textContent(),
        key,
      ).toBe(value);
  }
}
