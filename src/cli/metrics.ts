/**
 * The rows of the text reports: which figure of a variant each row shows, how it prints, and how
 * `compare` shows its change. `run` and `compare` lay out the same rows, so they always agree.
 */
import type { ComponentReport, VariantReport } from '../model/report';
import { formatCount, formatDecimal, formatFactor, formatMs, formatPercent, formatRate } from './format';

/**
 * How `compare` shows a change against the first variant: `relative` as a difference in the row's
 * unit and in percent, `points` as a difference in percentage points (for shares), `absolute` as a
 * difference only.
 */
export type DeltaKind = 'relative' | 'points' | 'absolute';

/** One row of a report table. */
export interface Metric {
  /** Group shown in the first column, on the group's first row only. */
  readonly section: string;
  readonly label: string;
  /** The figure of a variant; undefined when the variant has none (a component it lacks). */
  readonly value: (variant: VariantReport) => number | undefined;
  readonly format: (x: number) => string;
  readonly delta: DeltaKind;
}

/** Share of answered requests that were 2xx: ok / (ok + failed); NaN when none was answered. */
export function successRate(variant: VariantReport): number {
  const { ok, failed } = variant.requests;
  return ok + failed === 0 ? NaN : ok / (ok + failed);
}

/** Status codes that occur in any of `variants`, in numeric order. */
export function statusCodes(variants: readonly VariantReport[]): string[] {
  const codes = new Set(variants.flatMap((v) => Object.keys(v.requests.byStatus)));
  return [...codes].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

/** Component ids in order of first appearance over `variants`. */
export function componentIds(variants: readonly VariantReport[]): string[] {
  return [...new Set(variants.flatMap((v) => Object.keys(v.components)))];
}

/**
 * The per-variant rows: requests (counts and success rate), status breakdown, latency percentiles,
 * throughput, attempts and the engine's figures. Status rows cover the codes of every variant given.
 */
export function variantMetrics(variants: readonly VariantReport[]): Metric[] {
  const row = (
    section: string,
    label: string,
    value: Metric['value'],
    format: Metric['format'],
    delta: DeltaKind = 'relative',
  ): Metric => ({
    section,
    label,
    value,
    format,
    delta,
  });
  const latency = (label: string, key: keyof VariantReport['latencyMs']) =>
    row('Latency', label, (v) => v.latencyMs[key], formatMs);
  return [
    row('Requests', 'generated', (v) => v.requests.generated, formatCount),
    row('Requests', 'ok', (v) => v.requests.ok, formatCount),
    row('Requests', 'failed', (v) => v.requests.failed, formatCount),
    row('Requests', 'in flight', (v) => v.requests.inFlight, formatCount),
    row('Requests', 'success', successRate, (x) => formatPercent(x), 'points'),
    ...statusCodes(variants).map((code) =>
      row('Status', code, (v) => v.requests.byStatus[code] ?? 0, formatCount),
    ),
    latency('mean', 'mean'),
    latency('p50', 'p50'),
    latency('p90', 'p90'),
    latency('p99', 'p99'),
    latency('p99.9', 'p999'),
    latency('max', 'max'),
    row('Throughput', 'offered', (v) => v.throughput.offered, formatRate),
    row('Throughput', 'goodput', (v) => v.throughput.goodput, formatRate),
    row('Attempts', 'total', (v) => v.attempts.total, formatCount),
    row('Attempts', 'retries', (v) => v.attempts.retries, formatCount),
    row('Attempts', 'amplification', (v) => v.attempts.amplification, formatFactor, 'absolute'),
    ...(variants.some((v) => v.mesh) ? meshMetrics(row) : []),
    row('Engine', 'events', (v) => v.events, formatCount),
    row('Engine', 'wall', (v) => v.wallMs, formatMs),
  ];
}

/** The mesh's price and what its sidecars did; a variant without the mesh shows none. */
function meshMetrics(
  row: (section: string, label: string, value: Metric['value'], format: Metric['format']) => Metric,
): Metric[] {
  const mesh = (
    label: string,
    value: (m: NonNullable<VariantReport['mesh']>) => number,
    format = formatCount,
  ) => row('Mesh', label, (v) => (v.mesh ? value(v.mesh) : undefined), format);
  return [
    mesh('sidecar CPU / 1k req', (m) => m.cpuMsPer1000Requests, formatMs),
    mesh('handshakes', (m) => m.mtls.handshakes),
    mesh('pool overflows', (m) => m.outcomes.poolOverflows),
    mesh('breaker rejected', (m) => m.outcomes.breakerRejected),
    mesh('retries denied', (m) => m.outcomes.retriesDenied),
    mesh('ejections', (m) => m.outcomes.ejections),
    mesh('denied (403)', (m) => m.outcomes.denied),
  ];
}

/** The columns of a component's figures, in table order. */
export const COMPONENT_FIGURES: readonly {
  readonly label: string;
  readonly value: (c: ComponentReport) => number;
  readonly format: (x: number) => string;
  readonly delta: DeltaKind;
}[] = [
  { label: 'utilization', value: (c) => c.utilization, format: (x) => formatPercent(x, 1), delta: 'points' },
  { label: 'mean queue', value: (c) => c.meanQueue, format: formatDecimal, delta: 'relative' },
  { label: 'mean wait', value: (c) => c.meanWaitMs, format: formatMs, delta: 'relative' },
  { label: 'served', value: (c) => c.served, format: formatCount, delta: 'relative' },
  { label: 'rejected', value: (c) => c.rejected, format: formatCount, delta: 'relative' },
];

/** One row per component and figure, the component's id as the section; for side-by-side tables. */
export function componentMetrics(variants: readonly VariantReport[]): Metric[] {
  return componentIds(variants).flatMap((id) =>
    COMPONENT_FIGURES.map((figure) => ({
      section: id,
      label: figure.label,
      value: (v: VariantReport) => {
        const component = v.components[id];
        return component === undefined ? undefined : figure.value(component);
      },
      format: figure.format,
      delta: figure.delta,
    })),
  );
}
