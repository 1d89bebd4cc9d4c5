import type { Millis } from '../../scenario/types';
import { EPSILON, finite, positive, type LimitDecision, type Limiter } from './limiter';
import { alignedStart } from './fixed-window';

/** One window of Kong Rate Limiting Advanced: an entry of `config.limit` with its `config.window_size`. */
export interface SlidingWindowLimit {
  /** Requests per window, above 0. */
  readonly limit: number;
  /** Window length, ms (Kong's `window_size` is in seconds). */
  readonly size: Millis;
}

/** Options of a `SlidingWindowLimiter`, as Kong Rate Limiting Advanced takes them. */
export interface SlidingWindowOptions {
  /** One or more windows, all enforced at once. No default. */
  readonly windows: readonly SlidingWindowLimit[];
  /**
   * `sliding` (default): the previous window's count is weighted in. `fixed`: weight 0, a plain
   * fixed window that, unlike the OSS plugin, still counts rejected requests.
   */
  readonly windowType?: 'sliding' | 'fixed';
  /**
   * Kong's `disable_penalty` (default false): take a rejected request back out of the counts, so
   * 429s stop counting and a client over the limit gets about the limit through.
   */
  readonly disablePenalty?: boolean;
  /** Calendar time at simulated time 0, ms; default 0. Windows align to it, as Kong's to the epoch. */
  readonly clockOffset?: Millis;
}

/**
 * One key's counters: for window i, `counts[3i]` is the start (simulated ms) of the current
 * window, `counts[3i + 1]` the requests counted in it and `counts[3i + 2]` those of the window
 * before it.
 */
export interface SlidingWindowState {
  /** Start, current count and previous count of each window, three slots per window. */
  readonly counts: Float64Array;
}

/**
 * Kong Rate Limiting Advanced, window type `sliding` (its default): the sliding window counter of
 * `kong.tools.public.rate-limiting`, as called by the plugin's `access_helper`.
 *
 * Windows are aligned to the clock (`floor(now / size) * size`, like Kong's), and a window's rate
 * at `now` is `estimate = previous x (size - elapsed) / size + current`, where `elapsed` is the time
 * since the current window started and `previous` the count of the window before it.
 *
 * Algorithm, for one request at `now`:
 * 1. For each window, roll its counters: if `now` is one window later, the current count becomes
 *    the previous one and the current starts at 0; if two or more later, both are 0.
 * 2. Going through the windows in order, until one rejects: add 1 to the current count first, then
 *    compute the estimate; the window rejects if the estimate is above its limit. Windows after
 *    the rejecting one are not incremented (Kong: "we should not increment any other windows").
 * 3. So the request passes if, for every window, `estimate before + 1 <= limit`. This is Kong's
 *    `rate > limit` test after its increment, and it is stricter than `estimate < limit` when the
 *    estimate is fractional: at an estimate of 9.5 against 10, Kong computes 10.5 and rejects.
 * 4. A rejected request stays counted (Kong's default): a client that keeps sending over the limit
 *    keeps its own estimate up and stays blocked ("the algorithm counts the 429"). With
 *    `disablePenalty` the increments of step 2 are taken back. (Kong itself decrements every window
 *    up to the last one over its limit, even one it did not increment; here exactly the increments
 *    made are undone.)
 * 5. Each window's remaining is `floor(max(limit - estimate, 0))`, with the estimate of step 2
 *    (including this request where it was counted); the most constrained window is the one with
 *    the least remaining, on a tie the longest.
 * 6. Its reset is `max(1, size - elapsed)` seconds, plus, in sliding mode,
 *    `max(0, (estimate - limit) / limit x size)`, rounded up: Kong's estimate of when the weighted
 *    previous window will have drained enough. (For `fixed`, Kong leaves the reset fractional;
 *    here it is rounded up too.) A rejection carries Retry-After equal to it
 *    (Kong's `retry_after_jitter_max` defaults to 0, no jitter).
 *
 * Not modelled: Kong keeps the window start of a blocked key in shared memory so the reset does not
 * creep under a thundering herd; here it is always computed from the current window.
 */
export class SlidingWindowLimiter implements Limiter<SlidingWindowState> {
  /** The windows, in the order given. */
  readonly windows: readonly SlidingWindowLimit[];
  /** Whether the previous window is weighted in (`sliding`) or ignored (`fixed`). */
  readonly sliding: boolean;
  /** Whether a rejected request is taken back out of the counts. */
  readonly disablePenalty: boolean;
  /** Calendar time at simulated time 0, ms. */
  readonly clockOffset: Millis;
  // Scratch space for the estimates of one decision, reused.
  private readonly rates: Float64Array;

