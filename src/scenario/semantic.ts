/**
 * Checks across sections, run once the shapes are valid: unique ids, references that resolve
 * (with did-you-mean), no call cycles, instance numbers in range, warmup shorter than the run, and
 * mesh settings that only conflict once `mesh.defaults` and the profile have filled them in.
 */
import type { Path, Reporter } from './diagnostics';
import { entryOf, locate, type LNode } from './positions';
import { ANY_MESH_IDENTITY } from './schema/mesh-authorization';
import { ownValue } from './own';
import { didYouMean } from './suggest';
import type { GatewaySpec, MeshPolicy, Scenario } from './types';

/** Reports every cross-reference problem of `s`; `root` is the document it was read from (for positions). */
export function checkSemantics(s: Scenario, root: LNode, r: Reporter): void {
  const err = (
    path: Path,
    message: string,
    extra: { expected?: string; found?: string; hint?: string } = {},
    atKey = false,
  ): void => r.error(locate(root, path, atKey), path, { message, ...extra });
  const warn = (path: Path, message: string, hint?: string): void =>
    r.warn(locate(root, path), path, { message, hint });

  // Duplicate ids. The gateway and services share one namespace: a client target may name either.
  const unique = (items: readonly { id: string; path: Path }[], what: string): void => {
    const first = new Map<string, Path>();
    for (const { id, path } of items) {
      const prev = first.get(id);
      if (prev === undefined) first.set(id, path);
      else {
        const at = locate(root, prev);
        err(path, `duplicate ${what} id "${id}"`, { hint: `first used at line ${at.line}` });
      }
    }
  };
  unique(
    s.clients.map((c, i) => ({ id: c.id, path: ['clients', i, 'id'] })),
    'client',
  );
  unique(
    [
      ...(s.gateway ? [{ id: s.gateway.id, path: ['gateway', 'id'] }] : []),
      ...s.services.map((x, i) => ({ id: x.id, path: ['services', i, 'id'] })),
    ],
    'service or gateway',
  );
  unique(
    s.gateway?.routes.map((x, i) => ({ id: x.id, path: ['gateway', 'routes', i, 'id'] })) ?? [],
    'route',
  );

  const services = new Map(s.services.map((x) => [x.id, x]));
  const serviceIds = [...services.keys()];
  const targets = [...(s.gateway ? [s.gateway.id] : []), ...serviceIds];
  const unknown = (
    path: Path,
    id: string,
    what: string,
    candidates: readonly string[],
    atKey = false,
    hint = didYouMean(id, candidates),
  ): void =>
    err(
      path,
      `unknown ${what} "${id}"`,
      {
        expected: candidates.length ? `one of ${candidates.join(', ')}` : `a ${what} id`,
        found: JSON.stringify(id),
        hint,
      },
      atKey,
    );
  // A target naming no component, in a file without a gateway, was most likely meant as the gateway.
  const noGateway =
    s.gateway === undefined
      ? 'this scenario has no gateway; target a service, or add a gateway section'
      : undefined;

  s.clients.forEach((c, i) => {
    if (c.target !== '' && !targets.includes(c.target)) {
      unknown(
        ['clients', i, 'target'],
        c.target,
        'target',
        targets,
        false,
        didYouMean(c.target, targets) ?? noGateway,
      );
    }
    if (s.gateway && c.target === s.gateway.id && s.gateway.routes.length === 0) {
      warn(
        ['gateway', 'routes'],
        `client "${c.id}" sends to gateway "${s.gateway.id}", which has no routes; its requests will find no upstream`,
      );
    }
    c.schedule.forEach((step, j) => {
      if (step.at >= s.duration)
        warn(
          ['clients', i, 'schedule', j, 'at'],
          `this rate change at ${step.at} ms comes after the end of the run (${s.duration} ms)`,
        );
    });
  });
  s.gateway?.routes.forEach((rt, i) => {
    if (!services.has(rt.service))
      unknown(['gateway', 'routes', i, 'service'], rt.service, 'service', serviceIds);
    rt.split?.forEach((e, j) => {
      if (!services.has(e.service))
        unknown(['gateway', 'routes', i, 'split', j, 'service'], e.service, 'service', serviceIds);
    });
    // One weight per instance of the route's service: a list of another length could not say whose is whose.
    const instances = s.services.find((x) => x.id === rt.service)?.instances;
    if (rt.weights && instances !== undefined && rt.weights.length !== instances)
      err(
        ['gateway', 'routes', i, 'weights'],
        `weights gives ${rt.weights.length} weights for ${instances} instance${instances === 1 ? '' : 's'}`,
        {
          expected: `one weight per instance of "${rt.service}": ${instances}`,
          found: `${rt.weights.length}`,
          hint: `give each of the ${instances} instances a weight, or change the service's instances`,
        },
      );
  });
  s.services.forEach((x, i) =>
    x.calls.forEach((c, j) => {
      if (!services.has(c.service))
        unknown(['services', i, 'calls', j, 'service'], c.service, 'service', serviceIds);
    }),
  );
  s.services.forEach((x, i) => {
    if (x.kind === 'queue' && x.calls.length > 0)
      err(['services', i, 'calls'], `queue "${x.id}" makes no calls: its consumers only drain it`, {
        hint: 'remove its calls, or make it a service (no kind: queue)',
      });
  });
  checkMesh(s, root, { services, targets, unknown, err });
  checkRegions(s, warn);

  checkCycles(s, err);

  s.faults.forEach((f, i) => {
    if (!targets.includes(f.target)) unknown(['faults', i, 'target'], f.target, 'target', targets);
    else if (f.kind === 'flush') {
      if (f.target !== s.gateway?.id) {
        err(['faults', i, 'target'], `"${f.target}" is a service; only the gateway has a cache to flush`, {
          expected: s.gateway ? `the gateway, ${s.gateway.id}` : 'a gateway',
          found: f.target,
        });
      } else if (!gatewayCaches(s.gateway)) {
        err(['faults', i, 'kind'], `the gateway "${f.target}" has no proxy-cache plugin to flush`, {
          hint: "add { name: proxy-cache } to its plugins or a route's",
        });
      }
    } else if (f.kind === 'scale' && !services.has(f.target)) {
      err(['faults', i, 'target'], `"${f.target}" is the gateway; only a service can be scaled`, {
        expected: 'a service id',
        found: f.target,
      });
    } else if (f.instance !== undefined) {
      const instances = f.target === s.gateway?.id ? s.gateway.instances : instanceCapacity(s, f.target);
      if (f.instance >= instances) {
        err(
          ['faults', i, 'instance'],
          `instance ${f.instance} is out of range: "${f.target}" has ${instances} instance${instances === 1 ? '' : 's'}`,
          {
            expected: `an instance number from 0 to ${instances - 1}`,
            found: String(f.instance),
          },
        );
      }
    }
    if (f.at >= s.duration)
      warn(
        ['faults', i, 'at'],
        `this fault starts at ${f.at} ms, after the end of the run (${s.duration} ms)`,
      );
  });

  if (s.warmup >= s.duration) {
    err(['warmup'], `warmup (${s.warmup} ms) must be shorter than duration (${s.duration} ms)`, {
      expected: `a duration below ${s.duration} ms`,
      found: `${s.warmup} ms`,
      hint: 'nothing would be measured',
    });
  }
  if (s.playback.start >= s.duration) {
    err(
      ['playback', 'start'],
      `playback starts at ${s.playback.start} ms, not before the end of the run (${s.duration} ms)`,
      {
        expected: `a duration below ${s.duration} ms`,
        found: `${s.playback.start} ms`,
        hint: 'the page would have nothing to play',
      },
    );
  }
}

