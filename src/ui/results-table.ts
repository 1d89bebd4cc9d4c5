/**
 * The results table as data: one column per variant, the report's shared figure rows (the ones the
 * CLI prints) grouped in their sections, every cell with the text to show and the number behind it.
 * A figure added to the shared rows shows here and in the CSV export too. Pure, so that it is tested
 * without a page.
 */
import type { Report, VariantReport } from '../worker/protocol';
import { formatFigureNumber, MISSING, unitSuffix } from '../report/figure-format';
import {
  type BetterDirection,
  type Metric,
  utilizationMetrics,
  variantMetrics,
} from '../report/report-figures';

export interface ResultCell {
  readonly variant: string;
  /** What the page shows: the figure as the CLI prints it, without the unit its row or section names. */
  readonly text: string;
  /** The number behind the text; null where the variant has none. */
  readonly value: number | null;
}

export interface ResultRow {
  /**
   * Stable id of the row, used as the cells' `data-testid`: the shared row's id (`p99`, `generated`,
   * `status-503`), or the id the page gave the row before it read the shared rows (`wallMs`,
   * `utilization-catalog`).
   */
  readonly key: string;
  /** The shared row's label, with its unit when the row's section holds several (`wall, ms`). */
  readonly label: string;
  /** `share` cells (0 to 1) are drawn with a meter. */
  readonly kind: 'number' | 'share';
  /** Which way is better, when one is: a share that is better high is never painted hot. */
  readonly better?: BetterDirection;
  readonly cells: readonly ResultCell[];
}

export interface ResultSection {
  /** The shared section, with its unit when all its rows share one (`Latency, ms`). */
  readonly title: string;
  readonly rows: readonly ResultRow[];
}

export interface ResultsTable {
  readonly variants: readonly string[];
  readonly sections: readonly ResultSection[];
}

/** A component id as a `data-testid` part: letters, digits, `-` and `_` kept, the rest `_`. */
export function testIdPart(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** How a unit that cells leave out reads in a row's label or a section's title. */
const UNIT_NAMES = { ms: 'ms', rps: 'per second' } as const;

/** The shared rows the table shows, in order: the variants' figures, then the components' utilization before the engine's. */
function tableMetrics(variants: readonly VariantReport[]): Metric[] {
  const figures = variantMetrics(variants);
  const engine = figures.findIndex((m) => m.section === 'Engine');
  const at = engine === -1 ? figures.length : engine;
  return [...figures.slice(0, at), ...utilizationMetrics(variants), ...figures.slice(at)];
}

/**
 * The page's `data-testid` of a shared row: the row's id, except for rows the page showed under
 * other ids before it read the shared rows, which tests and links still find them by.
 */
function rowKey(metric: Metric): string {
  if (metric.id === 'wall') return 'wallMs';
  if (metric.section === 'Utilization') return `utilization-${testIdPart(metric.label)}`;
  return testIdPart(metric.id);
}

function resultRow(metric: Metric, variants: readonly VariantReport[], unitInLabel: boolean): ResultRow {
  const suffix = unitSuffix(metric.unit);
  return {
    key: rowKey(metric),
    label: unitInLabel && suffix ? `${metric.label}, ${UNIT_NAMES[suffix]}` : metric.label,
    kind: metric.unit === 'percent' ? 'share' : 'number',
    ...(metric.better ? { better: metric.better } : {}),
    cells: variants.map((v) => {
      const value = metric.value(v);
      return value === undefined
        ? { variant: v.name, text: MISSING, value: null }
        : { variant: v.name, text: formatFigureNumber(metric, value), value };
    }),
  };
}

/** Builds the table of a report. */
export function resultsTable(report: Report): ResultsTable {
  const variants = report.variants;
  const bySection = new Map<string, Metric[]>();
  for (const metric of tableMetrics(variants)) {
    const rows = bySection.get(metric.section);
    if (rows) rows.push(metric);
    else bySection.set(metric.section, [metric]);
  }
  return {
    variants: variants.map((v) => v.name),
    sections: [...bySection].map(([section, metrics]) => {
      const suffixes = new Set(metrics.map((m) => unitSuffix(m.unit)));
      const shared = suffixes.size === 1 ? [...suffixes][0] : undefined;
      return {
        title: shared ? `${section}, ${UNIT_NAMES[shared]}` : section,
        rows: metrics.map((m) => resultRow(m, variants, !shared)),
      };
    }),
  };
}
