/**
 * The text report of `meshsim compare`: every variant side by side, each after the first followed by
 * its change against the first (DeltaKind in metrics.ts says how each row shows it), then the
 * components' figures compared the same way.
 */
import type { Report, VariantReport } from '../model/report';
import { formatPoints, formatRelative, formatSigned, MISSING } from './format';
import { componentMetrics, type Metric, variantMetrics } from './metrics';
import { cell, metricRows, renderHeading, type SummaryContext } from './summary';
import { renderTable } from './table';

/** The change of `metric` from `base` to `other`: the difference and, for relative rows, the percentage. */
export function deltaCells(metric: Metric, base: VariantReport, other: VariantReport): [string, string] {
  const a = metric.value(base);
  const b = metric.value(other);
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return [MISSING, ''];
  switch (metric.delta) {
    case 'points':
      return [formatSigned(b - a, formatPoints), ''];
    case 'absolute':
      return [formatSigned(b - a, metric.format), ''];
    case 'relative':
      return [formatSigned(b - a, metric.format), formatRelative(a, b)];
  }
}

/** The whole text report of a comparison; needs at least two variants. */
export function renderComparison(report: Report, context: SummaryContext = {}): string {
  const [base, ...others] = report.variants;
  const columns = [
    { header: '' },
    { header: '' },
    { header: base.name, align: 'right' as const },
    ...others.flatMap((v) => [
      { header: v.name, align: 'right' as const },
      { header: 'Δ', align: 'right' as const },
      { header: 'Δ%', align: 'right' as const },
    ]),
  ];
  const table = (metrics: Metric[]) =>
    renderTable(
      columns,
      metricRows(metrics, (metric) => [
        cell(metric, base),
        ...others.flatMap((v) => [cell(metric, v), ...deltaCells(metric, base, v)]),
      ]),
    );
  const heading = renderHeading(report, context, [`Δ against ${base.name}`]);
  const components = componentMetrics(report.variants);
  return `${heading}\n${table(variantMetrics(report.variants))}${components.length ? `\nComponents\n${table(components)}` : ''}`;
}
