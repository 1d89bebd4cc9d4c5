/**
 * The mesh section of a bundle: what Istio and Consul config say ({@link MeshConfig}), laid over the
 * scenario made so far (the scenario document's, Kong's, or a stub). Services the config names but
 * the scenario lacks become stubs, with a warning each (a subset's service says that it stands for
 * the subset). Authorization rules are expanded to the services of their subsets, and rules without
 * a selector to every service; a rule on a service the scenario lacks protects nothing and is left
 * out with a warning. The scenario document's own `mesh` fields win, field by field down to each
 * policy's fields, with a warning for each imported value they replace.
 */
import type { LMap, LNode } from '../positions';
import type { Reporter } from '../diagnostics';
import { warnAt, type Where } from './config-entity';
import { ANY_MESH_IDENTITY, EVERY_SERVICE, type MeshConfig } from './mesh-config';
import { identityCallers } from './k8s-identity';
import { podCount, subsetCopy, withPodCounts } from './k8s-services';
import type { RawAuthorizationRule, RawMesh, RawScenario, RawService } from './types';
import { ownValue } from '../own';

/** What a stub service is given, to be edited: mesh config holds no service times. */
const STUB_TIMES = { concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } } as const;
/** Mesh fields in the order the format lists them; others follow. */
const MESH_ORDER = [
  'enabled',
  'profile',
  'sidecar',
  'mtls',
  'discovery',
  'exclude',
  'authorization',
  'requestAuthentication',
  'policies',
];

/** The scenario document, for the positions of its `mesh` fields. */
export interface ScenarioDoc {
  readonly root: LMap;
  readonly r: Reporter;
}

/** `scenario` with the mesh section and the stub services the config needs; warnings go to the documents. */
export function withMesh(scenario: RawScenario, mesh: MeshConfig, doc: ScenarioDoc | undefined): RawScenario {
  const written = withPodCounts(Array.isArray(scenario.services) ? scenario.services : [], mesh, doc);
  const services = [...written];
  const defined = new Set(services.map(idOf).filter((id): id is string => typeof id === 'string'));
  const product = [...mesh.products].join(' and ');
  // Config that names services only as rules' targets (a Consul intentions file alone): those are
  // the services to simulate.
  if (mesh.refs.size === 0 && written.length === 0)
    for (const rule of mesh.rules) if (rule.service !== EVERY_SERVICE) mesh.refer(rule.service, rule.at);
  for (const [id, at] of mesh.refs) {
    if (defined.has(id)) continue;
    defined.add(id);
    const copy = subsetCopy(id, at, mesh, written);
    if (copy !== undefined) {
      services.push(copy);
      continue;
    }
    services.push({ id, instances: podCount(id, mesh), ...STUB_TIMES } satisfies RawService);
    warnStub(id, at, mesh, product);
  }
  const ids = [...defined];
  const calls = new Map<string, string[]>();
  for (const s of services) {
    const id = idOf(s);
    const list = isMap(s) && Array.isArray(s.calls) ? s.calls : [];
    if (typeof id === 'string')
      calls.set(
        id,
        list.map((c) => (isMap(c) ? c.service : c)).filter((c): c is string => typeof c === 'string'),
      );
  }
  const imported: RawMesh = { enabled: true, profile: mesh.profile?.name ?? 'istio' };
  const mtls = mesh.mtlsSection(new Set(ids));
  if (mtls !== undefined) imported.mtls = mtls;
  const gateway =
    isMap(scenario.gateway) && typeof scenario.gateway.id === 'string' ? scenario.gateway.id : undefined;
  const rules = authorization(mesh, new Set(ids), gateway);
  if (rules.length > 0) imported.authorization = rules;
  const accepted = mesh.requestAuthentication(new Set(ids));
  if (accepted.length > 0) imported.requestAuthentication = accepted;
  const policies = mesh.policies(ids, calls);
  if (Object.keys(policies).length > 0) imported.policies = policies;

  const out: RawScenario = {};
  for (const [key, value] of Object.entries(scenario)) define(out, key, value);
  out.services = services;
  const mine = scenario.mesh;
  define(out, 'mesh', isMap(mine) && doc !== undefined ? merged(imported, mine, doc) : imported);
  return out;
}