/** What the mesh checks need from checkSemantics: the ids, and its two ways of reporting. */
interface References {
  readonly services: ReadonlyMap<string, unknown>;
  /** The gateway's id and the service ids. */
  readonly targets: readonly string[];
  readonly unknown: (
    path: Path,
    id: string,
    what: string,
    candidates: readonly string[],
    atKey?: boolean,
    hint?: string,
  ) => void;
  readonly err: (path: Path, message: string, extra?: { hint?: string }) => void;
}

/** A policy's or a route's split and mirror name services; a service does not mirror to itself. */
function checkDestinations(
  id: string,
  p: Pick<MeshPolicy, 'split' | 'mirror'>,
  path: Path,
  ids: readonly string[],
  services: References['services'],
  unknown: References['unknown'],
  err: References['err'],
): void {
  p.split?.forEach((e, j) => {
    if (!services.has(e.service)) unknown([...path, 'split', j, 'service'], e.service, 'service', ids);
  });
  const mirror = p.mirror?.service;
  if (mirror !== undefined && !services.has(mirror))
    unknown([...path, 'mirror', 'service'], mirror, 'service', ids);
  else if (mirror === id)
    err([...path, 'mirror', 'service'], `"${id}" cannot mirror its calls to itself`, {
      hint: 'mirror to another service, such as a new version of this one',
    });
}

