/**
 * A ProxyEndpoint's flows and route rules as meshsim gateway routes. Apigee runs the PreFlow, the
 * first conditional Flow whose Condition holds, then the PostFlow, and sends the request to the
 * first RouteRule whose Condition holds. meshsim picks one route per request by its match, so each
 * (flow, route rule) pair a request can take becomes one route: the flow's and the rule's conditions
 * joined into its match, the steps of every flow it runs as its plugins, in order. A request no
 * conditional flow takes gets a route of its own under the base path with the PreFlow and PostFlow.
 */
import { warnAt } from './config-entity';
import { bothMatch, readCondition } from './apigee-conditions';
import type { FlowStep, ProxyEndpoint, RouteRule, WrittenCondition } from './apigee-endpoints';
import type { ApigeePolicy } from './apigee-policies';
import { safeId, uniqueId } from './kong-routes';
import type { RawMatch, RawPlugin } from './types';

/** A route made from a flow and a rule, before its target becomes a service. */
export interface FlowRoute {
  readonly id: string;
  readonly match: RawMatch;
  readonly rule: RouteRule;
  readonly steps: readonly FlowStep[];
}

/** The match of a condition, or undefined with a warning saying what it is and why it is left out. */
function matchOf(c: WrittenCondition | undefined, basePath: string, what: string): RawMatch | undefined {
  if (c === undefined) return {};
  const read = readCondition(c.text, basePath);
  if (!read.ok) {
    warnAt(
      c.at,
      `${what}: its Condition ${JSON.stringify(c.text)} is not a route match (${read.why}); left out`,
    );
    return undefined;
  }
  if (read.broadened !== undefined) warnAt(c.at, `${what}: ${read.broadened}, which also takes deeper paths`);
  return read.match;
}

/** The routes of `ep`; `targetSteps` gives the target endpoint's steps for a rule. */
export function flowRoutes(ep: ProxyEndpoint, ids: Set<string>): FlowRoute[] {
  const base: RawMatch = { prefix: ep.basePath === '' ? '/' : ep.basePath };
  const rules = ep.rules
    .map((rule) => ({ rule, match: matchOf(rule.condition, ep.basePath, `RouteRule "${rule.name}"`) }))
    .filter((x): x is { rule: RouteRule; match: RawMatch } => x.match !== undefined);
  if (rules.length === 0) {
    warnAt(
      ep.at,
      `ProxyEndpoint "${ep.name}" has no RouteRule meshsim can follow: no request leaves it; left out`,
    );
    return [];
  }
  const out: FlowRoute[] = [];
  const flows: { name: string; match: RawMatch; steps: readonly FlowStep[] }[] = [];
  let catchAll = false;
  for (const flow of ep.flows) {
    if (catchAll) {
      warnAt(
        flow.at,
        `Flow "${flow.name}" follows a Flow without a Condition, which takes every request: it never runs; left out`,
      );
      continue;
    }
    const m = matchOf(flow.condition, ep.basePath, `Flow "${flow.name}"`);
    if (m === undefined) continue;
    const match = bothMatch(base, m);
    if (match === undefined) {
      warnAt(
        flow.at,
        `Flow "${flow.name}": no request under the base path ${base.prefix} meets its Condition; left out`,
      );
      continue;
    }
    // Apigee runs the first flow whose Condition holds: one whose requests an earlier flow all takes never runs.
    const before = flows.find((f) => sameMatch(bothMatch(f.match, match) ?? {}, match));
    if (before !== undefined) {
      warnAt(
        flow.at,
        `Flow "${flow.name}" never runs: Flow "${before.name}" comes first and takes every request it would; left out`,
      );
      continue;
    }
    if (flow.condition === undefined) catchAll = true;
    flows.push({ name: flow.name, match, steps: flow.steps });
  }
  if (!catchAll) flows.push({ name: ep.name, match: base, steps: [] });
  for (const flow of flows) {
    for (const { rule, match: ruleMatch } of rules) {
      const match = bothMatch(flow.match, ruleMatch);
      if (match === undefined) continue;
      const named =
        rules.length > 1 && rule.condition !== undefined
          ? `${flow.name}-${rule.target ?? rule.name}`
          : flow.name;
      out.push({
        id: uniqueId(safeId(named, 'route'), ids),
        match,
        rule,
        steps: [...ep.preFlow, ...flow.steps, ...ep.postFlow],
      });
      // A rule without a Condition takes every request the ones above it left: later rules never run.
      if (rule.condition === undefined || sameMatch(match, flow.match)) break;
    }
  }
  return out;
}

