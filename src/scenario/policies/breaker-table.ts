/**
 * The breakers' names and their options' facts, without imports: what `breakers.ts` declares its
 * checks against and the page's sliders read (see `option-kinds.ts`).
 */
import type { OptionTable } from './option-kinds';

/** Every breaker, in the order the reference lists them, with its options' kinds and bounds. */
export const BREAKER_TABLE = {
  connectionPool: {
    maxConnections: { kind: 'count', lowest: 1 },
    maxPendingRequests: { kind: 'count', lowest: 1 },
    maxRequests: { kind: 'count', lowest: 1 },
    maxRetries: { kind: 'count', lowest: 1 },
  },
  circuitBreaker: {
    failureRateThreshold: { kind: 'percent', lowest: 1, highest: 100 },
    slidingWindowSize: { kind: 'count', lowest: 1 },
    minimumNumberOfCalls: { kind: 'count', lowest: 1 },
    waitDurationInOpenState: { kind: 'duration', lowest: 1 },
    permittedCallsInHalfOpen: { kind: 'count', lowest: 1 },
  },
} as const satisfies OptionTable;