/**
 * The mesh's references: policies, `exclude`, authorization rules and split and mirror
 * destinations name services (a rule's `from` may also name the gateway, or `*`); then the bounds
 * that only conflict once `mesh.defaults` and the profile have filled them in.
 */
function checkMesh(s: Scenario, root: LNode, { services, targets, unknown, err }: References): void {
  const ids = [...services.keys()];
  // The resolved mesh has a policy for each service only: unknown ids are read from the file.
  const written = at(root, ['mesh', 'policies']);
  for (const id of written?.kind === 'map' ? written.entries.keys() : []) {
    if (!services.has(id)) unknown(['mesh', 'policies', id], id, 'service', ids, true);
  }
  s.mesh.exclude.forEach((id, i) => {
    if (!services.has(id)) unknown(['mesh', 'exclude', i], id, 'service', ids);
  });
  s.mesh.authorization.forEach((rule, i) => {
    const path = ['mesh', 'authorization', i];
    if (!services.has(rule.service)) unknown([...path, 'service'], rule.service, 'service', ids);
    for (const field of ['from', 'notFrom'] as const)
      rule[field]?.forEach((caller, j) => {
        if (caller === '*' || caller === ANY_MESH_IDENTITY || targets.includes(caller)) return;
        const client = s.clients.some((c) => c.id === caller)
          ? 'a client is outside the mesh: its requests come from the gateway, or from anywhere (*)'
          : undefined;
        const candidates = [...targets, '*', ANY_MESH_IDENTITY];
        unknown(
          [...path, field, j],
          caller,
          'caller',
          candidates,
          false,
          didYouMean(caller, candidates) ?? client,
        );
      });
  });
  Object.keys(s.mesh.mtls.services).forEach((id) => {
    if (!services.has(id)) unknown(['mesh', 'mtls', 'services', id], id, 'service', ids, true);
  });
  s.mesh.requestAuthentication.forEach((rule, i) => {
    if (rule.service !== undefined && !services.has(rule.service))
      unknown(['mesh', 'requestAuthentication', i, 'service'], rule.service, 'service', ids);
  });
  for (const [id, policy] of Object.entries(s.mesh.policies)) {
    const path = ['mesh', 'policies', id];
    checkDestinations(id, policy, path, ids, services, unknown, err);
    policy.routes?.forEach((route, i) =>
      checkDestinations(id, route, [...path, 'routes', i], ids, services, unknown, err),
    );
    policy.failover?.forEach((target, j) => {
      const at = [...path, 'failover', j];
      if (!services.has(target)) unknown(at, target, 'service', ids);
      else if (target === id)
        err(at, `"${id}" cannot fail over to itself`, {
          hint: 'name the services that take its calls when it has no healthy instance, e.g. its copy in another region',
        });
      else if (policy.failover!.indexOf(target) < j)
        err(at, `"${target}" is already in this failover list`, { hint: 'name each service once' });
    });
  }
  checkMeshOrder(s, root, err);
}

/**
 * A service that calls itself, directly or through others, would never finish a request: each
 * cycle is reported once, at the call that closes it, as `a -> b -> a`. With the mesh on, a call
 * into a service may also go to the services it fails over to, so those calls count too.
 */
