/**
 * The policy registries' plain facts, for the page: each policy's name, its options, what each
 * counts and the bounds the format allows, which the page's sliders read to find and bound the
 * options a file writes. The page reaches the scenario layer only through the report, and these
 * tables import nothing, so the checks built on them stay out of the page.
 */
export { BALANCER_TABLE } from '../scenario/policies/balancer-table';
export { BREAKER_TABLE } from '../scenario/policies/breaker-table';
export { HEALTH_CHECK_PLACES, HEALTH_CHECK_TABLE } from '../scenario/policies/health-check-table';
export { LIMITER_TABLE, type LimitKind } from '../scenario/policies/limiter-table';
export {
  isSliderKind,
  type OptionFacts,
  type OptionKind,
  type OptionTable,
} from '../scenario/policies/option-kinds';
export { RETRY_BUDGET_TABLE } from '../scenario/policies/retry-budget-table';
