/**
 * The compare view as data: the rows of `meshsim compare` in their reading order (compared-figures.ts
 * in the model: the lesson's figures first, then counts, then components), grouped in sections, each
 * variant's mean and, after the first variant, its paired change against the first with its sense
 * (better, worse or neutral: change-sense.ts). Every cell keeps the text the command line prints for
 * it, split into the mean and its `± half-width` so that the page can set the interval in a lighter
 * tone. Pure, so that it is tested without a page.
 */
import { changeSense, type ChangeSense } from '../report/change-sense';
import type { Comparison, ComparisonRow, Estimate } from '../report/comparison';
import {
  changeMagnitude,
  formatFigure,
  formatRelative,
  formatSigned,
  MISSING,
} from '../report/figure-format';
import type { Metric } from '../report/report-figures';
import { testIdPart } from './results-table';

/** Which of a variant's columns a cell is in: its figure, its change against the first, that change in percent. */
export type CompareColumn = 'value' | 'delta' | 'relative';

export interface CompareCell {
  readonly variant: string;
  readonly column: CompareColumn;
  /** The cell exactly as `meshsim compare` prints it, without its alignment padding. */
  readonly text: string;
  /** The mean (or the change), or the whole text when there is no interval. */
  readonly main: string;
  /** `± 0.066 ms`: the 95 % half-width, when there is one. */
  readonly interval?: string;
  /** For a change with an interval: whether the interval leaves out 0 (the command line's `*`). */
  readonly clear?: boolean;
  /**
   * For a change (Δ and Δ%): better or worse only when its interval leaves out 0, it does not print
   * as zero and the figure has a good direction; else neutral.
   */
  readonly sense?: ChangeSense;
  /** The number behind `main`: a mean, a mean change, or a relative change (0.1 for +10 %); null for none. */
  readonly value: number | null;
  /** The number behind `interval`: the 95 % half-width; null for none. */
  readonly halfWidth: number | null;
}

export interface CompareRow {
  /** The figure's id as a `data-testid` part: `p50`, `status-429`, `catalog_utilization`. */
  readonly key: string;
  readonly label: string;
  readonly cells: readonly CompareCell[];
}

/**
 * Which part of the comparison a section is in: the figures asked to lead (`lead`), the figures a
 * learner reads (`figures`), the counts and rates that follow the load (`counts`), or a component's.
 */
export type CompareGroup = 'lead' | 'figures' | 'counts' | 'components';

export interface CompareSection {
  /** `Latency`, `Outcome`, ... or, for a component's figures, the component's id. */
  readonly title: string;
  readonly group: CompareGroup;
  /** True for a component's figures (which come after every variant figure). */
  readonly component: boolean;
  readonly rows: readonly CompareRow[];
}

export interface CompareTable {
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  /** True over two or more replications: cells carry 95 % intervals. */
  readonly replicated: boolean;
  /** `5 replications (seeds 1 to 5) · 95 % intervals · Δ against gateway-only`. */
  readonly caption: string;
  readonly sections: readonly CompareSection[];
}

/** The caption of a comparison over `seeds` against the variant `base`. */
export function compareCaption(seeds: readonly number[], variants: readonly string[]): string {
  const runs =
    seeds.length > 1
      ? `${seeds.length} replications (seeds ${seeds[0]} to ${seeds.at(-1)}) · 95 % intervals`
      : `Seed ${seeds[0]} · a single run, no intervals`;
  return variants.length > 1 ? `${runs} · Δ against ${variants[0]}` : runs;
}

/** A variant's figure: the mean and its half-width, as the command line prints them. */
function valueCell(metric: Metric, variant: string, e: Estimate | undefined): CompareCell {
  if (e === undefined || !Number.isFinite(e.mean)) {
    return { variant, column: 'value', text: MISSING, main: MISSING, value: null, halfWidth: null };
  }
  const main = formatFigure(metric, e.mean);
  const cell: CompareCell = { variant, column: 'value', text: main, main, value: e.mean, halfWidth: null };
  if (!Number.isFinite(e.halfWidth)) return cell;
  const interval = `± ${formatFigure(metric, e.halfWidth)}`;
  return { ...cell, text: `${main} ${interval}`, interval, halfWidth: e.halfWidth };
}