/** The first service that takes the calls the config routes: a client stub's target. */
export function entryService(mesh: MeshConfig, policies: RawScenario['mesh']): string | undefined {
  const p = isMap(policies) && isMap(policies.policies) ? policies.policies : {};
  const split = Object.entries(p).find(([, v]) => isMap(v) && v.split !== undefined);
  return split?.[0] ?? Object.keys(p)[0] ?? mesh.refs.keys().next().value;
}

function warnStub(id: string, at: Where, mesh: MeshConfig, product: string): void {
  const host = mesh.hostOf(id);
  const subset = host === undefined ? undefined : id.slice(host.length + 1);
  const what =
    host === undefined
      ? ''
      : ` for subset ${subset} of ${host} (meshsim has no subsets: each is a service of its own, named host-subset)`;
  const pods = mesh.kube?.services.get(id);
  const times =
    pods === undefined || pods.instances === 0
      ? 'its serviceTime, concurrency and instances are placeholder defaults to edit'
      : `its serviceTime and concurrency are placeholder defaults to edit; its ${pods.instances} instances are the pods of ${pods.sources.join(', ')}`;
  warnAt(
    at,
    `meshsim service "${id}" is a stub${what}: ${product} config holds no service times, so ${times}`,
  );
}

/**
 * The rules with their services and callers expanded to the services of their subsets. A caller
 * that is neither a service nor the gateway is left out with a warning. An ALLOW rule left with no
 * caller (or written so, as Istio's "allow nothing") matches nothing, yet still means that some
 * ALLOW rule must match: a service with no other ALLOW rule gets `DENY from *` in its place.
 */
function authorization(
  mesh: MeshConfig,
  known: ReadonlySet<string>,
  gateway: string | undefined,
): RawAuthorizationRule[] {
  const out: RawAuthorizationRule[] = [];
  const allowNothing: string[] = [];
  for (const rule of mesh.rules) {
    if (rule.service !== EVERY_SERVICE && !known.has(rule.service)) {
      if (rule.quiet !== true)
        warnAt(
          rule.at,
          `no service "${rule.service}" in the scenario, so the rule protects nothing; left out`,
        );
      continue;
    }
    const except = new Set((rule.exceptServices ?? []).flatMap((s) => mesh.withSubsets(s, known)));
    const services =
      rule.service === EVERY_SERVICE
        ? [...known].filter((s) => !except.has(s))
        : mesh.withSubsets(rule.service, known);
    const expand = (callers: readonly string[]): string[] => {
      const out: string[] = [];
      for (const c of callers) {
        // An Istio principal or namespace: the services whose pods run as it (k8s-identity.ts).
        const identified = identityCallers(c, mesh, known, gateway, rule.at);
        const ids =
          identified ??
          (c === '*' || c === ANY_MESH_IDENTITY || c === gateway
            ? [c]
            : known.has(c)
              ? mesh.withSubsets(c, known)
              : []);
        if (ids.length === 0 && identified === undefined)
          warnAt(
            rule.at,
            `caller "${c}" is no service or gateway of the scenario; left out of this rule`,
            'meshsim knows a caller by its service id: name service accounts after services',
          );
        for (const x of ids) if (!out.includes(x)) out.push(x);
      }
      return out;
    };
    const from = rule.from === undefined ? undefined : expand(rule.from);
    // A caller that is not in the scenario never calls: leaving it out of notFrom changes nothing.
    const notFrom = rule.notFrom === undefined ? undefined : expand(rule.notFrom);
    if (from !== undefined && from.length === 0) {
      if (rule.action === 'ALLOW') allowNothing.push(...services);
      continue;
    }
    for (const service of services)
      out.push({
        service,
        action: rule.action,
        ...(from !== undefined ? { from } : {}),
        ...(notFrom !== undefined && notFrom.length > 0 ? { notFrom } : {}),
        ...(rule.paths !== undefined ? { paths: [...rule.paths] } : {}),
        ...(rule.notPaths !== undefined ? { notPaths: [...rule.notPaths] } : {}),
        ...(rule.methods !== undefined ? { methods: [...rule.methods] } : {}),
        ...(rule.notMethods !== undefined ? { notMethods: [...rule.notMethods] } : {}),
        ...(rule.headers !== undefined ? { headers: copyValues(rule.headers) } : {}),
        ...(rule.notHeaders !== undefined ? { notHeaders: copyValues(rule.notHeaders) } : {}),
        ...(rule.requestPrincipals !== undefined ? { requestPrincipals: [...rule.requestPrincipals] } : {}),
        ...(rule.notRequestPrincipals !== undefined
          ? { notRequestPrincipals: [...rule.notRequestPrincipals] }
          : {}),
      });
  }
  for (const service of new Set(allowNothing))
    if (!out.some((r) => r.service === service && r.action === 'ALLOW'))
      out.push({ service, action: 'DENY', from: ['*'] });
  return out;
}

