/**
 * The text report of `meshsim run`: a heading, the variants' figures side by side (one column per
 * variant), then one component table per variant.
 */
import type { Report, VariantReport } from '../model/report';
import type { Millis } from '../scenario/types';
import { formatSpan, MISSING } from './format';
import { COMPONENT_FIGURES, type Metric, variantMetrics } from './metrics';
import { renderTable } from './table';

/** What the report itself does not say but the heading shows. */
export interface SummaryContext {
  /** Simulated time of the run, ms; omitted from the heading when absent. */
  readonly simulated?: Millis;
  /** Warmup excluded from the figures, ms; omitted when absent or zero. */
  readonly warmup?: Millis;
}

/** The heading line: scenario name, seed and, when known, the simulated span. */
export function renderHeading(
  report: Report,
  context: SummaryContext = {},
  extra: readonly string[] = [],
): string {
  const parts = [report.scenario, `seed ${report.seed}`];
  if (context.simulated !== undefined) parts.push(`${formatSpan(context.simulated)} simulated`);
  if (context.warmup) parts.push(`warmup ${formatSpan(context.warmup)}`);
  return `${[...parts, ...extra].join(' · ')}\n`;
}

/**
 * Rows of a side-by-side table: the section (on its first row only), the label, then `cells` of the
 * metric for each row.
 */
export function metricRows(metrics: readonly Metric[], cells: (metric: Metric) => string[]): string[][] {
  return metrics.map((metric, i) => [
    i > 0 && metrics[i - 1].section === metric.section ? '' : metric.section,
    metric.label,
    ...cells(metric),
  ]);
}

/** The figure of `metric` for `variant`, formatted. */
export function cell(metric: Metric, variant: VariantReport): string {
  const value = metric.value(variant);
  return value === undefined ? MISSING : metric.format(value);
}

/** One component table: a row per component with utilization, mean queue, mean wait, served, rejected. */
export function renderComponents(variant: VariantReport, indent = '  '): string {
  const ids = Object.keys(variant.components);
  if (ids.length === 0) return `${indent}(no components)\n`;
  const columns = [
    { header: 'component' },
    ...COMPONENT_FIGURES.map((f) => ({ header: f.label, align: 'right' as const })),
  ];
  const rows = ids.map((id) => [
    id,
    ...COMPONENT_FIGURES.map((f) => f.format(f.value(variant.components[id]))),
  ]);
  return renderTable(columns, rows, { indent });
}

/** The whole text report of a run. */
export function renderRunReport(report: Report, context: SummaryContext = {}): string {
  const variants = report.variants;
  const columns = [
    { header: '' },
    { header: '' },
    ...variants.map((v) => ({ header: v.name, align: 'right' as const })),
  ];
  const rows = metricRows(variantMetrics(variants), (metric) => variants.map((v) => cell(metric, v)));
  let text = `${renderHeading(report, context)}\n${renderTable(columns, rows)}`;
  for (const variant of variants) {
    text += `\nComponents${variants.length > 1 ? ` · ${variant.name}` : ''}\n${renderComponents(variant)}`;
  }
  return text;
}
