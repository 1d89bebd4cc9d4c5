/**
 * The constructors of a sidecar's breakers and retry budgets, each paired with its declaration
 * (`src/scenario/policies/breakers.ts`, `retry-budgets.ts`: name, options, checks, defaults; the
 * health checks' are in `../health/registry.ts`). The mapped types make a declared policy without a constructor, or a
 * constructor of an undeclared one, a compile error; each is built from its typed options, so
 * nothing is cast. Built once per sidecar and destination, off the per-request path.
 */
import type { BreakerName, BreakerSpec } from '../../scenario/policies/breakers';
import {
  RETRY_BUDGET_KINDS,
  type RetryBudgetKind,
  type RetryBudgetOf,
} from '../../scenario/policies/retry-budgets';
import { CircuitBreaker } from './circuit-breaker';
import { EnvoyRetryBudget, LinkerdRetryBudget, type RetryBudget } from './retry-budget';

/**
 * A connection pool's limits as a sidecar enforces them: requests in flight (Envoy's
 * `max_connections` and `max_requests` both bound them, one request per HTTP/1.1 connection), calls
 * waiting for a connection and retries in flight. Infinity: no limit.
 */
export interface PoolLimits {
  readonly maxActive: number;
  readonly maxPending: number;
  readonly maxRetries: number;
}

/** What each breaker builds. */
interface BuiltBreakers {
  readonly connectionPool: PoolLimits;
  readonly circuitBreaker: CircuitBreaker;
}

/** The constructor of every registered breaker, from its filled options. */
export const BREAKER_MAKERS: {
  readonly [K in BreakerName]: (options: BreakerSpec<K>) => BuiltBreakers[K];
} = {
  connectionPool: (pool) => ({
    maxActive: Math.min(pool.maxConnections, pool.maxRequests),
    maxPending: pool.maxPendingRequests,
    maxRetries: pool.maxRetries,
  }),
  circuitBreaker: (options) => new CircuitBreaker(options),
};

/** The constructor of every registered retry budget, from its kind's filled fields. */
export const RETRY_BUDGET_MAKERS: {
  readonly [K in RetryBudgetKind]: (budget: RetryBudgetOf<K>) => RetryBudget;
} = {
  envoy: (budget) => new EnvoyRetryBudget(budget.percent, budget.minConcurrent),
  linkerd: (budget) => new LinkerdRetryBudget(budget.ratio, budget.minPerSecond, budget.ttl),
};

/** The budget that `spec` describes (see `RETRY_BUDGET_MAKERS`); an unknown kind throws a RangeError. */
export function retryBudget<K extends RetryBudgetKind>(spec: RetryBudgetOf<K>): RetryBudget {
  if (!Object.hasOwn(RETRY_BUDGET_MAKERS, spec.kind)) {
    throw new RangeError(
      `retries.budget.kind: expected ${RETRY_BUDGET_KINDS.join(' or ')}, got ${String(spec.kind)}`,
    );
  }
  const make: (budget: RetryBudgetOf<K>) => RetryBudget = RETRY_BUDGET_MAKERS[spec.kind];
  return make(spec);
}
