/**
 * Apigee API proxy bundles (the `apiproxy/` folder `apigeecli` or the Edge UI exports) as a meshsim
 * gateway with `profile: apigee`. docs/import-apigee.md lists every element; in short:
 *
 * | Apigee                                       | meshsim                                                    |
 * | -------------------------------------------- | ---------------------------------------------------------- |
 * | `apiproxy/NAME.xml` (APIProxy)               | the scenario's name                                        |
 * | ProxyEndpoint BasePath, Flows, RouteRules    | gateway routes (`apigee-routes.ts`)                        |
 * | Step in a flow                               | a plugin of the route (`apigee-policies.ts`)               |
 * | TargetEndpoint URL host / LoadBalancer       | a stub service; its servers are the service's instances    |
 * | LoadBalancer Algorithm, Server Weight        | the route's `loadBalancer`, `weights`                      |
 * | MaxFailures, ServerUnhealthyResponse, HealthMonitor | the route's passive and active `healthchecks`       |
 * | RetryEnabled, `io.timeout.millis` (55 s)     | the route's `retries` (to the next server) and per-try timeout |
 * | ServiceCallout                               | a call of the routed service to a stub service             |
 */
import type { Reporter } from '../diagnostics';
import { warnAt, type Where } from './config-entity';
import { ApigeeEntity } from './apigee-entity';
import {
  readProxyEndpoint,
  readTargetEndpoint,
  type FlowStep,
  type ProxyEndpoint,
  type TargetEndpoint,
} from './apigee-endpoints';
import { hostOf, readPolicy, type ApigeePolicy } from './apigee-policies';
import { flowRoutes, routePolicies } from './apigee-routes';
import { splitByStepConditions } from './apigee-step-split';
import type { XmlElement } from './apigee-xml';
import type { GatewayImport, ServiceStub } from './gateway-import';
import { STUB_RATE } from './kong-clients';
import { safeId, uniqueId } from './kong-routes';
import { formatMillis, type RawClient, type RawMixEntry, type RawPlugin } from './types';

/** One XML file of a bundle, parsed. */
export interface ApigeeDoc {
  readonly root: XmlElement;
  readonly r: Reporter;
}

/** Apigee's `io.timeout.millis` default. */
const IO_TIMEOUT_MS = 55_000;
const STUB_TIMES = { concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } } as const;
const DESCRIPTOR_FIELDS = [
  'Basepaths',
  'ConfigurationVersion',
  'CreatedAt',
  'CreatedBy',
  'Description',
  'DisplayName',
  'LastModifiedAt',
  'LastModifiedBy',
  'ManifestVersion',
  'Policies',
  'ProxyEndpoints',
  'Resources',
  'Spec',
  'TargetServers',
  'TargetEndpoints',
  'SharedFlows',
  'subType',
];

/** Whether a parsed XML root belongs to an Apigee bundle: every file of one is a descriptor, endpoint or policy. */
export function isApigeeRoot(root: XmlElement): boolean {
  return root.attrs.has('name') || ['APIProxy', 'ProxyEndpoint', 'TargetEndpoint'].includes(root.name);
}

interface ServiceMade extends ServiceStub {
  instances: number;
  calls: Set<string>;
}