/** The change of the variant at `index` (1 and up) against the first, and that change in percent. */
function deltaCells(row: ComparisonRow, variant: string, index: number): [CompareCell, CompareCell] {
  const { metric } = row;
  const base = row.values[0];
  const delta = row.deltas[index - 1];
  const none = (column: CompareColumn, text: string): CompareCell => ({
    variant,
    column,
    text,
    main: text,
    value: null,
    halfWidth: null,
  });
  if (
    base === undefined ||
    delta === undefined ||
    !Number.isFinite(base.mean) ||
    !Number.isFinite(delta.mean)
  ) {
    return [none('delta', MISSING), none('relative', '')];
  }
  const magnitude = changeMagnitude(metric);
  const main = formatSigned(delta.mean, magnitude);
  const sense = changeSense(metric, delta, main);
  let change: CompareCell = {
    variant,
    column: 'delta',
    text: main,
    main,
    value: delta.mean,
    halfWidth: null,
    sense,
  };
  if (Number.isFinite(delta.halfWidth)) {
    const clear = Math.abs(delta.mean) > delta.halfWidth;
    const interval = `± ${magnitude(delta.halfWidth)}`;
    const text = `${main} ${interval}${clear ? ' *' : ''}`;
    change = { ...change, text, interval, clear, halfWidth: delta.halfWidth };
  }
  if (metric.delta !== 'relative') return [change, none('relative', '')];
  const relative = formatRelative(base.mean, base.mean + delta.mean);
  const share = base.mean === 0 ? (delta.mean === 0 ? 0 : null) : delta.mean / Math.abs(base.mean);
  return [
    change,
    {
      variant,
      column: 'relative',
      text: relative,
      main: relative,
      value: share,
      halfWidth: null,
      // No percentage from a zero base: nothing to colour.
      sense: relative === MISSING ? 'neutral' : sense,
    },
  ];
}

/** The cells of one row: the first variant's figure, then each other variant's figure, Δ and Δ%. */
function rowOf(row: ComparisonRow, variants: readonly string[]): CompareRow {
  const [first, ...others] = variants;
  return {
    key: testIdPart(row.metric.id),
    label: row.metric.label,
    cells: [
      valueCell(row.metric, first, row.values[0]),
      ...others.flatMap((name, i) => [
        valueCell(row.metric, name, row.values[i + 1]),
        ...deltaCells(row, name, i + 1),
      ]),
    ],
  };
}

/** The group of the row at `index` of `comparison`. */
function groupOf(comparison: Comparison, index: number): CompareGroup {
  if (index < comparison.figuresFrom) return 'lead';
  if (index < comparison.countsFrom) return 'figures';
  if (index < comparison.componentsFrom) return 'counts';
  return 'components';
}

/** The compare view of `comparison` (which should have two or more variants). */
export function compareTable(comparison: Comparison): CompareTable {
  const sections: { title: string; group: CompareGroup; component: boolean; rows: CompareRow[] }[] = [];
  comparison.rows.forEach((row, i) => {
    const group = groupOf(comparison, i);
    const component = group === 'components';
    const last = sections.at(-1);
    const title = row.metric.section;
    const section =
      last && last.title === title && last.group === group
        ? last
        : (sections[sections.length] = { title, group, component, rows: [] });
    section.rows.push(rowOf(row, comparison.variants));
  });
  return {
    variants: comparison.variants,
    seeds: comparison.seeds,
    replicated: comparison.seeds.length > 1,
    caption: compareCaption(comparison.seeds, comparison.variants),
    sections,
  };
}
