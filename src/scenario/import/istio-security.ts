/**
 * PeerAuthentication and RequestAuthentication, and the workload selector they and
 * AuthorizationPolicy share (istio-authz.ts reads AuthorizationPolicy).
 *
 * | Istio                                                | meshsim                                      |
 * | ---------------------------------------------------- | -------------------------------------------- |
 * | PeerAuthentication in the root namespace, no selector| `mtls.mode` (the whole mesh)                 |
 * | one in another namespace, no selector                | `mtls.services` of that namespace's services |
 * | one with `selector.matchLabels.app`                  | `mtls.services.APP` (wins over a namespace's)|
 * | RequestAuthentication `jwtRules[].issuer`            | `requestAuthentication` of the selected      |
 * |                                                      | service (every service without a selector)   |
 *
 * A selector names a meshsim service by its `app` label: the policy applies to all of it, subsets'
 * services included.
 */
import type { IstioResource } from './istio';
import { warnAt } from './config-entity';
import { EVERY_SERVICE, meshId, type MeshConfig } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import type { RawMtlsMode } from './types';

/** The fields of a PeerAuthentication spec. */
export const PA_FIELDS = ['selector', 'mtls', 'portLevelMtls'];
/** The fields of a RequestAuthentication spec. */
export const RA_FIELDS = ['selector', 'targetRef', 'targetRefs', 'jwtRules'];
const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
/** Istio's root namespace, where a policy without a selector applies to the whole mesh. */
export const ROOT_NAMESPACE = 'istio-system';
const JWT_RULE_FIELDS = [
  'issuer',
  'audiences',
  'jwksUri',
  'jwks',
  'fromHeaders',
  'fromParams',
  'fromCookies',
  'outputPayloadToHeader',
  'outputClaimToHeaders',
  'forwardOriginalToken',
  'timeout',
  'spaceDelimitedClaims',
];

/** A namespace's PeerAuthentication, applied to its services once they are known. */
export interface NamespaceMtls {
  readonly namespace: string;
  readonly mode: RawMtlsMode;
  readonly at: IstioResource['at'];
  readonly source: string;
}

/** Reads a PeerAuthentication into the mesh's or a service's mTLS mode. */
export function readPeerAuthentication(res: IstioResource): void {
  const { spec, source, mesh } = res;
  if (spec === undefined) return; // no mtls: the mode is inherited
  const service = spec.has('selector') ? selected(spec, 'PeerAuthentication') : EVERY_SERVICE;
  const mtls = spec.child('mtls', 'mtls', ['mode']);
  const mode = mtls?.str('mode');
  mtls?.finish();
  spec.note('portLevelMtls', 'ports are not simulated: a service has one');
  spec.finish();
  if (service === undefined || mtls === undefined || mode === undefined || mode === 'UNSET') return;
  const at = mtls.at('mode');
  if (!(MTLS_MODES as readonly string[]).includes(mode)) {
    at.r.error(mtls.valueAt('mode').pos, at.path, {
      message: 'unknown mTLS mode',
      expected: 'STRICT, PERMISSIVE, DISABLE or UNSET',
      found: JSON.stringify(mode),
    });
    return;
  }
  const m = mode as RawMtlsMode;
  if (service !== EVERY_SERVICE) {
    // A policy for a workload says that the workload runs: a stub if nothing else names it.
    mesh.refer(service, spec.valueAt('selector'));
    mesh.setServiceMtls(service, m, 'selector', at, source);
  } else if (res.namespace === ROOT_NAMESPACE) mesh.setMtls(m, at, source);
  else res.ctx.namespaceMtls.push({ namespace: res.namespace, mode: m, at, source });
}

/**
 * Applies each namespace's PeerAuthentication to the services whose pods run there (Kubernetes
 * documents say which). Without them every meshsim service is in `default`, so a mode of
 * `default` is the mode of the whole mesh, over the root namespace's.
 */