/** The gateway scenario of a bundle's parsed files. */
export function apigeeScenario(docs: readonly ApigeeDoc[]): GatewayImport {
  let proxyName: string | undefined;
  const proxies: ProxyEndpoint[] = [];
  const targets = new Map<string, TargetEndpoint>();
  const policies = new Map<string, ApigeePolicy | undefined>();
  for (const { root, r } of docs) {
    if (root.name === 'APIProxy') {
      const e = new ApigeeEntity(root, r, 'the APIProxy descriptor', DESCRIPTOR_FIELDS, ['name', 'revision']);
      proxyName = e.attr('name');
      e.use('@revision', ...DESCRIPTOR_FIELDS); // what the bundle holds, told again: the files themselves are read
      e.finish();
    } else if (root.name === 'ProxyEndpoint') proxies.push(readProxyEndpoint(root, r));
    else if (root.name === 'TargetEndpoint') {
      const t = readTargetEndpoint(root, r);
      if (targets.has(t.name)) warnAt(t.at, `a second TargetEndpoint named "${t.name}"; the first is used`);
      else targets.set(t.name, t);
    } else {
      const name = root.attrs.get('name')?.value ?? '';
      if (policies.has(name))
        warnAt({ r, pos: root.pos, path: [root.name] }, `a second policy named "${name}"; the first is used`);
      else policies.set(name, readPolicy(root, r));
    }
  }
  const at: Where = { r: docs[0].r, pos: docs[0].root.pos, path: [] };
  if (proxies.length === 0)
    warnAt(
      at,
      'no ProxyEndpoint in the bundle (apiproxy/proxies/*.xml), so no request reaches its policies and targets: import the whole apiproxy/ folder, or its zip',
    );
  const title = proxyName ?? proxies[0]?.name ?? 'proxy';
  const services = new Map<string, ServiceMade>();
  const serviceIds = new Set<string>();
  const routeIds = new Set<string>();
  const routes: Record<string, unknown>[] = [];
  // Per service, the routes to it that make no callout: a callout is made as the service's call, so theirs too.
  const plainRoutes = new Map<string, string[]>();
  const calloutAt = new Map<string, Where>();
  const warned = new Set<FlowStep>();
  for (const ep of proxies) {
    for (const fr of flowRoutes(ep, routeIds)) {
      const target = fr.rule.target === undefined ? undefined : targets.get(fr.rule.target);
      if (fr.rule.target !== undefined && target === undefined) {
        warnAt(
          fr.rule.at,
          `no TargetEndpoint named "${fr.rule.target}" in the bundle (apiproxy/targets/); route ${fr.id} is left out`,
        );
        continue;
      }
      const url = target?.url ?? fr.rule.url;
      const host = url === undefined ? undefined : hostOf(url);
      if (target === undefined && host === undefined) {
        warnAt(
          fr.rule.at,
          `RouteRule "${fr.rule.name}" names no target (a null route: Apigee answers from the proxy); route ${fr.id} is left out`,
        );
        continue;
      }
      const svc = serviceFor(target, host, title, services, serviceIds, fr.rule.at);
      const steps = [...fr.steps, ...(target === undefined ? [] : targetSteps(target))];
      const split = splitByStepConditions(
        { id: fr.id, match: fr.match, steps },
        policies,
        ep.basePath,
        routeIds,
      );
      for (const route of split) {
        const made = routePolicies(route.id, route.match, route.steps, policies, ep.basePath, warned);
        for (const c of made.callouts) svc.calls.add(c);
        if (made.callouts.length === 0)
          plainRoutes.set(svc.id, [...(plainRoutes.get(svc.id) ?? []), route.id]);
        else calloutAt.set(svc.id, fr.rule.at);
        routes.push({
          id: route.id,
          match: route.match,
          service: svc.id,
          ...targetFields(target),
          ...(made.plugins.length > 0 ? { plugins: made.plugins } : {}),
        });
      }
    }
  }
  for (const [id, where] of calloutAt) {
    const plain = plainRoutes.get(id) ?? [];
    if (plain.length > 0)
      warnAt(
        where,
        `a ServiceCallout becomes a call of service ${id}, so the requests of route${plain.length > 1 ? 's' : ''} ${plain.join(', ')}, which attach none, make it too: give those routes a target of their own to tell them apart`,
      );
  }
  for (const p of policies.values())
    if (p?.callout !== undefined && !services.has(p.callout.service))
      services.set(p.callout.service, {
        id: p.callout.service,
        at: p.callout.at,
        instances: 1,
        calls: new Set(),
      });

  let gatewayId = 'apigee';
  while (services.has(gatewayId)) gatewayId += '-gateway';
  const plugins = routes.flatMap((r) => (r.plugins as RawPlugin[] | undefined) ?? []);
  const client: RawClient = {
    id: 'clients',
    arrival: { process: 'poisson', rate: STUB_RATE },
    mix: mixOf(routes),
  };
  const clientNote = `The client stub sends ${STUB_RATE} requests a second, one kind per route.`;
  return {
    product: 'Apigee',
    at,
    scenario: {
      name: `Apigee proxy ${title}`,
      description: [
        `Imported by \`meshsim import\` from the Apigee API proxy ${title} (${docs.length} XML file${docs.length === 1 ? '' : 's'}).`,
        'Service times and concurrency are placeholders: an API proxy does not hold them.',
        plugins.some((p) => p.name === 'key-auth' || p.name === 'jwt')
          ? 'Every request of the client stub carries a valid credential.'
          : '',
        clientNote,
        '',
      ]
        .filter((l, i, all) => l !== '' || i === all.length - 1)
        .join('\n'),
      clients: [client],
      gateway: { id: gatewayId, profile: 'apigee', routes },
      services: [...services.values()].map((s) => ({
        id: s.id,
        instances: s.instances,
        ...STUB_TIMES,
        ...(s.calls.size > 0 ? { calls: [...s.calls].map((service) => ({ service })) } : {}),
      })),
    },
    stubs: [...services.values()].map(({ id, at: where, upstream }) => ({
      id,
      at: where,
      ...(upstream !== undefined ? { upstream } : {}),
    })),
    clientNote,
  };
}

