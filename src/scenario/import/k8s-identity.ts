/**
 * Who an AuthorizationPolicy's sources name, once the scenario's services and gateway are known.
 * Istio knows a caller by the principal of its sidecar's certificate, `TRUST/ns/NAMESPACE/sa/ACCOUNT`
 * (the pod's service account); meshsim knows it by its service id. The rules, in order:
 *
 * 1. The ingress gateway's account (`istio-system/istio-ingressgateway-service-account`, or the one
 *    of the Gateway the bundle declares) is the scenario's gateway.
 * 2. An account Kubernetes documents give is the services whose pods run as it (k8s-placement.ts);
 *    one they declare but no scenario service runs matches no caller.
 * 3. Without Kubernetes documents, `sa/NAME` names the service (or gateway) NAME in any namespace
 *    (meshsim has one); else, a guess said in a
 *    warning, the service whose id ends NAME after a dash (`bookinfo-productpage`: `productpage`),
 *    the longest such; else no caller.
 *
 * A principal is never widened: one that names no known workload matches no caller, with a
 * warning, so an ALLOW rule opens nothing for it. Patterns (`*`, `prefix*`, `*suffix`) are matched
 * against the accounts the rules above know. A namespace names the services whose pods run in it;
 * without Kubernetes documents every service is in `default` and the gateway in `istio-system`.
 */
import { warnAt, type Where } from './config-entity';
import { ANY_MESH_IDENTITY, type MeshConfig } from './mesh-config';

/** The caller token of a principal or principal pattern, for `ImportedRule.from`. */
export function principalCaller(principal: string): string {
  return principal === '*' ? ANY_MESH_IDENTITY : `principal:${principal}`;
}

/** The caller token of a namespace or namespace pattern. */
export function namespaceCaller(namespace: string): string {
  return namespace === '*' ? ANY_MESH_IDENTITY : `namespace:${namespace}`;
}

/** What the scenario offers as callers. */
interface Callers {
  readonly mesh: MeshConfig;
  readonly known: ReadonlySet<string>;
  readonly gateway: string | undefined;
}

/**
 * The caller ids a principal or namespace token names (warned when none), or undefined when
 * `token` is neither (a service id, `*`, `mesh:*`).
 */
export function identityCallers(
  token: string,
  mesh: MeshConfig,
  known: ReadonlySet<string>,
  gateway: string | undefined,
  at: Where,
): string[] | undefined {
  const c: Callers = { mesh, known, gateway };
  if (token.startsWith('principal:')) return principalIds(token.slice('principal:'.length), c, at);
  if (token.startsWith('namespace:')) return namespaceIds(token.slice('namespace:'.length), c, at);
  return undefined;
}

/** `namespace/name` accounts with the caller ids each stands for. */
function accounts(c: Callers): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (account: string, ids: string[]): void => {
    out.set(account, [...new Set([...(out.get(account) ?? []), ...ids])]);
  };
  if (c.gateway !== undefined) {
    for (const a of c.mesh.edge?.accounts ?? []) add(a, [c.gateway]);
    add(INGRESS_ACCOUNT, [c.gateway]);
  }
  const kube = c.mesh.kube;
  if (kube !== undefined)
    for (const a of kube.accounts)
      add(
        a,
        kube.servicesOf(a).filter((id) => c.known.has(id)),
      );
  else for (const id of c.known) if (id !== c.gateway) add(`default/${id}`, c.mesh.withSubsets(id, c.known));
  return out;
}

/** The default ingress gateway's service account. */
const INGRESS_ACCOUNT = 'istio-system/istio-ingressgateway-service-account';
const PRINCIPAL = /^(?:([^/]*)\/)?ns\/([^/]+)\/sa\/([^/]+)$/;

function principalIds(principal: string, c: Callers, at: Where): string[] {
  const known = accounts(c);
  const m = PRINCIPAL.exec(principal);
  const exact = m !== null && !principal.slice(principal.indexOf('/ns/') + 1).includes('*');
  if (exact && m !== null) {
    const account = `${m[2]}/${m[3]}`;
    const ids = known.get(account);
    if (ids !== undefined && ids.length > 0) return ids;
    if (account === INGRESS_ACCOUNT && c.gateway === undefined) {
      warnAt(
        at,
        `principal "${principal}" is the ingress gateway's, and the scenario has no gateway: it matches no caller`,
        'add the Gateway resource and its VirtualService, or a gateway to the scenario document',
      );
      return [];
    }
    if (ids !== undefined || c.mesh.kube !== undefined) {
      warnAt(
        at,
        `principal "${principal}" names the service account ${account}, which no workload of the scenario runs under: it matches no caller`,
      );
      return [];
    }
    return guessed(principal, m[3], c, at);
  }
  const matching = [...known].filter(([account]) => {
    const [ns, name] = account.split('/');
    return istioMatch(principal, `cluster.local/ns/${ns}/sa/${name}`);
  });
  const ids = [...new Set(matching.flatMap(([, x]) => x))];
  if (ids.length === 0)
    warnAt(
      at,
      `principal pattern "${principal}" matches no service account the bundle knows: it matches no caller`,
    );
  return ids;
}

/** Rule 3 of the module comment: a service whose id ends the account's name after a dash. */
function guessed(principal: string, name: string, c: Callers, at: Where): string[] {
  if (name === c.gateway) return [name];
  if (c.known.has(name)) return c.mesh.withSubsets(name, c.known);
  const candidates = [...c.known]
    .filter((id) => id !== c.gateway && name.endsWith(`-${id}`))
    .sort((a, b) => b.length - a.length);
  if (candidates.length === 0) {
    warnAt(
      at,
      `principal "${principal}" names no service of the scenario (no Kubernetes document says which pods run as ${name}, and no service is named after it): it matches no caller`,
      'add the Deployments and ServiceAccounts to the bundle, or name the service after the account',
    );
    return [];
  }
  const id = candidates[0];
  warnAt(
    at,
    `principal "${principal}" is read as the service ${id}, a guess from the account's name (no Kubernetes document says which pods run as ${name})`,
    'add the Deployments and ServiceAccounts to the bundle to make it exact',
  );
  return c.mesh.withSubsets(id, c.known);
}

function namespaceIds(namespace: string, c: Callers, at: Where): string[] {
  const ids = new Set<string>();
  for (const [account, x] of accounts(c))
    if (istioMatch(namespace, account.slice(0, account.indexOf('/')))) for (const id of x) ids.add(id);
  if (ids.size === 0)
    warnAt(at, `no workload of the scenario runs in namespace "${namespace}": it matches no caller`);
  return [...ids];
}

/** Istio's string match: exact, `prefix*`, `*suffix` or `*`. */
export function istioMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}
