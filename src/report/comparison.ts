/**
 * Comparing a file's variants over replications: for each figure of the report, each variant's mean
 * with its 95 % interval and each variant's paired change against the first. Replication i runs
 * every variant on seed + i, so within a replication the variants share their arrivals and draws
 * (common random numbers) and a difference between them is paired: its interval is the
 * architecture's effect, far narrower than the two variants' own intervals would suggest. Pure: the
 * page computes it from the reports its workers answer.
 */
import { estimateMean, type Estimate } from '../engine/confidence';
import type { Report } from './report';
import { comparedMetrics, type LeadFigure } from './compared-figures';
import type { Metric } from './report-figures';

/** A mean over replications with its confidence interval: what a comparison row holds per variant. */
export type { Estimate };

/** The seeds of `count` replications from `seed`: seed, seed + 1, ... */
export function replicationSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => seed + i);
}

/** One row of a comparison: the figure's estimate for each variant and each variant's paired change against the first. */
export interface ComparisonRow {
  readonly metric: Metric;
  /** By variant, in report order; undefined where the variant lacks the figure. */
  readonly values: readonly (Estimate | undefined)[];
  /** By variant after the first: the mean paired difference from the first variant, with its interval. */
  readonly deltas: readonly (Estimate | undefined)[];
}

/**
 * The whole comparison over replications: variant names, the seeds, and the rows in reading order
 * (compared-figures.ts): the lead asked for, the learner's figures, the counts, the components.
 */
export interface Comparison {
  readonly scenario: string;
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  readonly rows: readonly ComparisonRow[];
  /** Rows before this index are the lead asked for (0 when none was). */
  readonly figuresFrom: number;
  /** Where the counts and rates start in `rows`. */
  readonly countsFrom: number;
  /** Where the component rows start in `rows`. */
  readonly componentsFrom: number;
  /**
   * The engine's work over every run compared: events processed and wall-clock ms. It describes the
   * runs, not the setups, so it is a footnote and never a compared row; `wallMs` differs run to run.
   */
  readonly engine: { readonly events: number; readonly wallMs: number };
}

/** How to lay out a comparison. */
export interface ComparisonOptions {
  /**
   * Figures to lead with, in order: row ids or figure names (`p99`, `successRate`, `share.503`,
   * `components.ledger.served`; see compared-figures.ts), or figures with no row of their own (a
   * lesson's key figure `components.ledger.served / requests.generated`: `leadFromKeyFigures`).
   * Default none: the standard order.
   */
  readonly lead?: readonly (string | LeadFigure)[];
}

/**
 * Compares the variants of `reports` (one report per replication, the same variants in each). With
 * one replication the intervals are NaN and the table is the plain side by side.
 */
export function compareReplications(reports: readonly Report[], options: ComparisonOptions = {}): Comparison {
  if (reports.length === 0) throw new Error('compareReplications needs at least one report');
  const all = reports.flatMap((r) => r.variants);
  const names = reports[0].variants.map((v) => v.name);
  const ordered = comparedMetrics(all, options.lead);
  const row = (metric: Metric): ComparisonRow => {
    const samples = names.map((_, v) =>
      reports.map((r) => metric.value(r.variants[v])).map((x) => (x === undefined ? NaN : x)),
    );
    const present = (xs: number[]): boolean => xs.some((x) => !Number.isNaN(x));
    return {
      metric,
      values: samples.map((xs) => (present(xs) ? estimateMean(xs) : undefined)),
      deltas: samples.slice(1).map((xs) => {
        const diffs = xs.map((x, i) => x - samples[0][i]);
        return present(diffs) ? estimateMean(diffs) : undefined;
      }),
    };
  };
  return {
    scenario: reports[0].scenario,
    variants: names,
    seeds: reports.map((r) => r.seed),
    rows: ordered.metrics.map(row),
    figuresFrom: ordered.figuresFrom,
    countsFrom: ordered.countsFrom,
    componentsFrom: ordered.componentsFrom,
    engine: {
      events: all.reduce((n, v) => n + v.events, 0),
      wallMs: all.reduce((n, v) => n + v.wallMs, 0),
    },
  };
}
