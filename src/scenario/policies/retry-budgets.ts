/**
 * The registry of retry budgets, which cap a destination's retries as a share of its traffic: each
 * declared once, with its kind, the sentence the format reference gives it, and its fields with
 * their checks, defaults and rows in the reference (`docs/scenario-format.md#mesh-retries`, kept in
 * agreement by a test). The retry checks read the fields (and tell the kinds apart by them), the
 * mesh profiles the defaults, the resolved types the types, and the model builds each budget from
 * them (`src/model/mesh/registry.ts`). Their kinds and fields are those of `retry-budget-table.ts`,
 * the plain facts the page's sliders read.
 */
import { nonNegativeInt, num, percentage } from '../checks';
import { duration, rate } from '../units';
import {
  policyOption,
  type DeclaredBy,
  type FilledOptions,
  type OptionValues,
  type PolicyOptions,
} from './policy-option';
import type { RETRY_BUDGET_TABLE } from './retry-budget-table';

/** A retry budget's declaration. */
export interface RetryBudgetDeclaration {
  /** Whose budget it is, as the reference's table names it (`Envoy's`). */
  readonly product: string;
  /** Its row's meaning in the reference. */
  readonly doc: string;
  /** Its fields, in the order the reference lists them; no two kinds share a field. */
  readonly options: PolicyOptions;
}

/** Every retry budget, by kind. */
export const RETRY_BUDGETS = {
  envoy: {
    product: "Envoy's",
    doc: 'retries in flight at most `percent` % of the requests active towards the destination, but always `minConcurrent`',
    options: {
      percent: policyOption(
        percentage,
        20,
        '`20`',
        '0 to 100',
        'retries in flight at most this percent of the active requests',
      ),
      minConcurrent: policyOption(nonNegativeInt, 3, '`3`', 'integer ≥ 0', '... but always this many'),
    },
  },
  linkerd: {
    product: "Linkerd's",
    doc: 'retries at most `ratio` × the requests of the last `ttl`, plus `minPerSecond` a second',
    options: {
      ratio: policyOption(
        num({ expects: 'a number >= 0 (0.2: retries add at most 20 % to the load)', min: 0 }),
        0.2,
        '`0.2`',
        'number ≥ 0',
        'retries at most this share of the requests of the last `ttl`',
      ),
      minPerSecond: policyOption(rate, 10, '`10`', 'rate', '... plus this many a second'),
      ttl: policyOption(
        duration({ positive: true }),
        10_000,
        '`10s`',
        'duration > 0',
        'the window requests are counted over',
      ),
    },
  },
} as const satisfies DeclaredBy<typeof RETRY_BUDGET_TABLE, RetryBudgetDeclaration>;

/** A retry budget's kind. */
export type RetryBudgetKind = keyof typeof RETRY_BUDGETS;

/** Every kind, in declaration order. */
export const RETRY_BUDGET_KINDS = Object.keys(RETRY_BUDGETS) as RetryBudgetKind[];

/** The fields of budget kind `K`, filled. */
export type RetryBudgetOptions<K extends RetryBudgetKind> = FilledOptions<
  (typeof RETRY_BUDGETS)[K]['options']
>;

/** A resolved budget of kind `K` (any kind by default): its kind and every field filled. */
export type RetryBudgetOf<K extends RetryBudgetKind = RetryBudgetKind> = {
  readonly [P in K]: { readonly kind: P } & RetryBudgetOptions<P>;
}[K];

/** A budget of kind `K` as written: its kind (told by its fields) and the fields written. */
export type RetryBudgetWrittenOf<K extends RetryBudgetKind = RetryBudgetKind> = {
  readonly [P in K]: { readonly kind: P } & OptionValues<(typeof RETRY_BUDGETS)[P]['options']>;
}[K];

/** The kind whose field `key` is, if any. */
export function budgetKindOf(key: string): RetryBudgetKind | undefined {
  return RETRY_BUDGET_KINDS.find((kind) => Object.hasOwn(RETRY_BUDGETS[kind].options, key));
}
