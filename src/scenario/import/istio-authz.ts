/**
 * AuthorizationPolicy: `authorization` rules on the service its `selector.matchLabels.app` names
 * (every service without a selector). Istio ORs a policy's rules, a rule's sources and its
 * operations, and ANDs a source's fields, an operation's fields and the rule's `when` conditions:
 * each rule becomes one meshsim rule per (source, operation), which keeps both.
 *
 * | Istio                                        | meshsim rule                                        |
 * | -------------------------------------------- | --------------------------------------------------- |
 * | `principals`, `serviceAccounts`, `namespaces`| `from`: the services running as them (k8s-identity) |
 * | `notPrincipals`, `notNamespaces`, ...        | `notFrom`                                           |
 * | `principals: ["*"]`                          | `from: [mesh:*]` (any caller with a sidecar)        |
 * | `requestPrincipals`, `notRequestPrincipals`  | the same fields                                     |
 * | `paths`, `methods`, `notPaths`, `notMethods` | the same fields                                     |
 * | `when` (istio-authz-when.ts)                 | `headers`, `requestPrincipals`, `from`, `not...`    |
 *
 * Never widened: a condition meshsim cannot check (an IP block, a Host header, a JWT claim) makes
 * an ALLOW source, operation or rule match nothing, and is dropped from a DENY rule (which then
 * denies more), each with a warning. Istio's plain paths are exact, meshsim's are prefixes on
 * segment boundaries, so a plain path is a warning.
 */
import type { IstioResource } from './istio';
import { warnAt } from './config-entity';
import { merge, whenOf, type Action, type Conditions } from './istio-authz-when';
import { selected } from './istio-security';
import { namespaceCaller, principalCaller } from './k8s-identity';
import { EVERY_SERVICE } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

/** The fields of an AuthorizationPolicy spec. */
export const AP_FIELDS = ['selector', 'targetRef', 'targetRefs', 'action', 'provider', 'rules'];
const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
  'serviceAccounts',
  'notServiceAccounts',
];
const OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
];
const UNCHECKED_SOURCE: Readonly<Record<string, string>> = {
  ipBlocks: 'IP addresses are not simulated',
  notIpBlocks: 'IP addresses are not simulated',
  remoteIpBlocks: 'IP addresses are not simulated',
  notRemoteIpBlocks: 'IP addresses are not simulated',
};
const UNCHECKED_OPERATION: Readonly<Record<string, string>> = {
  hosts: 'the Host header is not simulated',
  notHosts: 'the Host header is not simulated',
};

/** Reads an AuthorizationPolicy into authorization rules. */
export function readAuthorizationPolicy(res: IstioResource): void {
  const { spec, source, mesh } = res;
  // An empty spec is Istio's "allow nothing": an ALLOW policy without rules.
  const action = spec?.str('action') ?? 'ALLOW';
  if (spec !== undefined) {
    for (const k of ['targetRef', 'targetRefs'])
      if (spec.has(k)) {
        warnAt(
          spec.at(k),
          'left out: policies attached to gateways and services by reference are not modelled',
        );
        return;
      }
    if (action === 'AUDIT' || action === 'CUSTOM') {
      warnAt(
        spec.at('action'),
        action === 'AUDIT'
          ? 'left out: an AUDIT policy only logs, which is not simulated'
          : 'left out: a CUSTOM policy asks an external authorizer, which is not simulated',
      );
      return;
    }
    if (action !== 'ALLOW' && action !== 'DENY') {
      spec.r.error(spec.valueAt('action').pos, spec.valueAt('action').path, {
        message: 'unknown action',
        expected: 'ALLOW, DENY, AUDIT or CUSTOM',
        found: JSON.stringify(action),
      });
      return;
    }
  }
  const service = spec === undefined ? EVERY_SERVICE : selected(spec, 'policy');
  if (service === undefined) return;
  // A policy for a workload says that the workload runs: a stub if nothing else names it.
  if (service !== EVERY_SERVICE && spec !== undefined) mesh.refer(service, spec.valueAt('selector'));
  const at = spec?.at() ?? res.at;
  const rules = spec?.children('rules', 'rule', ['from', 'to', 'when']) ?? [];
  spec?.note('provider', 'only CUSTOM policies name a provider');
  spec?.finish();
  if (rules.length === 0) {
    if (action === 'ALLOW') mesh.rules.push({ service, action, from: [], at });
    else warnAt(at, `${source}: a DENY policy without rules denies nothing; left out`);
    return;
  }
  const act = action as Action;
  for (const { e: rule } of rules) {
    const sources = listOf(rule, 'from', 'source', SOURCE_FIELDS, (s) => sourceOf(s, act, res.namespace));
    const ops = listOf(rule, 'to', 'operation', OPERATION_FIELDS, (o) => operationOf(o, act));
    const when = whenOf(rule, act);
    rule.finish();
    if (when === undefined || sources.length === 0 || ops.length === 0) {
      if (act === 'ALLOW')
        warnAt(rule.at(), 'no call can match this rule in the simulation, so it allows nothing; left out');
      continue;
    }
    for (const s of sources)
      for (const o of ops)
        mesh.rules.push({ service, action: act, ...merge(s, merge(o, when)), at: rule.at() });
  }
}

