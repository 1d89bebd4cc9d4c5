/**
 * The figures the reports show, row by row: which figure of a variant each row holds, its unit, and
 * how a comparison shows its change. The CLI's `run` and `compare` and the page's compare view lay
 * out the same rows, so they always agree.
 */
import { ownValue } from '../scenario/own';
import type { ComponentReport, VariantReport } from './report';

/** What a figure measures, which says how to print it: `percent` is a share from 0 to 1. */
export type FigureUnit = 'count' | 'percent' | 'ms' | 'rate' | 'factor' | 'decimal';

/**
 * How `compare` shows a change against the first variant: `relative` as a difference in the row's
 * unit and in percent, `points` as a difference in percentage points (for shares), `absolute` as a
 * difference only.
 */
export type DeltaKind = 'relative' | 'points' | 'absolute';

/**
 * Which way a figure is better, when one is: `lower` for a latency or an error share, `higher` for
 * success. A count that follows the offered load (generated, ok) or a utilization has none.
 */
export type BetterDirection = 'lower' | 'higher';

/** One row of a report table. */
export interface Metric {
  /** Stable id: `success`, `status-429`, `catalog.utilization`. */
  readonly id: string;
  /** Group shown in the first column, on the group's first row only. */
  readonly section: string;
  readonly label: string;
  /** The figure of a variant; undefined when the variant has none (a component it lacks). */
  readonly value: (variant: VariantReport) => number | undefined;
  readonly unit: FigureUnit;
  /** Decimals of a percent; default 2. */
  readonly digits?: number;
  readonly delta: DeltaKind;
  /** Which way is better; undefined when neither is (then a change is never painted good or bad). */
  readonly better?: BetterDirection;
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
    id: string,
    section: string,
    label: string,
    value: Metric['value'],
    unit: FigureUnit,
    delta: DeltaKind = 'relative',
    better?: BetterDirection,
  ): Metric => ({ id, section, label, value, unit, delta, ...(better ? { better } : {}) });
  const latency = (label: string, key: keyof VariantReport['latencyMs']) =>
    row(key, 'Latency', label, (v) => v.latencyMs[key], 'ms', 'relative', 'lower');
  return [
    row('generated', 'Requests', 'generated', (v) => v.requests.generated, 'count'),
    row('ok', 'Requests', 'ok', (v) => v.requests.ok, 'count'),
    row('failed', 'Requests', 'failed', (v) => v.requests.failed, 'count'),
    row('inFlight', 'Requests', 'in flight', (v) => v.requests.inFlight, 'count'),
    row('success', 'Requests', 'success', successRate, 'percent', 'points', 'higher'),
    ...statusCodes(variants).map((code) =>
      row(`status-${code}`, 'Status', code, (v) => v.requests.byStatus[code] ?? 0, 'count'),
    ),
    latency('mean', 'mean'),
    latency('p50', 'p50'),
    latency('p90', 'p90'),
    latency('p99', 'p99'),
    latency('p99.9', 'p999'),
    latency('max', 'max'),
    row('offered', 'Throughput', 'offered', (v) => v.throughput.offered, 'rate'),
    row('goodput', 'Throughput', 'goodput', (v) => v.throughput.goodput, 'rate', 'relative', 'higher'),
    row('attempts', 'Attempts', 'total', (v) => v.attempts.total, 'count'),
    row('retries', 'Attempts', 'retries', (v) => v.attempts.retries, 'count'),
    // More calls per request is more load on the services for the same answers.
    row(
      'amplification',
      'Attempts',
      'amplification',
      (v) => v.attempts.amplification,
      'factor',
      'absolute',
      'lower',
    ),
    ...(variants.some((v) => v.mesh) ? meshMetrics(row) : []),
    row('events', 'Engine', 'events', (v) => v.events, 'count'),
    row('wall', 'Engine', 'wall', (v) => v.wallMs, 'ms'),
  ];
}

