/**
 * The health checks' names, where each is written, and their options' facts, without imports: what
 * `health-checks.ts` declares its checks against and the page's sliders read (see
 * `option-kinds.ts`).
 */
import type { OptionTable } from './option-kinds';

/** Every health check, in the order the reference lists them, with its options' kinds and bounds. */
export const HEALTH_CHECK_TABLE = {
  outlierDetection: {
    consecutive5xxErrors: { kind: 'count', lowest: 0 },
    consecutiveGatewayErrors: { kind: 'count', lowest: 0 },
    interval: { kind: 'duration', lowest: 1 },
    baseEjectionTime: { kind: 'duration', lowest: 1 },
    maxEjectionTime: { kind: 'duration', lowest: 1 },
    maxEjectionPercent: { kind: 'percent', lowest: 0, highest: 100 },
  },
  failureAccrual: {
    consecutiveFailures: { kind: 'count', lowest: 1 },
    minPenalty: { kind: 'duration', lowest: 1 },
    maxPenalty: { kind: 'duration', lowest: 1 },
    jitter: { kind: 'number', lowest: 0, highest: 1 },
  },
  passive: {
    httpFailures: { kind: 'count', lowest: 0 },
    tcpFailures: { kind: 'count', lowest: 0 },
    timeouts: { kind: 'count', lowest: 0 },
    httpStatuses: { kind: 'statuses', lowest: 100, highest: 599 },
  },
  active: {
    interval: { kind: 'duration', lowest: 1 },
    successes: { kind: 'count', lowest: 1 },
  },
} as const satisfies OptionTable;

/**
 * Where a file writes each health check: in a mesh policy, or in a gateway route's `healthchecks`.
 */
export const HEALTH_CHECK_PLACES = {
  outlierDetection: 'mesh',
  failureAccrual: 'mesh',
  passive: 'gateway',
  active: 'gateway',
} as const satisfies Readonly<Record<keyof typeof HEALTH_CHECK_TABLE, 'mesh' | 'gateway'>>;