/**
 * The conditions of each item of a rule's `from` or `to` (`{ source: ... }`, `{ operation: ... }`);
 * an absent or empty list matches anything: one item without conditions. Items that match nothing
 * are left out.
 */
function listOf(
  rule: MeshEntity,
  key: string,
  inner: string,
  fields: readonly string[],
  read: (e: MeshEntity) => Conditions | undefined,
): Conditions[] {
  if (!rule.has(key)) {
    rule.use(key);
    return [{}];
  }
  const items = rule.children(key, key, [inner]);
  if (items.length === 0) return [{}];
  const out: Conditions[] = [];
  for (const { e } of items) {
    const c = e.child(inner, inner, fields);
    e.finish();
    const read1 = c === undefined ? {} : read(c);
    if (read1 !== undefined) out.push(read1);
  }
  return out;
}

/** A source's conditions, or undefined when an ALLOW source can match no simulated caller. */
function sourceOf(src: MeshEntity, action: Action, namespace: string): Conditions | undefined {
  const principals = src.strings('principals');
  const accounts = src.strings('serviceAccounts')?.map((a) => accountPrincipal(a, namespace));
  const namespaces = src.strings('namespaces');
  const notPrincipals = src.strings('notPrincipals') ?? [];
  const notAccounts = (src.strings('notServiceAccounts') ?? []).map((a) => accountPrincipal(a, namespace));
  const notNamespaces = src.strings('notNamespaces') ?? [];
  const requestPrincipals = src.strings('requestPrincipals');
  const notRequestPrincipals = src.strings('notRequestPrincipals');
  let matchable = unchecked(src, UNCHECKED_SOURCE, action, 'source');
  src.finish();
  const out: { -readonly [K in keyof Conditions]: Conditions[K] } = {};
  const named = [...(principals ?? []), ...(accounts ?? [])];
  if (principals !== undefined || accounts !== undefined) {
    // A source's fields AND: with namespaces too, only the principals of those namespaces.
    const kept = namespaces === undefined ? named : named.filter((p) => inNamespaces(p, namespaces));
    if (kept.length < named.length)
      warnAt(
        src.at('namespaces'),
        'principals outside the namespaces of the same source match no caller; left out',
      );
    out.from = kept.map(principalCaller);
    if (kept.length === 0) matchable = false;
  } else if (namespaces !== undefined) out.from = namespaces.map(namespaceCaller);
  const not = [...notPrincipals, ...notAccounts].map(principalCaller);
  not.push(...notNamespaces.map(namespaceCaller));
  if (not.length > 0) out.notFrom = not;
  if (requestPrincipals !== undefined) out.requestPrincipals = requestPrincipals;
  if (notRequestPrincipals !== undefined) out.notRequestPrincipals = notRequestPrincipals;
  return matchable || action === 'DENY' ? out : undefined;
}