function checkCycles(
  s: Scenario,
  err: (path: Path, message: string, extra?: { hint?: string }) => void,
): void {
  const index = new Map(s.services.map((x, i) => [x.id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  // How each service on the stack was reached: its id, or `b (failing over to c)`.
  const steps: string[] = [];
  const visit = (id: string, step: string): void => {
    state.set(id, 'open');
    stack.push(id);
    steps.push(step);
    const i = index.get(id) ?? -1;
    s.services[i]?.calls.forEach((c, j) => {
      // ownValue: a call to an unknown service `constructor` must not find Object.
      const failover = s.mesh.enabled ? (ownValue(s.mesh.policies, c.service)?.failover ?? []) : [];
      for (const callee of [c.service, ...failover]) {
        const st = state.get(callee);
        const reached = callee === c.service ? callee : `${c.service} (failing over to ${callee})`;
        if (st === 'open') {
          const start = stack.indexOf(callee);
          const cycle = [callee, ...steps.slice(start + 1), reached];
          err(['services', i, 'calls', j, 'service'], `call cycle ${cycle.join(' -> ')}`, {
            hint: 'a request would never finish; remove one of these calls',
          });
        } else if (st === undefined && index.has(callee)) visit(callee, reached);
      }
    });
    stack.pop();
    steps.pop();
    state.set(id, 'done');
  };
  for (const x of s.services) if (!state.has(x.id)) visit(x.id, x.id);
}

/** The node at `path` of the file, if it is written there. */
function at(root: LNode, path: Path): LNode | undefined {
  let node: LNode | undefined = root;
  for (const seg of path) {
    if (node === undefined) return undefined;
    node =
      typeof seg === 'number'
        ? node.kind === 'seq'
          ? node.items[seg]
          : undefined
        : entryOf(node, seg)?.value;
  }
  return node;
}

/**
 * Pairs of a mesh policy whose upper bound must not be below its lower bound once filled in from
 * the service's policy, `mesh.defaults` and the profile (within one mapping the shape check already
 * says so). Reported once per written field, at the upper bound where it is written, else the lower.
 */
function checkMeshOrder(
  s: Scenario,
  root: LNode,
  err: (path: Path, message: string, extra?: { expected?: string; found?: string; hint?: string }) => void,
): void {
  const reported = new Set<string>();
  const fallback = s.mesh.profile === undefined ? ', the default' : `, ${s.mesh.profile}'s default`;
  for (const [id, p] of Object.entries(s.mesh.policies)) {
    const pairs: [Path, string, number, string, number][] = [
      [['retries', 'backoff'], 'base', p.retries.backoff.base, 'max', p.retries.backoff.max],
    ];
    if (p.outlierDetection) {
      const o = p.outlierDetection;
      pairs.push([
        ['outlierDetection'],
        'baseEjectionTime',
        o.baseEjectionTime,
        'maxEjectionTime',
        o.maxEjectionTime,
      ]);
    }
    if (p.failureAccrual) {
      const f = p.failureAccrual;
      pairs.push([['failureAccrual'], 'minPenalty', f.minPenalty, 'maxPenalty', f.maxPenalty]);
    }
    for (const [within, low, lowValue, high, highValue] of pairs) {
      if (highValue >= lowValue) continue;
      const own = ['mesh', 'policies', id, ...within];
      const defaults = ['mesh', 'defaults', ...within];
      const where = (field: string): Path | undefined =>
        [own, defaults].map((m) => [...m, field]).find((path) => at(root, path) !== undefined);
      const highAt = where(high);
      const lowAt = where(low);
      const path = highAt ?? lowAt;
      if (path === undefined) continue; // the profile's own values are in order
      const key = path.join('.');
      if (reported.has(key)) continue;
      reported.add(key);
      const mapping = (q: Path): string => q.slice(0, -1).join('.');
      const source = (q: Path | undefined): string =>
        q === undefined ? fallback : mapping(q) === mapping(path) ? '' : `, from ${mapping(q)}`;
      err(
        path,
        `${high} (${highValue} ms${source(highAt)}) must not be below ${low} (${lowValue} ms${source(lowAt)})`,
        {
          expected: `${high} >= ${low}`,
          found: `${highValue} ms`,
          hint: `set both ${low} and ${high} in ${mapping(path)}`,
        },
      );
    }
  }
}

/** The most instances a service ever runs: its own count, or more while a `scale` fault holds. */
export function instanceCapacity(s: Scenario, service: string): number {
  const own = s.services.find((x) => x.id === service)?.instances ?? 0;
  return s.faults.reduce(
    (n, f) => (f.kind === 'scale' && f.target === service ? Math.max(n, f.instances) : n),
    own,
  );
}

/**
 * `network.crossRegion` only acts on a hop between two components in different regions: set
 * while fewer than two regions are written, it does nothing, which is worth a warning.
 */
function checkRegions(s: Scenario, warn: (path: Path, message: string, hint?: string) => void): void {
  const cross = s.network.crossRegion;
  if (cross.dist === 'constant' && cross.value === 0) return;
  const regions = new Set(
    [...s.clients, ...(s.gateway ? [s.gateway] : []), ...s.services].flatMap((x) =>
      x.region === undefined ? [] : [x.region],
    ),
  );
  if (regions.size >= 2) return;
  warn(
    ['network', 'crossRegion'],
    regions.size === 0
      ? 'network.crossRegion is set but no component has a region: no hop crosses regions'
      : `network.crossRegion is set but every component with a region is in "${[...regions][0]}": no hop crosses regions`,
    'give the services, the gateway or the clients in another region a region field',
  );
}

/** Whether the gateway, or one of its routes, runs a proxy-cache. */
function gatewayCaches(gateway: GatewaySpec): boolean {
  const caches = (plugins: readonly { readonly name: string }[]) =>
    plugins.some((p) => p.name === 'proxy-cache');
  return caches(gateway.plugins) || gateway.routes.some((r) => caches(r.plugins));
}