/** Header name to values, copied as plain values. */
function copyValues(byName: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(byName)) define(out, name, [...values]);
  return out;
}

/** The imported mesh under the scenario document's own mesh fields. */
function merged(imported: RawMesh, mine: Record<string, unknown>, doc: ScenarioDoc): Record<string, unknown> {
  const node = doc.root.entries.get('mesh')?.value;
  const where = (...path: string[]): Where => {
    let n: LNode | undefined = node;
    let pos = node?.pos ?? doc.root.pos;
    for (const k of path) {
      const e: { keyPos: Where['pos']; value: LNode } | undefined =
        n?.kind === 'map' ? n.entries.get(k) : undefined;
      if (e === undefined) break;
      pos = e.keyPos;
      n = e.value;
    }
    return { r: doc.r, pos, path: ['mesh', ...path] };
  };
  const out: Record<string, unknown> = { ...imported };
  for (const [key, value] of Object.entries(mine)) {
    if (value === null) continue;
    const ours = ownValue(imported as unknown as Record<string, unknown>, key);
    if (key === 'enabled' && value === false)
      warnAt(
        where(key),
        "the scenario document's enabled: false keeps the mesh off; the imported settings apply in a variant that turns it on",
      );
    else if (key === 'profile' && value !== imported.profile)
      warnAt(
        where(key),
        `the scenario document's profile ${JSON.stringify(value)} replaces ${imported.profile}`,
      );
    else if (key === 'authorization' && ours !== undefined)
      warnAt(
        where(key),
        `the scenario document's authorization replaces the ${(ours as unknown[]).length} imported rules`,
      );
    if (key === 'mtls' && isMap(value) && isMap(ours)) {
      if (value.mode !== undefined && value.mode !== null && value.mode !== ours.mode)
        warnAt(
          where(key, 'mode'),
          `the scenario document's mtls.mode ${String(value.mode)} replaces the imported ${String(ours.mode)}`,
        );
      define(out, key, { ...ours, ...value });
    } else if (key === 'policies' && isMap(value) && isMap(ours)) {
      const policies: Record<string, unknown> = { ...ours };
      for (const [service, p] of Object.entries(value)) {
        // Own keys only: a policy for a service `constructor` must not find Object.
        const theirs = ownValue(ours, service);
        if (!isMap(p) || !isMap(theirs)) {
          define(policies, service, p);
          continue;
        }
        for (const field of Object.keys(p))
          if (ownValue(theirs, field) !== undefined && p[field] !== null)
            warnAt(
              where(key, service, field),
              `the scenario document's ${field} for ${service} replaces the imported one`,
            );
        define(policies, service, { ...theirs, ...p });
      }
      define(out, key, policies);
    } else define(out, key, value);
  }
  const ordered: Record<string, unknown> = {};
  for (const k of MESH_ORDER) if (Object.hasOwn(out, k)) define(ordered, k, out[k]);
  for (const [k, v] of Object.entries(out)) if (!Object.hasOwn(ordered, k)) define(ordered, k, v);
  return ordered;
}

function idOf(s: unknown): unknown {
  return isMap(s) ? s.id : undefined;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own field, even one named `__proto__`. */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
