/**
 * The cost of a logging plugin (Kong's http-log), either on each request's path or in the background.
 *
 * `sync`: each request pays `cost + entryCost` in the gateway worker before its answer leaves, as a
 * logger that writes inline would. `batched` (the default, and what Kong's http-log does): the
 * request pays nothing; its entry joins a queue that a background timer sends as one batch, costing
 * the worker `cost + entryCost x entries` when it goes.
 *
 * Kong's queue (kong/tools/queue.lua, queue_schema.lua), which `batched` follows:
 * 1. An entry joins the current batch; the first entry of a batch opens it.
 * 2. The batch is sent as soon as it holds `batchSize` entries (`max_batch_size`, default 1: every
 *    entry is sent at once, in the background).
 * 3. Otherwise it is sent `flushInterval` after it opened (`max_coalescing_delay`, default 1 s),
 *    however few entries it holds. A timer due for a batch that was already sent does nothing.
 * Kong's `max_entries` (10 000 waiting, then new entries are dropped) and its retries of a failed send
 * are not modelled: the log server always answers.
 */
import type { Millis } from '../../scenario/types';
import { checkCount, checkMillis } from './options';

/** Kong's queue default `max_batch_size`. */
export const DEFAULT_LOG_BATCH_SIZE = 1;
/** Kong's queue default `max_coalescing_delay`, ms (1 s). */
export const DEFAULT_LOG_FLUSH_INTERVAL: Millis = 1_000;

/** http-log as written in a scenario, plus its queue settings. */
export interface HttpLogOptions {
  /** ms: per request in `sync` mode, per batch sent in `batched` mode; default 0. */
  readonly cost?: Millis;
  /** Extra ms per entry sent (serializing it); default 0. */
  readonly entryCost?: Millis;
  /** Default `batched`. */
  readonly mode?: 'sync' | 'batched';
  /** Entries that make a batch go at once; default 1. */
  readonly batchSize?: number;
  /** Longest a batch waits after its first entry, ms; default 1 000. */
  readonly flushInterval?: Millis;
}

/** A logging plugin's settings, checked and with defaults filled. */
export interface HttpLog {
  readonly cost: Millis;
  readonly entryCost: Millis;
  readonly mode: 'sync' | 'batched';
  readonly batchSize: number;
  readonly flushInterval: Millis;
}

/** Builds a logging plugin from its options; throws a RangeError naming a bad option. */
export function httpLog(options: HttpLogOptions = {}): HttpLog {
  const plugin = 'http-log';
  return {
    cost: checkMillis(plugin, 'cost', options.cost ?? 0),
    entryCost: checkMillis(plugin, 'entryCost', options.entryCost ?? 0),
    mode: options.mode ?? 'batched',
    batchSize: checkCount(plugin, 'batchSize', options.batchSize ?? DEFAULT_LOG_BATCH_SIZE),
    flushInterval: checkMillis(plugin, 'flushInterval', options.flushInterval ?? DEFAULT_LOG_FLUSH_INTERVAL),
  };
}

/** One logger's queue: the open batch and totals. */
export interface HttpLogState {
  /** Entries in the open batch. */
  pending: number;
  /** When the open batch got its first entry, ms (meaningless while `pending` is 0). */
  openedAt: Millis;
  /** Batches sent. */
  batches: number;
  /** Entries sent. */
  entries: number;
}

/** An empty queue. */
export function httpLogState(): HttpLogState {
  return { pending: 0, openedAt: 0, batches: 0, entries: 0 };
}

/** What logging asks of the gateway at one moment. */
export interface LogStep {
  /** ms added to the current request's path (sync mode only). */
  readonly requestCost: Millis;
  /** Entries sent now in a background batch; 0 when none. */
  readonly flushed: number;
  /** Background worker ms the batch sent now costs; 0 when none. */
  readonly flushCost: Millis;
  /** When the caller must call `logTimer` for the batch this step opened; -1 when no timer is needed. */
  readonly timerAt: Millis;
}

const NOTHING: LogStep = { requestCost: 0, flushed: 0, flushCost: 0, timerAt: -1 };

/** Logs one request that completes at `now`. */
export function logRequest(policy: HttpLog, state: HttpLogState, now: Millis): LogStep {
  if (policy.mode === 'sync') {
    state.batches++;
    state.entries++;
    return { requestCost: policy.cost + policy.entryCost, flushed: 0, flushCost: 0, timerAt: -1 };
  }
  if (state.pending === 0) state.openedAt = now;
  state.pending++;
  if (state.pending >= policy.batchSize) return send(policy, state);
  return state.pending === 1 ? { ...NOTHING, timerAt: now + policy.flushInterval } : NOTHING;
}

/** A timer set by `logRequest` fires at `now`: sends the open batch if it is due, else nothing. */
export function logTimer(policy: HttpLog, state: HttpLogState, now: Millis): LogStep {
  if (state.pending === 0 || now < state.openedAt + policy.flushInterval) return NOTHING;
  return send(policy, state);
}

/** Sends whatever is queued, due or not (the end of a run, a worker shutting down). */
export function logDrain(policy: HttpLog, state: HttpLogState): LogStep {
  return state.pending === 0 ? NOTHING : send(policy, state);
}

function send(policy: HttpLog, state: HttpLogState): LogStep {
  const n = state.pending;
  state.pending = 0;
  state.batches++;
  state.entries += n;
  return { requestCost: 0, flushed: n, flushCost: policy.cost + policy.entryCost * n, timerAt: -1 };
}
