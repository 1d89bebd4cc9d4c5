/**
 * A Step's Condition as routes: a policy attached with a Condition that narrows a route (a verb, a
 * deeper path, a header) applies only to the requests that meet it, so the route is split in two:
 * one whose match adds the Condition and carries the policy, and the route as it was without it.
 * meshsim takes the more specific of two matching routes, so the requests that meet the Condition
 * take the first, as Apigee runs the step for them alone. A transformer's Condition is its `when`
 * instead (no split), and a Condition no route match can say is left to `routePolicies`, which warns.
 */
import { bothMatch, readCondition } from './apigee-conditions';
import type { FlowStep } from './apigee-endpoints';
import type { ApigeePolicy } from './apigee-policies';
import { safeId, uniqueId } from './kong-routes';
import type { RawMatch } from './types';

/** A route before its steps become plugins. */
export interface SteppedRoute {
  readonly id: string;
  readonly match: RawMatch;
  readonly steps: readonly FlowStep[];
}

/** Splits beyond this many routes from one are not made: each further Condition would double them. */
const MAX_SPLIT = 8;

/** `route` split by the Conditions of its steps that narrow it; `ids` takes the new routes' ids. */
export function splitByStepConditions(
  route: SteppedRoute,
  policies: ReadonlyMap<string, ApigeePolicy | undefined>,
  basePath: string,
  ids: Set<string>,
): SteppedRoute[] {
  let routes: { id: string; match: RawMatch; steps: FlowStep[] }[] = [
    { id: route.id, match: route.match, steps: [] },
  ];
  for (const step of route.steps) {
    const policy = policies.get(step.policy);
    const read = step.condition === undefined ? undefined : readCondition(step.condition.text, basePath);
    const splits = read?.ok === true && policy !== undefined && policy.plugin?.name !== 'request-transformer';
    const next: typeof routes = [];
    for (const r of routes) {
      const joined = splits ? bothMatch(r.match, read.match) : undefined;
      const narrows = joined !== undefined && JSON.stringify(joined) !== JSON.stringify(r.match);
      if (!narrows || routes.length * 2 > MAX_SPLIT) {
        next.push({ ...r, steps: [...r.steps, step] });
        continue;
      }
      const id = uniqueId(safeId(`${r.id}-${step.policy}`, 'route'), ids);
      next.push({ id, match: joined, steps: [...r.steps, step] }, r);
    }
    routes = next;
  }
  return routes;
}