/** A target endpoint's steps; those of a conditional flow carry its Condition, joined to their own. */
function targetSteps(t: TargetEndpoint): FlowStep[] {
  const conditional = t.flows.flatMap((f) =>
    f.steps.map((s) => {
      if (f.condition === undefined) return s;
      const text =
        s.condition === undefined ? f.condition.text : `(${f.condition.text}) and (${s.condition.text})`;
      return { ...s, condition: { text, at: s.condition?.at ?? f.condition.at } };
    }),
  );
  return [...t.preFlow, ...conditional, ...t.postFlow];
}

function serviceFor(
  target: TargetEndpoint | undefined,
  host: string | undefined,
  proxy: string,
  services: Map<string, ServiceMade>,
  ids: Set<string>,
  at: Where,
): ServiceMade {
  const lb = target !== undefined && target.servers.length > 0;
  const wanted = lb
    ? safeId(target.name === 'default' ? `${proxy}-target` : target.name, 'target')
    : safeId(host ?? 'target', 'target');
  const found = services.get(wanted);
  if (found !== undefined) return found;
  const id = uniqueId(wanted, ids);
  const made: ServiceMade = {
    id,
    at: target?.at ?? at,
    instances: lb ? target.servers.length : 1,
    calls: new Set(),
    ...(lb
      ? {
          upstream: {
            name: target.name,
            targets: target.servers.length,
          },
        }
      : {}),
  };
  services.set(id, made);
  return made;
}

/** The route fields a TargetEndpoint gives: retries and per-try timeout, balancer, weights, health checks. */
function targetFields(t: TargetEndpoint | undefined): Record<string, unknown> {
  const servers = t?.servers.length ?? 0;
  // Apigee retries a failed request on the next server of a LoadBalancer; a lone URL has no next one.
  const attempts = servers > 1 && t?.retryEnabled !== false ? 1 : 0;
  const out: Record<string, unknown> = {
    retries: {
      attempts,
      retryOn: ['connect-failure', 'reset', 'timeout'],
      perTryTimeout: formatMillis(t?.ioTimeoutMs ?? IO_TIMEOUT_MS),
    },
  };
  if (t === undefined || servers === 0) return out;
  if (t.algorithm === 'LeastConnections') out.loadBalancer = 'LEAST_REQUEST';
  else if (t.algorithm !== undefined && t.algorithm !== 'RoundRobin' && t.algorithm !== 'Weighted')
    warnAt(
      t.at,
      `LoadBalancer Algorithm "${t.algorithm}" is not RoundRobin, Weighted or LeastConnections; round robin is used`,
    );
  const weights = t.servers.map((s) => s.weight ?? 1);
  if (t.algorithm === 'Weighted' && weights.some((w) => w !== weights[0])) out.weights = weights;
  if ((t.maxFailures ?? 0) > 0) {
    const n = t.maxFailures!;
    const codes = t.unhealthyCodes ?? [];
    out.healthchecks = {
      passive: {
        timeouts: n,
        tcpFailures: n,
        httpFailures: codes.length > 0 ? n : 0,
        ...(codes.length > 0 ? { httpStatuses: codes } : {}),
      },
      ...(t.healthMonitorMs !== undefined
        ? { active: { interval: formatMillis(t.healthMonitorMs), successes: 1 } }
        : {}),
    };
  }
  return out;
}

/** One mix entry per route: its first method (GET when it has none) on its path or prefix. */
function mixOf(routes: readonly Record<string, unknown>[]): RawMixEntry[] {
  const mix = routes.map((r) => {
    const m = r.match as {
      path?: string;
      prefix?: string;
      methods?: string[];
      headers?: Record<string, string>;
    };
    return {
      weight: 1,
      method: m.methods?.[0] ?? 'GET',
      path: m.path ?? m.prefix ?? '/',
      ...(m.headers !== undefined ? { headers: m.headers } : {}),
    };
  });
  return mix.length > 0 ? mix : [{ weight: 1, method: 'GET', path: '/' }];
}