/** `NS/NAME` or `NAME` (in the policy's namespace) as a principal. */
function accountPrincipal(account: string, namespace: string): string {
  const [ns, name] = account.includes('/') ? account.split('/', 2) : [namespace, account];
  return `cluster.local/ns/${ns}/sa/${name}`;
}

function inNamespaces(principal: string, namespaces: readonly string[]): boolean {
  const m = /\/?ns\/([^/]+)\/sa\//.exec(principal);
  if (m === null) return true;
  return namespaces.some(
    (n) => n === '*' || n === m[1] || (n.endsWith('*') && m[1].startsWith(n.slice(0, -1))),
  );
}

/**
 * Warns about the written fields of `notes`, which meshsim cannot check; returns whether the item
 * can still match (never for ALLOW: it would match more than in Istio).
 */
function unchecked(
  e: MeshEntity,
  notes: Readonly<Record<string, string>>,
  action: Action,
  what: string,
): boolean {
  let matchable = true;
  for (const [k, why] of Object.entries(notes)) {
    if (!e.has(k)) {
      e.use(k);
      continue;
    }
    e.use(k);
    if (action === 'ALLOW') {
      matchable = false;
      warnAt(
        e.at(k),
        `${why}: this ${what} of an ALLOW rule can match no call in the simulation, so it allows nothing`,
      );
    } else
      warnAt(
        e.at(k),
        `${why}: this condition of a DENY rule is dropped, so the rule denies more calls than in Istio`,
      );
  }
  return matchable;
}

/** An operation's conditions, or undefined when an ALLOW operation can match no simulated call. */
function operationOf(op: MeshEntity, action: Action): Conditions | undefined {
  const methods = op.strings('methods')?.map((m) => m.toUpperCase());
  const notMethods = op.strings('notMethods')?.map((m) => m.toUpperCase());
  const paths = pathsOf(op, 'paths');
  const notPaths = pathsOf(op, 'notPaths');
  const matchable = unchecked(op, UNCHECKED_OPERATION, action, 'operation');
  // A meshsim service has one port, which Istio's ports name.
  op.use('ports');
  op.use('notPorts');
  op.finish();
  // Exclusions that cannot be read would let an ALLOW operation match more: it matches nothing.
  if (paths === null || (action === 'ALLOW' && (!matchable || notPaths === null))) return undefined;
  return {
    ...(paths !== undefined ? { paths } : {}),
    ...(notPaths !== undefined && notPaths !== null ? { notPaths } : {}),
    ...(methods !== undefined && methods.length > 0 ? { methods } : {}),
    ...(notMethods !== undefined && notMethods.length > 0 ? { notMethods } : {}),
  };
}

/** Path patterns as meshsim's; null when none of them can be matched (warned). */
function pathsOf(op: MeshEntity, key: string): string[] | undefined | null {
  const written = op.strings(key);
  if (written === undefined || written.length === 0) return undefined;
  const at = op.at(key);
  const out: string[] = [];
  for (const p of written) {
    const star = p.indexOf('*');
    // Istio's prefix (`/api/*`), suffix (`*.png`) and `*` patterns mean the same in meshsim.
    if (star < 0) {
      warnAt(
        at,
        `exact path "${p}" is read as a prefix on segment boundaries (it matches ${p}/... too): meshsim's authorization has no exact paths`,
      );
      out.push(p);
    } else if (star === p.length - 1 || p.lastIndexOf('*') === 0) out.push(p);
    else
      warnAt(at, `path pattern "${p}" is neither a prefix nor a suffix pattern (Istio refuses it); left out`);
  }
  if (out.length === 0) {
    warnAt(
      at,
      `no path of ${key} can be matched; ${key === 'paths' ? 'the operation is left out' : 'left out'}`,
    );
    return null;
  }
  return [...new Set(out)];
}
