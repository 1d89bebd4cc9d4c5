/**
 * What the gateway answered, counted per route, per consumer and per status, for the report: the
 * figures Kong's prometheus plugin exports (`kong_http_requests_total{route, consumer, code}` and the
 * latency histograms), reduced to counts, mean and maximum latency.
 *
 * Counters live in nested maps (route, then consumer, then status) so that recording a request
 * allocates nothing once its combination has been seen. A consumer of '' means none was
 * authenticated, as in Kong's labels.
 */
import type { Millis } from '../../scenario/types';
import type {
  BreakdownRecord,
  CounterRecord,
  GatewayMetricsSnapshot,
  LatencyCounter,
} from '../../report/gateway-snapshot';

/** Per-route, per-consumer and per-status counters of a gateway's answers. */
export class GatewayMetrics {
  private readonly cells = new Map<string, Map<string, Map<number, LatencyCounter>>>();

  /** Counts one request that `route` answered with `status` after `latencyMs` for `consumer`. */
  record(route: string, consumer: string, status: number, latencyMs: Millis): void {
    let byConsumer = this.cells.get(route);
    if (byConsumer === undefined) this.cells.set(route, (byConsumer = new Map()));
    let byStatus = byConsumer.get(consumer);
    if (byStatus === undefined) byConsumer.set(consumer, (byStatus = new Map()));
    let cell = byStatus.get(status);
    if (cell === undefined) byStatus.set(status, (cell = { count: 0, total: 0, max: 0 }));
    cell.count++;
    cell.total += latencyMs;
    if (latencyMs > cell.max) cell.max = latencyMs;
  }

  /** The counters as plain sorted records; recording may go on afterwards. */
  snapshot(): GatewayMetricsSnapshot {
    const routes = new Map<string, LatencyCounter>();
    const consumers = new Map<string, LatencyCounter>();
    const statuses = new Map<number, LatencyCounter>();
    const breakdown: BreakdownRecord[] = [];
    for (const [route, byConsumer] of this.cells) {
      for (const [consumer, byStatus] of byConsumer) {
        for (const [status, cell] of byStatus) {
          add(routes, route, cell);
          add(consumers, consumer, cell);
          add(statuses, status, cell);
          breakdown.push({ route, consumer, status, ...figures(cell) });
        }
      }
    }
    breakdown.sort(
      (a, b) => compare(a.route, b.route) || compare(a.consumer, b.consumer) || a.status - b.status,
    );
    return {
      routes: records(routes, compare),
      consumers: records(consumers, compare),
      statuses: records(statuses, (a, b) => a - b),
      breakdown,
    };
  }
}

function add<K>(totals: Map<K, LatencyCounter>, key: K, cell: LatencyCounter): void {
  const t = totals.get(key);
  if (t === undefined) {
    totals.set(key, { ...cell });
    return;
  }
  t.count += cell.count;
  t.total += cell.total;
  if (cell.max > t.max) t.max = cell.max;
}

function figures(cell: LatencyCounter): { count: number; mean: Millis; max: Millis } {
  return { count: cell.count, mean: cell.total / cell.count, max: cell.max };
}

function records<K>(totals: Map<K, LatencyCounter>, order: (a: K, b: K) => number): CounterRecord<K>[] {
  return [...totals].sort(([a], [b]) => order(a, b)).map(([key, cell]) => ({ key, ...figures(cell) }));
}

// Code-unit order, not locale order: the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
