/**
 * The results table as data: one column per variant, rows grouped in sections, every cell with the
 * text to show and the number behind it. Pure, so that it is tested without a page.
 */
import type { Report, VariantReport } from '../worker/protocol';
import { formatCount, formatDecimal, formatPercent, GLANCE_PERCENT_DIGITS } from '../report/figure-format';
import { componentIds } from '../report/report-figures';

/** A latency, a rate or a wall time in a row whose label names the unit: `4.21`, `421`, `0`. */
const quantity = (x: number): string => formatDecimal(x, 'bare');

export interface ResultCell {
  readonly variant: string;
  /** What the page shows. */
  readonly text: string;
  /** The number behind the text; null for text-only cells. */
  readonly value: number | null;
}

export interface ResultRow {
  /** Stable id of the row, used as the cells' `data-testid`: `p99`, `generated`, `utilization-catalog`. */
  readonly key: string;
  readonly label: string;
  /** `share` cells (0 to 1) are drawn with a meter. */
  readonly kind: 'number' | 'share' | 'text';
  readonly cells: readonly ResultCell[];
}

export interface ResultSection {
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

/** `200: 11,950 · 503: 50`, statuses in ascending order. */
export function formatStatuses(byStatus: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byStatus).sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b));
  return entries.length === 0
    ? '—'
    : entries.map(([status, n]) => `${status}: ${formatCount(n)}`).join(' · ');
}

type Pick = (v: VariantReport) => number;

/** Builds the table of a report. */
export function resultsTable(report: Report): ResultsTable {
  const variants = report.variants;
  const numberRow = (key: string, label: string, pick: Pick, format: (x: number) => string): ResultRow => ({
    key,
    label,
    kind: 'number',
    cells: variants.map((v) => ({ variant: v.name, text: format(pick(v)), value: pick(v) })),
  });

  return {
    variants: variants.map((v) => v.name),
    sections: [
      {
        title: 'Requests',
        rows: [
          numberRow('generated', 'Generated', (v) => v.requests.generated, formatCount),
          numberRow('ok', 'OK (2xx)', (v) => v.requests.ok, formatCount),
          numberRow('failed', 'Failed', (v) => v.requests.failed, formatCount),
          numberRow('inFlight', 'In flight at the end', (v) => v.requests.inFlight, formatCount),
          {
            key: 'byStatus',
            label: 'By status',
            kind: 'text',
            cells: variants.map((v) => ({
              variant: v.name,
              text: formatStatuses(v.requests.byStatus),
              value: null,
            })),
          },
        ],
      },
      {
        title: 'Latency, ms',
        rows: [
          numberRow('p50', 'p50', (v) => v.latencyMs.p50, quantity),
          numberRow('p90', 'p90', (v) => v.latencyMs.p90, quantity),
          numberRow('p99', 'p99', (v) => v.latencyMs.p99, quantity),
          numberRow('max', 'max', (v) => v.latencyMs.max, quantity),
        ],
      },
      {
        title: 'Throughput, per second',
        rows: [
          numberRow('offered', 'Offered', (v) => v.throughput.offered, quantity),
          numberRow('goodput', 'Goodput (2xx)', (v) => v.throughput.goodput, quantity),
        ],
      },
      {
        title: 'Utilization',
        rows: componentIds(variants).map((id) => ({
          key: `utilization-${testIdPart(id)}`,
          label: id,
          kind: 'share' as const,
          cells: variants.map((v) => {
            // Own keys only: a variant without a service `constructor` must not find Object.
            const component = Object.hasOwn(v.components, id) ? v.components[id] : undefined;
            return component
              ? {
                  variant: v.name,
                  text: formatPercent(component.utilization, GLANCE_PERCENT_DIGITS),
                  value: component.utilization,
                }
              : { variant: v.name, text: '—', value: null };
          }),
        })),
      },
      {
        title: 'Engine',
        rows: [
          numberRow('events', 'Events', (v) => v.events, formatCount),
          numberRow('wallMs', 'Wall time, ms', (v) => v.wallMs, quantity),
        ],
      },
    ],
  };
}
