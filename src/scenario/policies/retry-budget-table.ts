/**
 * The retry budgets' kinds and their fields' facts, without imports: what `retry-budgets.ts`
 * declares its checks against and the page's sliders read (see `option-kinds.ts`).
 */
import type { OptionTable } from './option-kinds';

/** Every retry budget, by kind, with its fields' kinds and bounds; no two kinds share a field. */
export const RETRY_BUDGET_TABLE = {
  envoy: {
    percent: { kind: 'percent', lowest: 0, highest: 100 },
    minConcurrent: { kind: 'count', lowest: 0 },
  },
  linkerd: {
    ratio: { kind: 'number', lowest: 0 },
    minPerSecond: { kind: 'rate', lowest: 0 },
    ttl: { kind: 'duration', lowest: 1 },
  },
} as const satisfies OptionTable;