function sameMatch(a: RawMatch, b: RawMatch): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a route's steps give it: its plugins in the order attached, and the services its callouts call. */
export interface RoutePolicies {
  readonly plugins: RawPlugin[];
  readonly callouts: string[];
}

/**
 * The plugins of a route of match `match` from `steps`: a step whose Condition no request of the
 * route meets is dropped; one a transformer's `when` can say is kept with it; any other condition
 * is warned about and the policy applies to the whole route.
 */
export function routePolicies(
  routeId: string,
  match: RawMatch,
  steps: readonly FlowStep[],
  policies: ReadonlyMap<string, ApigeePolicy | undefined>,
  basePath: string,
  /** Steps already warned about on another route: a step is warned about once. */
  warned: Set<FlowStep> = new Set(),
): RoutePolicies {
  const plugins: RawPlugin[] = [];
  const callouts: string[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    if (!policies.has(step.policy)) {
      if (warned.has(step)) continue;
      warned.add(step);
      warnAt(
        step.at,
        `no policy named "${step.policy}" in the bundle (apiproxy/policies/); the step is left out`,
      );
      continue;
    }
    const policy = policies.get(step.policy);
    if (policy === undefined || seen.has(policy.name)) continue;
    let when: RawMatch | undefined;
    if (step.condition !== undefined) {
      const read = readCondition(step.condition.text, basePath);
      const joined = read.ok ? bothMatch(match, read.match) : undefined;
      if (read.ok && joined === undefined) continue;
      if (!read.ok || !sameMatch(joined!, match)) {
        if (read.ok && policy.plugin?.name === 'request-transformer') when = read.match;
        else if (!warned.has(step)) {
          warned.add(step);
          warnAt(
            step.condition.at,
            `the Condition ${JSON.stringify(step.condition.text)} of step "${step.policy}" is not modelled${read.ok ? '' : ` (${read.why})`}: the policy applies to every request of route ${routeId} and the other routes it is on`,
          );
        }
      }
    }
    seen.add(policy.name);
    if (policy.callout !== undefined) callouts.push(policy.callout.service);
    if (policy.plugin === undefined) continue;
    const transformer = policy.plugin.name === 'request-transformer';
    const name =
      transformer && (step.onResponse || policy.onResponse === true)
        ? 'response-transformer'
        : policy.plugin.name;
    if (!transformer) plugins.push(policy.plugin);
    else
      addTransformer(
        plugins,
        { ...policy.plugin, name, ...(when !== undefined ? { when } : {}) },
        step,
        routeId,
      );
  }
  return { plugins, callouts };
}

/**
 * Adds a transformer to a route's plugins. A route carries one plugin of a name, so the edits of
 * several policies on one way (in or out) become one transformer whose cost is the sum of theirs;
 * a `when` that they do not all share is dropped, with a warning.
 */
function addTransformer(plugins: RawPlugin[], t: RawPlugin, step: FlowStep, routeId: string): void {
  const i = plugins.findIndex((p) => p.name === t.name);
  if (i === -1) {
    plugins.push(t);
    return;
  }
  const had = plugins[i];
  const cost = `${Number.parseFloat(String(had.cost)) + Number.parseFloat(String(t.cost))}ms`;
  const { when: _a, ...merged } = had;
  const same = JSON.stringify(had.when) === JSON.stringify(t.when);
  if (!same)
    warnAt(
      step.at,
      `route ${routeId} runs "${step.policy}" with other ${t.name === 'request-transformer' ? 'request' : 'response'} edits in one ${t.name} whose cost is their sum; the step conditions they do not share apply to all its requests`,
    );
  plugins[i] = {
    ...merged,
    instance: `${String(had.instance)}+${String(t.instance)}`,
    cost,
    ...(same && had.when !== undefined ? { when: had.when } : {}),
  };
}
