/**
 * The Results tab: the results table of the latest run, the compare view of its replications above
 * it (`comparison-view.ts`, loaded when a run first has something to compare), and the line that
 * says which run they are of. The table is drawn when the tab shows, or else once the page is idle,
 * after the run's numbers, diagram and charts: a hundred-service lesson's took a sixth of its
 * re-run's time on the page's thread, for a tab most re-runs happen without.
 */
import { formatCount, formatSpan } from '../../report/figure-format';
import type { KeyFigureData } from '../../report/key-figures';
import type { Report } from '../../worker/protocol';
import { whenIdle } from '../after-paint';
import type { CompareTable } from '../compare-table';
import { h } from '../dom';
import { resultsTable } from '../results-table';
import { resultsView } from '../results-view';
import type { CompareDrawn, comparisonOf, drawComparison } from './comparison-view';

/** What the panel uses of `comparison-view.ts`. */
interface ComparisonViewModule {
  readonly comparisonOf: typeof comparisonOf;
  readonly drawComparison: typeof drawComparison;
}
import { lazy } from '../lazy';
import type { Replications } from './replication-runs';

/** Longest wait for an idle moment before an unseen results table is drawn anyway, ms. */
export const RESULTS_IDLE_MS = 1000;

/** What the panel reads from the rest of the page. */
export interface ResultsPanelHooks {
  /** The replications of the latest run that succeeded. */
  replications(): Replications | undefined;
  /** The key figures of the file shown: the compare view leads with them. */
  keyFigures(): readonly KeyFigureData[];
  /** Whether the Results tab shows now. */
  shown(): boolean;
  /** The compare view appeared, went or changed its width (the side panel widens for it). */
  onCompareChange(): void;
}

/** The Results tab's content. */
export interface ResultsPanel {
  /** Run `report` succeeded (`durationMs` simulated): its table is drawn now if the tab shows, else when idle. */
  showRun(report: Report, durationMs: number): void;
  /** The Results tab shows: draws the table waiting, if one does. */
  draw(): void;
  /** The last run gave no results (`why`): the ones shown are marked as older, or the tab says there are none. */
  markStale(why: string): void;
  /** The replications moved on: the compare view follows. */
  showReplications(): void;
  /** A run goes (the table is busy) or not. */
  setBusy(busy: boolean): void;
  /** The variants of the compare view shown, or 0 when none shows. */
  readonly comparedVariants: number;
  /**
   * The compare table the CSV export of `report` holds: the one shown, or (its tab not opened since
   * the run) the one it would show; none for one setup run once, as the view shows none.
   */
  csvComparison(report: Report): Promise<CompareTable | undefined>;
}

/** Whether replications `r` are worth a compare view: several setups, or one over several seeds. */
export function comparesSomething(r: Replications): boolean {
  return r.reports[0].variants.length > 1 || r.count > 1;
}

/** The line under the tab's title: the run's scenario, seed, simulated span, events and wall time. */
export function resultsNoteText(report: Report, durationMs: number): string {
  const events = report.variants.reduce((sum, v) => sum + v.events, 0);
  const wall = report.variants.reduce((sum, v) => sum + v.wallMs, 0);
  return (
    `${report.scenario} · seed ${report.seed} · ${formatSpan(durationMs, 'rounded')} simulated` +
    ` · ${formatCount(events)} events in ${formatSpan(wall, 'rounded')} of wall time`
  );
}

/**
 * The panel in `results` (the tab's body) and `note` (the line above it); `loadCompare` fetches the
 * compare view (tests give their own).
 */
export function createResultsPanel(
  results: HTMLElement,
  note: HTMLElement,
  hooks: ResultsPanelHooks,
  loadCompare: () => Promise<ComparisonViewModule> = () => import('./comparison-view'),
): ResultsPanel {
  const compare = lazy(loadCompare);
  let hasResults = false;
  /** A run's report whose table waits for the tab, or for an idle moment. */
  let due: Report | undefined;
  /** Where the compare view goes, above the table, once the table is drawn. */
  let compareHost: HTMLElement | undefined;
  let compareDrawn: CompareDrawn | undefined;
  results.replaceChildren(h('p', { class: 'empty' }, 'Results appear here when the run ends.'));

  const showComparison = (): void => {
    const r = hooks.replications();
    const host = compareHost;
    if (!r || !host) return;
    if (!comparesSomething(r)) {
      // One setup is worth a table only for its intervals over several seeds.
      compareDrawn = undefined;
      host.replaceChildren();
      hooks.onCompareChange();
      return;
    }
    const view = compare.now;
    if (!view) {
      compare.get().then(showComparison, () => undefined);
      return;
    }
    compareDrawn = view.drawComparison(host, r, hooks.keyFigures(), compareDrawn);
    hooks.onCompareChange();
  };

  const draw = (): void => {
    const report = due;
    if (!report) return;
    const r = hooks.replications();
    if (r && comparesSomething(r) && !compare.now) {
      // Table and compare view appear together: the view's code first, then both (unless a newer run came).
      compare.get().then(
        () => {
          if (due === report) draw();
        },
        () => undefined,
      );
      return;
    }
    due = undefined;
    compareHost = h('div', { class: 'compare-host' });
    compareDrawn = undefined;
    const heading = h('h2', { class: 'eyebrow results-title' }, `This run, seed ${report.seed}`);
    results.replaceChildren(
      compareHost,
      ...(report.variants.length > 1 ? [heading] : []),
      resultsView(resultsTable(report)),
    );
    showComparison();
  };

  return {
    showRun(report, durationMs) {
      hasResults = true;
      compareDrawn = undefined;
      compareHost = undefined;
      results.classList.remove('stale');
      due = report;
      // Several setups compare from the first run: the view's code is fetched while the run is drawn.
      if (report.variants.length > 1) void compare.get().catch(() => undefined);
      if (hooks.shown()) draw();
      else whenIdle(draw, RESULTS_IDLE_MS);
      note.textContent = resultsNoteText(report, durationMs);
    },
    draw,
    markStale(why) {
      if (hasResults) {
        results.classList.add('stale');
        note.textContent = `${why} Below are the results of the last successful run.`;
      } else {
        note.textContent = '';
        results.replaceChildren(h('p', { class: 'empty' }, `No results yet. ${why}`));
      }
    },
    showReplications() {
      const r = hooks.replications();
      // Several seeds to compare: the view's code is fetched while they run.
      if (r && comparesSomething(r)) void compare.get().catch(() => undefined);
      showComparison();
    },
    setBusy(busy) {
      results.setAttribute('aria-busy', String(busy));
    },
    get comparedVariants() {
      return compareDrawn?.table.variants.length ?? 0;
    },
    async csvComparison(report) {
      const r = hooks.replications();
      if (!r || r.reports[0] !== report || !comparesSomething(r)) return undefined;
      const { comparisonOf } = await compare.get();
      return comparisonOf(r, hooks.keyFigures());
    },
  };
}