  constructor(options: SlidingWindowOptions) {
    if (!Array.isArray(options.windows) || options.windows.length === 0) {
      throw new RangeError('windows: expected at least one { limit, size }');
    }
    options.windows.forEach((w, i) => {
      positive(`windows.${i}.limit`, w.limit);
      positive(`windows.${i}.size`, w.size);
    });
    const type = options.windowType ?? 'sliding';
    if (type !== 'sliding' && type !== 'fixed') {
      throw new RangeError(`windowType: expected sliding or fixed, got ${String(type)}`);
    }
    this.windows = options.windows.map((w) => ({ limit: w.limit, size: w.size }));
    this.sliding = type === 'sliding';
    this.disablePenalty = options.disablePenalty ?? false;
    this.clockOffset = finite('clockOffset', options.clockOffset ?? 0);
    this.rates = new Float64Array(this.windows.length);
  }

  /** Every window empty, starting at the aligned window that contains `now`. */
  init(now: Millis): SlidingWindowState {
    const counts = new Float64Array(3 * this.windows.length);
    this.windows.forEach((w, i) => (counts[3 * i] = alignedStart(now, w.size, this.clockOffset)));
    return { counts };
  }

  /** Decides on one request at `now` (see the class comment for the steps). */
  decide(state: SlidingWindowState, now: Millis, out: LimitDecision): boolean {
    const c = state.counts;
    const n = this.windows.length;
    let deny = -1;
    for (let i = 0; i < n; i++) {
      const { limit, size } = this.windows[i];
      this.roll(c, i, size, now);
      if (deny < 0) c[3 * i + 1] += 1;
      const rate = c[3 * i + 2] * this.weight(c[3 * i], size, now) + c[3 * i + 1];
      this.rates[i] = rate;
      // EPSILON: a weighted estimate that is exactly the limit in real numbers must not fail in floats.
      if (deny < 0 && rate > limit + EPSILON) deny = i;
    }
    let best = 0;
    let bestRemaining = Infinity;
    for (let i = 0; i < n; i++) {
      const w = this.windows[i];
      const remaining = Math.floor(Math.max(w.limit - this.rates[i], 0) + EPSILON);
      if (remaining < bestRemaining || (remaining === bestRemaining && w.size > this.windows[best].size)) {
        best = i;
        bestRemaining = remaining;
      }
    }
    const { limit, size } = this.windows[best];
    let reset = Math.max(1, (size - (now - c[3 * best])) / 1000);
    if (this.sliding) reset += Math.max(0, ((this.rates[best] - limit) / limit) * (size / 1000));
    reset = Math.ceil(reset);
    if (deny >= 0 && this.disablePenalty) {
      for (let i = 0; i <= deny; i++) c[3 * i + 1] -= 1;
    }
    const allowed = deny < 0;
    out.allowed = allowed;
    out.limit = limit;
    out.remaining = bestRemaining;
    out.reset = reset;
    out.retryAfter = allowed ? 0 : reset;
    return allowed;
  }

  /**
   * The estimate of `windows[index]` at `now` without counting a request: what the next request
   * would see before its own increment. Reads `state` without changing it.
   */
  estimate(state: SlidingWindowState, index: number, now: Millis): number {
    const c = state.counts;
    const size = this.windows[index].size;
    const start = alignedStart(now, size, this.clockOffset);
    let current = c[3 * index + 1];
    let previous = c[3 * index + 2];
    if (start !== c[3 * index]) {
      previous = start - c[3 * index] < 1.5 * size ? current : 0;
      current = 0;
    }
    return previous * this.weight(start, size, now) + current;
  }

  private roll(c: Float64Array, i: number, size: Millis, now: Millis): void {
    const start = alignedStart(now, size, this.clockOffset);
    const old = c[3 * i];
    if (start === old) return;
    // Starts are whole multiples of `size` apart; compare with slack rather than trust `===`.
    c[3 * i + 2] = start - old < 1.5 * size ? c[3 * i + 1] : 0;
    c[3 * i + 1] = 0;
    c[3 * i] = start;
  }

  private weight(start: Millis, size: Millis, now: Millis): number {
    return this.sliding ? (size - (now - start)) / size : 0;
  }
}
