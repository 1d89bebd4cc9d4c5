import { Histogram, TimeSeries } from '../engine';
import type { MetricsObserver } from './observe/run-observers';

/** Highest status code counted by its own slot. */
const MAX_STATUS = 599;

/** Columns of the per-second series. */
export const SERIES_COLUMNS = ['2xx', '4xx', '5xx', '499', 'latencySum'] as const;
const COL_2XX = 0;
const COL_4XX = 1;
const COL_5XX = 2;
const COL_499 = 3;
const COL_LATENCY_SUM = 4;

/**
 * What the clients saw, over the requests that arrived after warmup: counts by status, end-to-end
 * latency, and a per-second series of completions by status class. An observer of the run
 * (`MetricsObserver`), held by the simulation and told of every request and forwarded try; it
 * decides itself, from the times it is told, what falls in the measured period.
 */
export class RequestMetrics implements MetricsObserver {
  /** Requests sent after warmup. */
  generated = 0;
  ok = 0;
  failed = 0;
  readonly byStatus = new Float64Array(MAX_STATUS + 1);
  /** The statuses counted so far, ascending: a playback reads the counts at every frame. */
  private readonly seen: number[] = [];
  readonly latency = new Histogram();
  readonly series: TimeSeries;
  /** Calls forwarded past the first hop (gateway upstream and service to service), retries included. */
  attempts = 0;
  retries = 0;

  /**
   * @param warmup start of the measured period, ms: requests sent and tries made before it are not
   *   counted (default 0: all are)
   * @param bucketMs width of a bucket of the per-second series, ms (default 1000)
   */
  constructor(
    readonly warmup = 0,
    bucketMs = 1000,
  ) {
    this.series = new TimeSeries(SERIES_COLUMNS, bucketMs);
  }

  requestSent(now: number): void {
    if (now >= this.warmup) this.generated++;
  }

  tryForwarded(tries: number, now: number): void {
    if (now < this.warmup) return;
    this.attempts++;
    if (tries > 0) this.retries++;
  }

  requestAnswered(status: number, sentAt: number, now: number): void {
    if (sentAt >= this.warmup) this.complete(now, status, now - sentAt);
  }

  /** A measured request got its final answer at `now` after `latency` ms. */
  private complete(now: number, status: number, latency: number): void {
    if (status >= 200 && status < 300) this.ok++;
    else this.failed++;
    const slot = status > MAX_STATUS ? MAX_STATUS : status;
    if (this.byStatus[slot]++ === 0) this.firstOf(slot);
    this.latency.record(latency);
    const column = status < 400 ? COL_2XX : status === 499 ? COL_499 : status < 500 ? COL_4XX : COL_5XX;
    const bucket = this.series.bucketOf(now);
    this.series.addAt(column, bucket, 1);
    this.series.addAt(COL_LATENCY_SUM, bucket, latency);
  }

  /** The first answer of status `slot`: it joins the statuses seen, kept ascending. */
  private firstOf(slot: number): void {
    this.seen.push(slot);
    this.seen.sort((a, b) => a - b);
  }

  /** Counts by status as a record with keys in ascending numeric order. */
  statusCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const status of this.seen) counts[String(status)] = this.byStatus[status];
    return counts;
  }
}
