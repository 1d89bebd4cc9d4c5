/**
 * The text report of `meshsim run`: a heading, the variants' figures side by side (one column per
 * variant), then one component table per variant.
 */
import type { Report, VariantReport } from '../report/report';
import { terminalSafe } from '../scenario/echo';
import type { Millis } from '../scenario/types';
import { formatCount, formatMs, formatRate, formatSpan, MISSING } from '../report/figure-format';
import { formatFigure } from '../report/figure-format';
import { COMPONENT_FIGURES, type Metric, variantMetrics } from '../report/report-figures';
import { renderTable } from './table';

/** What the report itself does not say but the heading shows. */
export interface SummaryContext {
  /** Simulated time of the run, ms; omitted from the heading when absent. */
  readonly simulated?: Millis;
  /** Warmup excluded from the figures, ms; omitted when absent or zero. */
  readonly warmup?: Millis;
}

/** The heading line: scenario name, seed and, when known, the simulated span (names made `terminalSafe`). */
export function renderHeading(
  report: Report,
  context: SummaryContext = {},
  extra: readonly string[] = [],
): string {
  const parts = [report.scenario, `seed ${report.seed}`];
  if (context.simulated !== undefined) parts.push(`${formatSpan(context.simulated)} simulated`);
  if (context.warmup) parts.push(`warmup ${formatSpan(context.warmup)}`);
  return `${terminalSafe([...parts, ...extra].join(' · '))}\n`;
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
  return value === undefined ? MISSING : formatFigure(metric, value);
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
    ...COMPONENT_FIGURES.map((f) => formatFigure(f, f.value(variant.components[id]))),
  ]);
  return renderTable(columns, rows, { indent });
}

/**
 * What the gateway did, when there is one: its profile, its answers by route and consumer, and each
 * plugin's counters (a cache's hits and misses, an authorizer's calls).
 */
export function renderGateway(variant: VariantReport, indent = '  '): string {
  const gateway = variant.gateway;
  if (!gateway) return '';
  const lines = [`${indent}profile ${gateway.profile}`];
  const statuses = gateway.metrics.statuses.map((s) => `${s.key}: ${s.count.toLocaleString('en-US')}`);
  if (statuses.length > 0) lines.push(`${indent}answers ${statuses.join(', ')}`);
  for (const [route, plugins] of Object.entries(gateway.plugins)) {
    for (const [plugin, counters] of Object.entries(plugins)) {
      const figures = Object.entries(counters).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`);
      lines.push(`${indent}${route} · ${plugin}: ${figures.join(', ')}`);
    }
  }
  const rows = gateway.metrics.routes.map((r) => [r.key, r.count.toLocaleString('en-US'), `${r.mean} ms`]);
  const table = renderTable(
    [
      { header: 'route' },
      { header: 'answered', align: 'right' },
      { header: 'mean at gateway', align: 'right' },
    ],
    rows,
    { indent },
  );
  // Route and plugin names come from the file.
  return `${terminalSafe(lines.join('\n'), { multiline: true })}\n${table}`;
}

/** The mesh's edges: sidecar-to-sidecar tries by caller and destination, with their errors and latency. */
export function renderMesh(variant: VariantReport, indent = '  '): string {
  const mesh = variant.mesh;
  if (!mesh) return '';
  const head = `${indent}profile ${mesh.profile} · mTLS ${mesh.mtls.mode} · sidecar CPU ${formatMs(mesh.cpuMsPer1000Requests)} per 1 000 requests`;
  const rows = mesh.edges.map((e) => [
    `${e.from} -> ${e.to}`,
    formatCount(e.tries),
    formatRate(e.rps),
    formatCount(e.errors),
    formatMs(e.p50),
    formatMs(e.p99),
  ]);
  const table = renderTable(
    [
      { header: 'edge' },
      { header: 'tries', align: 'right' },
      { header: 'rps', align: 'right' },
      { header: 'errors', align: 'right' },
      { header: 'p50', align: 'right' },
      { header: 'p99', align: 'right' },
    ],
    rows,
    { indent },
  );
  return `${head}\n${table}`;
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
    const of = variants.length > 1 ? ` · ${terminalSafe(variant.name)}` : '';
    text += `\nComponents${of}\n${renderComponents(variant)}`;
    if (variant.gateway)
      text += `\nGateway ${terminalSafe(variant.gateway.id)}${of}\n${renderGateway(variant)}`;
    if (variant.mesh) text += `\nMesh${of}\n${renderMesh(variant)}`;
  }
  return text;
}