export function applyNamespaceMtls(list: readonly NamespaceMtls[], mesh: MeshConfig): void {
  for (const p of list) {
    const kube = mesh.kube;
    if (kube === undefined && p.namespace === 'default') {
      if (mesh.mtls !== undefined && mesh.mtls.mode !== p.mode)
        warnAt(
          p.at,
          `every meshsim service is in namespace default, so its mode ${p.mode} wins over the mesh-wide ${mesh.mtls.mode} of ${mesh.mtls.source}`,
        );
      mesh.mtls = { mode: p.mode, at: p.at, source: p.source };
      continue;
    }
    const ids =
      kube === undefined
        ? []
        : [...kube.services]
            .filter(([, s]) => [...s.accounts].some((a) => a.startsWith(`${p.namespace}/`)))
            .map(([id]) => id);
    if (ids.length === 0)
      warnAt(
        p.at,
        `no workload of the bundle runs in namespace "${p.namespace}", so this mode applies to nothing; left out`,
      );
    for (const id of ids) mesh.setServiceMtls(id, p.mode, 'namespace', p.at, p.source);
  }
}

/** Reads a RequestAuthentication: the token issuers the selected service's sidecars accept. */
export function readRequestAuthentication(res: IstioResource): void {
  const { spec, mesh } = res;
  if (spec === undefined) return;
  for (const k of ['targetRef', 'targetRefs'])
    if (spec.has(k)) {
      warnAt(
        spec.at(k),
        'left out: policies attached to gateways and services by reference are not modelled',
      );
      return;
    }
  const service = spec.has('selector') ? selected(spec, 'RequestAuthentication') : EVERY_SERVICE;
  const issuers: string[] = [];
  for (const { e } of spec.children('jwtRules', 'jwtRule', JWT_RULE_FIELDS)) {
    const issuer = e.str('issuer');
    if (issuer !== undefined) issuers.push(issuer);
    else if (!e.has('issuer'))
      e.r.error(e.node.pos, e.path, {
        message: 'a jwtRule needs issuer',
        expected: 'issuer: https://issuer.example.com',
      });
    // Keys, where the token is read from and what is passed on: a simulated token is valid or not.
    for (const k of [
      'jwksUri',
      'jwks',
      'fromHeaders',
      'fromParams',
      'fromCookies',
      'forwardOriginalToken',
      'timeout',
    ])
      e.use(k);
    e.note('audiences', "a simulated token has no audience: it is accepted whatever the rule's audiences");
    e.note('outputPayloadToHeader', 'headers the sidecar adds are not simulated');
    e.note('outputClaimToHeaders', 'headers the sidecar adds are not simulated');
    e.note('spaceDelimitedClaims', 'JWT claims are not simulated');
    e.finish();
  }
  spec.finish();
  if (service === undefined || issuers.length === 0) return;
  if (service !== EVERY_SERVICE) mesh.refer(service, spec.valueAt('selector'));
  if (service === EVERY_SERVICE && res.namespace !== ROOT_NAMESPACE)
    warnAt(res.at, `read for every service: meshsim's services are all in one namespace, ${res.namespace}'s`);
  mesh.addRequestAuthentication(service, issuers, spec.at('jwtRules'));
}

/**
 * The service `selector.matchLabels.app` names; undefined (warned) when the selector names none.
 * `what` names the resource in the warning.
 */
export function selected(spec: MeshEntity, what: string): string | typeof EVERY_SERVICE | undefined {
  const sel = spec.child('selector', 'selector', ['matchLabels']);
  if (sel === undefined) return EVERY_SERVICE;
  const labels = sel.child('matchLabels', 'matchLabels');
  sel.finish();
  const app = labels?.str('app');
  if (labels !== undefined)
    for (const k of labels.node.entries.keys())
      if (k !== 'app')
        labels.note(k, `only the app label names a meshsim service: the ${what} applies to all of it`);
  labels?.finish();
  if (app === undefined) {
    if (labels === undefined || !labels.has('app'))
      warnAt(
        spec.at('selector'),
        `left out: meshsim finds the service a ${what} applies to by its app label, and there is none`,
      );
    return undefined;
  }
  return meshId(app);
}
