/**
 * The compare view of a run's replications, above the results table: each setup's figures over every
 * seed, with intervals, leading with the lesson's key figures. Loaded by `results-panel.ts` when a
 * run first has something to compare (several setups, or several seeds), not with the page.
 */
import { compareReplications } from '../../report/comparison';
import { plural } from '../../report/figure-format';
import { leadFromKeyFigures } from '../../report/key-figure-lead';
import type { KeyFigureData } from '../../report/key-figures';
import { compareTable, type CompareTable } from '../compare-table';
import { compareView, setCompareNote, watchCompareOverflow } from '../compare-view';
import { morph } from '../dom';
import type { Replications } from './replication-runs';

/** What a compare view shows: the replications, whether all of them (else the first run alone), and its table. */
export interface CompareDrawn {
  readonly of: Replications;
  readonly complete: boolean;
  readonly table: CompareTable;
}

/** The compare table of replications `r`: over all of them once they are in, else over the first run alone. */
export function comparisonOf(r: Replications, keyFigures: readonly KeyFigureData[]): CompareTable {
  // The table opens on the figures the tiles show: the lesson's key figures.
  const lead = leadFromKeyFigures(keyFigures);
  return compareTable(compareReplications(r.state === 'complete' ? r.reports : [r.reports[0]], { lead }));
}

/** The line under the table while other seeds are still to come, or why they never will. */
export function compareNote(r: Replications): string | undefined {
  const only = `the table shows seed ${r.seed} alone`;
  if (r.count < 2 || r.state === 'complete') return undefined;
  if (r.state === 'running')
    return `Replications ${r.done} of ${r.count}, in ${plural(r.workers, 'extra worker', { grouped: true })}; ${only} until all are in.`;
  if (r.state === 'stopped') return `Replications stopped after ${r.done} of ${r.count}; ${only}.`;
  return `Replications failed (${r.message ?? 'unknown error'}); ${only}.`;
}

/**
 * Draws the compare view of `r` into `host`, where `before` was drawn (if anything was): a note only
 * when the table is the same, the table turned cell by cell into the complete one when the other
 * seeds are in, else a new view.
 */
export function drawComparison(
  host: HTMLElement,
  r: Replications,
  keyFigures: readonly KeyFigureData[],
  before: CompareDrawn | undefined,
): CompareDrawn {
  const complete = r.state === 'complete';
  const note = compareNote(r);
  const view = host.firstElementChild;
  if (before?.of === r && before.complete === complete && view instanceof HTMLElement) {
    // Progress only: the table is the same, its note says how far the other seeds are.
    setCompareNote(view, note);
    return before;
  }
  const table = comparisonOf(r, keyFigures);
  const fresh = compareView(table, { replications: r.count, complete: complete || r.count < 2, note });
  if (before?.of === r && view instanceof HTMLElement && view.tagName === fresh.tagName) {
    // All seeds are in: the table of this run's first seed becomes theirs cell by cell, its element
    // and its scroll kept, rather than built again.
    morph(view, fresh);
    watchCompareOverflow(view);
  } else {
    host.replaceChildren(fresh);
    watchCompareOverflow(fresh);
  }
  return { of: r, complete, table };
}
