import {
  CAUSE_BREAKER_OPEN,
  CAUSE_CONNECT,
  CAUSE_OVERFLOW,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_POOL_OVERFLOW,
  CAUSE_RESET,
} from './constants';

/** Retry on any 5xx, and on a reset, refused connection or per-try timeout (Envoy's `5xx`). */
export const RETRY_5XX = 1;
/** Retry on 502, 503 and 504 (Envoy's `gateway-error`). */
export const RETRY_GATEWAY_ERROR = 2;
/** Retry when the connection was reset mid-request. */
export const RETRY_RESET = 4;
/** Retry when the connection was refused. */
export const RETRY_CONNECT_FAILURE = 8;
/** Retry when one try timed out. */
export const RETRY_TIMEOUT = 16;
/** Retry a 409 Conflict (Envoy's `retriable-4xx`). */
export const RETRY_RETRIABLE_4XX = 32;
/** Retry when the upstream refused the request without processing it: here, its queue was full. */
export const RETRY_REFUSED_STREAM = 64;

const CONDITIONS: Readonly<Record<string, number>> = {
  '5xx': RETRY_5XX,
  'gateway-error': RETRY_GATEWAY_ERROR,
  reset: RETRY_RESET,
  'connect-failure': RETRY_CONNECT_FAILURE,
  timeout: RETRY_TIMEOUT,
  'retriable-4xx': RETRY_RETRIABLE_4XX,
  'refused-stream': RETRY_REFUSED_STREAM,
};

/**
 * How a caller makes one logical call: how long it waits for one try and for all of them, and which
 * failures it tries again. Built once per gateway route, per service call and per client; the mesh
 * will build one per destination from its sidecar policy.
 */
export class CallPolicy {
  /** Retries after the first try. */
  readonly attempts: number;
  /** Bit set of RETRY_* conditions. */
  readonly retryOn: number;
  /** Status codes retried whatever the condition bits say. */
  readonly retryCodes: ReadonlySet<number>;
  /** Timeout of one try, ms (Infinity: none). */
  readonly perTryTimeout: number;
  /** Deadline over every try, ms (Infinity: none). */
  readonly timeout: number;
  /** Status recorded when the deadline passes: 504 for a proxy, 499 for a client that gives up. */
  readonly timeoutStatus: number;
  /**
   * nginx's rule, which Kong inherits: a request that is not idempotent (POST, PATCH) is retried only
   * if it never reached the upstream (a refused connection), never once it was sent.
   */
  readonly idempotentRetriesOnly: boolean;

  constructor(options: {
    attempts?: number;
    retryOn?: readonly string[];
    perTryTimeout?: number;
    timeout?: number;
    timeoutStatus?: number;
    idempotentRetriesOnly?: boolean;
  }) {
    this.attempts = options.attempts ?? 0;
    let mask = 0;
    const codes = new Set<number>();
    for (const condition of options.retryOn ?? []) {
      const bit = CONDITIONS[condition];
      if (bit !== undefined) mask |= bit;
      else if (/^\d{3}$/.test(condition)) codes.add(Number(condition));
    }
    this.retryOn = mask;
    this.retryCodes = codes;
    this.perTryTimeout = options.perTryTimeout ?? Infinity;
    this.timeout = options.timeout ?? Infinity;
    this.timeoutStatus = options.timeoutStatus ?? 504;
    this.idempotentRetriesOnly = options.idempotentRetriesOnly ?? false;
  }

  /**
   * Whether a try that ended with `status` for `cause` should be tried again (if tries remain).
   * `idempotent` is false for a POST or PATCH.
   */
  retries(status: number, cause: number, idempotent = true): boolean {
    if (!idempotent && this.idempotentRetriesOnly && cause !== CAUSE_CONNECT) return false;
    // Envoy answers a full pool or an open breaker itself; retrying would only hit it again.
    if (cause === CAUSE_POOL_OVERFLOW || cause === CAUSE_BREAKER_OPEN) return false;
    const on = this.retryOn;
    if (on & RETRY_5XX && status >= 500) return true;
    if (on & RETRY_GATEWAY_ERROR && status >= 502 && status <= 504) return true;
    if (on & RETRY_RESET && cause === CAUSE_RESET) return true;
    if (on & RETRY_CONNECT_FAILURE && cause === CAUSE_CONNECT) return true;
    if (on & RETRY_TIMEOUT && cause === CAUSE_PER_TRY_TIMEOUT) return true;
    if (on & RETRY_RETRIABLE_4XX && status === 409) return true;
    if (on & RETRY_REFUSED_STREAM && cause === CAUSE_OVERFLOW) return true;
    return this.retryCodes.size > 0 && this.retryCodes.has(status);
  }
}

/** The retry conditions meshsim knows, for validation and hints. */
export const RETRY_CONDITIONS: readonly string[] = Object.keys(CONDITIONS);
