/**
 * PeerAuthentication, RequestAuthentication and AuthorizationPolicy of an Istio export. A caller id
 * is the service account of the same name (`cluster.local/ns/default/sa/ID`), which the importer
 * reads back as that caller; `mesh:*` is Istio's `principals: ["*"]` (any caller with a certificate).
 */
import type { AuthorizationRule, MeshSpec } from '../types';
import type { Omissions } from './omissions';

const NS = 'default';
const ROOT_NS = 'istio-system';

/** The security resources of `mesh`. */
export function istioSecurityResources(mesh: MeshSpec, omissions: Omissions): object[] {
  void omissions;
  const out: object[] = [
    resource(
      'security.istio.io/v1',
      'PeerAuthentication',
      'default',
      { mtls: { mode: mesh.mtls.mode } },
      ROOT_NS,
    ),
  ];
  for (const [id, mode] of Object.entries(mesh.mtls.services))
    out.push(
      resource('security.istio.io/v1', 'PeerAuthentication', id, { selector: app(id), mtls: { mode } }),
    );
  mesh.requestAuthentication.forEach((rule, i) => {
    const name = rule.service ?? `all-${i + 1}`;
    out.push(
      resource(
        'security.istio.io/v1',
        'RequestAuthentication',
        name,
        {
          ...(rule.service !== undefined ? { selector: app(rule.service) } : {}),
          jwtRules: rule.issuers.map((issuer) => ({ issuer })),
        },
        rule.service === undefined ? ROOT_NS : NS,
      ),
    );
  });
  const names = new Map<string, number>();
  for (const rule of mesh.authorization) {
    const n = (names.get(rule.service) ?? 0) + 1;
    names.set(rule.service, n);
    out.push(
      resource('security.istio.io/v1', 'AuthorizationPolicy', `${rule.service}-${n}`, policySpec(rule)),
    );
  }
  return out;
}

function policySpec(rule: AuthorizationRule): object {
  const source: Record<string, unknown> = {};
  const principals = (ids: readonly string[]) => ids.map(principal);
  if (rule.from !== undefined && !rule.from.includes('*')) source.principals = principals(rule.from);
  if (rule.notFrom !== undefined) source.notPrincipals = principals(rule.notFrom);
  if (rule.requestPrincipals !== undefined) source.requestPrincipals = [...rule.requestPrincipals];
  if (rule.notRequestPrincipals !== undefined) source.notRequestPrincipals = [...rule.notRequestPrincipals];
  const operation: Record<string, unknown> = {};
  if (rule.paths !== undefined) operation.paths = istioPaths(rule.paths);
  if (rule.notPaths !== undefined) operation.notPaths = istioPaths(rule.notPaths);
  if (rule.methods !== undefined) operation.methods = [...rule.methods];
  if (rule.notMethods !== undefined) operation.notMethods = [...rule.notMethods];
  const when = [
    ...Object.entries(rule.headers ?? {}).map(([h, values]) => ({
      key: `request.headers[${h}]`,
      values: [...values],
    })),
    ...Object.entries(rule.notHeaders ?? {}).map(([h, notValues]) => ({
      key: `request.headers[${h}]`,
      notValues: [...notValues],
    })),
  ];
  const r: Record<string, unknown> = {};
  if (Object.keys(source).length > 0) r.from = [{ source }];
  if (Object.keys(operation).length > 0) r.to = [{ operation }];
  if (when.length > 0) r.when = when;
  return { selector: app(rule.service), action: rule.action, rules: [r] };
}

/**
 * meshsim's paths as Istio's: a plain path is a prefix on segment boundaries in meshsim and exact in
 * Istio, so `/api` is `/api` and `/api/*`; patterns (`/api*`, `*.json`, `*`) mean the same in both.
 */
function istioPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => (p.includes('*') ? [p] : p.endsWith('/') ? [`${p}*`] : [p, `${p}/*`]));
}

function principal(id: string): string {
  if (id === 'mesh:*') return '*';
  return `cluster.local/ns/${NS}/sa/${id}`;
}

/** A selector of the workloads of service `id`. */
export function app(id: string): object {
  return { matchLabels: { app: id } };
}

/** A Kubernetes resource. */
export function resource(
  apiVersion: string,
  kind: string,
  name: string,
  spec: object,
  namespace = NS,
): object {
  return { apiVersion, kind, metadata: { name, namespace }, spec };
}