/** The mesh's price and what its sidecars did; a variant without the mesh shows none. */
function meshMetrics(
  row: (
    id: string,
    section: string,
    label: string,
    value: Metric['value'],
    unit: FigureUnit,
    delta?: DeltaKind,
    better?: BetterDirection,
  ) => Metric,
): Metric[] {
  const mesh = (
    id: string,
    label: string,
    value: (m: NonNullable<VariantReport['mesh']>) => number,
    unit: FigureUnit = 'count',
    better?: BetterDirection,
  ) =>
    row(`mesh-${id}`, 'Mesh', label, (v) => (v.mesh ? value(v.mesh) : undefined), unit, 'relative', better);
  return [
    mesh('cpu', 'sidecar CPU / 1k req', (m) => m.cpuMsPer1000Requests, 'ms', 'lower'),
    mesh('handshakes', 'handshakes', (m) => m.mtls.handshakes),
    mesh('pool-overflows', 'pool overflows', (m) => m.outcomes.poolOverflows),
    mesh('breaker-rejected', 'breaker rejected', (m) => m.outcomes.breakerRejected),
    mesh('breaker-opened', 'breaker opened', (m) => m.outcomes.breakerOpened),
    mesh('retries-denied', 'retries denied', (m) => m.outcomes.retriesDenied),
    mesh('ejections', 'ejections', (m) => m.outcomes.ejections),
    mesh('denied', 'denied (403)', (m) => m.outcomes.denied),
  ];
}

/** The columns of a component's figures, in table order. */
export const COMPONENT_FIGURES: readonly {
  readonly key: keyof ComponentReport;
  readonly label: string;
  readonly value: (c: ComponentReport) => number;
  readonly unit: FigureUnit;
  readonly digits?: number;
  readonly delta: DeltaKind;
  readonly better?: BetterDirection;
}[] = [
  {
    key: 'utilization',
    label: 'utilization',
    value: (c) => c.utilization,
    unit: 'percent',
    digits: 1,
    delta: 'points',
  },
  {
    key: 'meanQueue',
    label: 'mean queue',
    value: (c) => c.meanQueue,
    unit: 'decimal',
    delta: 'relative',
    better: 'lower',
  },
  {
    key: 'meanWaitMs',
    label: 'mean wait',
    value: (c) => c.meanWaitMs,
    unit: 'ms',
    delta: 'relative',
    better: 'lower',
  },
  { key: 'served', label: 'served', value: (c) => c.served, unit: 'count', delta: 'relative' },
  { key: 'rejected', label: 'rejected', value: (c) => c.rejected, unit: 'count', delta: 'relative' },
];

/** One row per component and figure, the component's id as the section; for side-by-side tables. */
export function componentMetrics(variants: readonly VariantReport[]): Metric[] {
  return componentIds(variants).flatMap((id) =>
    COMPONENT_FIGURES.map((figure) => ({
      id: `${id}.${figure.key}`,
      section: id,
      label: figure.label,
      value: (v: VariantReport) => {
        // Own keys only: a variant without a service `constructor` must not find Object.
        const component = ownValue(v.components, id);
        return component === undefined ? undefined : figure.value(component);
      },
      unit: figure.unit,
      digits: figure.digits,
      delta: figure.delta,
      ...(figure.better ? { better: figure.better } : {}),
    })),
  );
}

/**
 * One row per status code other than 2xx that occurs in any of `variants`: the share of answered
 * requests that got it (0 to 1), lower being better. (The 2xx share is the success row.)
 */
export function statusShareMetrics(variants: readonly VariantReport[]): Metric[] {
  return statusCodes(variants)
    .filter((code) => !code.startsWith('2'))
    .map((code) => ({
      id: `share-${code}`,
      section: 'Outcome',
      label: `answered ${code}`,
      value: (v: VariantReport) => {
        const answered = v.requests.ok + v.requests.failed;
        return answered === 0 ? NaN : (v.requests.byStatus[code] ?? 0) / answered;
      },
      unit: 'percent' as const,
      delta: 'points' as const,
      better: 'lower' as const,
    }));
}

/**
 * One row per component with its utilization (a share, 0 to 1), under `Utilization` with the
 * component's id as the label: the components' load at a glance, where {@link componentMetrics}
 * gives every figure of every component. Rows keep the ids of `componentMetrics` (`catalog.utilization`).
 */
export function utilizationMetrics(variants: readonly VariantReport[]): Metric[] {
  return componentMetrics(variants)
    .filter((metric) => metric.id.endsWith('.utilization'))
    .map((metric) => ({ ...metric, section: 'Utilization', label: metric.section }));
}
