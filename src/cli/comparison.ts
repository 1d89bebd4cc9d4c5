/**
 * The text report of `meshsim compare`: every variant side by side, each after the first followed by
 * its change against the first (DeltaKind in report-figures.ts says how each row shows it), in the
 * model's reading order (compared-figures.ts): the figures a learner reads (latency, outcome, load
 * and cost), then the counts and rates, then the components' figures compared the same way. Over
 * several replications every figure is a mean with its 95 % interval (`±`), and every change the
 * mean paired difference with its own interval; a change whose interval leaves out zero is marked
 * `*`. The engine's work is a footnote, not a compared row: it describes the runs, not the setups.
 */
import type { Estimate } from '../engine/confidence';
import { compareReplications, type Comparison, type ComparisonRow } from '../report/comparison';
import type { Report } from '../report/report';
import { changeMagnitude } from '../report/figure-format';
import { formatCount, formatMs, formatRelative, formatSigned, MISSING } from '../report/figure-format';
import { formatFigure } from '../report/figure-format';
import type { Metric } from '../report/report-figures';
import { metricRows, renderHeading, type SummaryContext } from './summary';
import { renderTable } from './table';

/** A figure's estimate as text: the mean, and `± half-width` when there is an interval. */
function estimateCell(metric: Metric, e: Estimate | undefined): string {
  if (e === undefined || !Number.isFinite(e.mean)) return MISSING;
  const mean = formatFigure(metric, e.mean);
  return Number.isFinite(e.halfWidth) ? `${mean} ± ${formatFigure(metric, e.halfWidth)}` : mean;
}

/** The change cells of `row` for the variant at `index` (1 and up): the difference and, for relative rows, the percentage. */
export function deltaCells(row: ComparisonRow, index: number): [string, string] {
  const { metric } = row;
  const base = row.values[0];
  const delta = row.deltas[index - 1];
  if (
    base === undefined ||
    delta === undefined ||
    !Number.isFinite(base.mean) ||
    !Number.isFinite(delta.mean)
  ) {
    return [MISSING, ''];
  }
  const magnitude = changeMagnitude(metric);
  let text = formatSigned(delta.mean, magnitude);
  if (Number.isFinite(delta.halfWidth)) {
    const excludesZero = Math.abs(delta.mean) > delta.halfWidth;
    text += ` ± ${magnitude(delta.halfWidth)}${excludesZero ? ' *' : '  '}`;
  }
  const relative = metric.delta === 'relative' ? formatRelative(base.mean, base.mean + delta.mean) : '';
  return [text, relative];
}

/** The whole text report of a comparison (at least two variants). */
export function renderComparisonTable(comparison: Comparison, context: SummaryContext = {}): string {
  const [base, ...others] = comparison.variants;
  const columns = [
    { header: '' },
    { header: '' },
    { header: base, align: 'right' as const },
    ...others.flatMap((name) => [
      { header: name, align: 'right' as const },
      { header: 'Δ', align: 'right' as const },
      { header: 'Δ%', align: 'right' as const },
    ]),
  ];
  const rowsOf = new Map(comparison.rows.map((r) => [r.metric, r]));
  const table = (rows: readonly ComparisonRow[]) =>
    renderTable(
      columns,
      metricRows(
        rows.map((r) => r.metric),
        (metric) => {
          const row = rowsOf.get(metric)!;
          return [
            estimateCell(metric, row.values[0]),
            ...others.flatMap((_, i) => [estimateCell(metric, row.values[i + 1]), ...deltaCells(row, i + 1)]),
          ];
        },
      ),
    );
  const seeds = comparison.seeds;
  const replicated =
    seeds.length > 1
      ? [`${seeds.length} replications (seeds ${seeds[0]} to ${seeds.at(-1)})`, '± 95 % interval']
      : [];
  const deltas =
    others.length === 0 ? [] : [...(seeds.length > 1 ? ['* Δ clear of 0'] : []), `Δ against ${base}`];
  const heading = renderHeading({ scenario: comparison.scenario, seed: seeds[0], variants: [] }, context, [
    ...replicated,
    ...deltas,
  ]);
  const figures = comparison.rows.slice(0, comparison.countsFrom);
  const counts = comparison.rows.slice(comparison.countsFrom, comparison.componentsFrom);
  const components = comparison.rows.slice(comparison.componentsFrom);
  return (
    `${heading}\n${table(figures)}` +
    (counts.length ? `\nCounts and rates\n${table(counts)}` : '') +
    (components.length ? `\nComponents\n${table(components)}` : '') +
    `\n${engineFootnote(comparison)}\n`
  );
}

/** The engine's work, one plain line: what it cost to run, which is no figure of the setups. */
export function engineFootnote(comparison: Comparison): string {
  const runs = comparison.seeds.length * comparison.variants.length;
  const { events, wallMs } = comparison.engine;
  return `Engine: ${formatCount(events)} events in ${formatMs(wallMs)} of wall time over ${runs} run${runs === 1 ? '' : 's'} (not compared)`;
}

/** The text report of one run's variants compared (no intervals). */
export function renderComparison(report: Report, context: SummaryContext = {}): string {
  return renderComparisonTable(compareReplications([report]), context);
}
