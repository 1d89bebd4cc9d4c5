/**
 * The gateway's answers counted per route, per consumer and per status, as the report carries them
 * (the figures Kong's prometheus plugin exports, reduced to counts, mean and maximum latency). Plain
 * data: the model's gateway metrics fill it in, the CLI and the page print it.
 */
import type { Millis } from '../scenario/types';

/** Count and latency of a set of requests. */
export interface LatencyCounter {
  count: number;
  /** Sum of latencies, ms. */
  total: Millis;
  /** Largest latency, ms. */
  max: Millis;
}

/** One line of a snapshot: a key (route, consumer or status) and its figures. */
export interface CounterRecord<K> {
  readonly key: K;
  readonly count: number;
  /** Mean latency, ms. */
  readonly mean: Millis;
  /** Largest latency, ms. */
  readonly max: Millis;
}

/** One line of the full breakdown. */
export interface BreakdownRecord {
  readonly route: string;
  readonly consumer: string;
  readonly status: number;
  readonly count: number;
  /** Mean latency, ms. */
  readonly mean: Millis;
  /** Largest latency, ms. */
  readonly max: Millis;
}

/** Plain records for the report, each list sorted by its key (statuses numerically). */
export interface GatewayMetricsSnapshot {
  readonly routes: readonly CounterRecord<string>[];
  readonly consumers: readonly CounterRecord<string>[];
  readonly statuses: readonly CounterRecord<number>[];
  /** Every (route, consumer, status) seen, sorted by route, then consumer, then status. */
  readonly breakdown: readonly BreakdownRecord[];
}
