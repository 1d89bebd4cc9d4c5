/**
 * PeerAuthentication and AuthorizationPolicy.
 *
 * A PeerAuthentication without a selector sets the mesh's `mtls.mode` (meshsim has one mode for the
 * whole mesh, so a workload's own is left out). An AuthorizationPolicy becomes `authorization` rules
 * on the service its `selector.matchLabels.app` names (every service without a selector): one rule
 * per operation of each of its rules, `from` the callers its sources name. A principal
 * `cluster.local/ns/NS/sa/NAME` is the caller `NAME`: meshsim knows a workload by its service id,
 * so service accounts should be named after services. Path patterns (`/api/*`, `*.png`, `*`) mean
 * the same in meshsim; Istio's plain paths are exact, meshsim's are prefixes on segment boundaries,
 * so a plain path is a warning. An ALLOW policy without rules matches nothing, yet denies every call
 * no other ALLOW rule lets in, as in Istio (mesh-merge.ts writes it as `DENY from *`).
 */
import type { IstioResource } from './istio';
import { warnAt, type Where } from './config-entity';
import { EVERY_SERVICE, meshId, type ImportedRule } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

/** The fields of a PeerAuthentication spec. */
export const PA_FIELDS = ['selector', 'mtls', 'portLevelMtls'];
/** The fields of an AuthorizationPolicy spec. */
export const AP_FIELDS = ['selector', 'targetRef', 'targetRefs', 'action', 'provider', 'rules'];
const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'] as const;
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
const NEGATED = 'negated conditions are not modelled: the rule matches more calls than in Istio';
const SOURCE_NOTES: Readonly<Record<string, string>> = {
  notPrincipals: NEGATED,
  notNamespaces: NEGATED,
  notServiceAccounts: NEGATED,
  notRequestPrincipals: NEGATED,
  notIpBlocks: NEGATED,
  notRemoteIpBlocks: NEGATED,
  requestPrincipals: 'end-user credentials (JWTs) are not simulated: the rule matches any end user',
  ipBlocks: 'addresses are not simulated: the rule matches any address',
  remoteIpBlocks: 'addresses are not simulated: the rule matches any address',
};
const OPERATION_NOTES: Readonly<Record<string, string>> = {
  hosts: 'the Host header is not simulated: the rule matches any host',
  ports: 'ports are not simulated: the rule matches any port',
  notHosts: NEGATED,
  notPorts: NEGATED,
  notMethods: NEGATED,
  notPaths: NEGATED,
};
const PRINCIPAL = /^(?:[^/]+\/)?ns\/[^/*]+\/sa\/([^/*]+)$/;

/** Reads a PeerAuthentication into the mesh's mTLS mode. */
export function readPeerAuthentication(res: IstioResource): void {
  const { spec, source, mesh } = res;
  if (spec === undefined) return; // no mtls: the mode is inherited
  if (spec.has('selector')) {
    warnAt(
      spec.at('selector'),
      'left out: meshsim has one mTLS mode for the whole mesh, set by a PeerAuthentication without a selector',
    );
    return;
  }
  const mtls = spec.child('mtls', 'mtls', ['mode']);
  const mode = mtls?.str('mode');
  mtls?.finish();
  spec.note('portLevelMtls', 'ports are not simulated: a service has one');
  spec.finish();
  if (mtls === undefined || mode === undefined || mode === 'UNSET') return;
  const at = mtls.at('mode');
  if ((MTLS_MODES as readonly string[]).includes(mode))
    mesh.setMtls(mode as (typeof MTLS_MODES)[number], at, source);
  else
    at.r.error(mtls.valueAt('mode').pos, at.path, {
      message: 'unknown mTLS mode',
      expected: 'STRICT, PERMISSIVE, DISABLE or UNSET',
      found: JSON.stringify(mode),
    });
}

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
  const service = spec === undefined ? EVERY_SERVICE : selected(spec);
  if (service === undefined) return;
  const at = spec?.at() ?? res.at;
  const rules = spec?.children('rules', 'rule', ['from', 'to', 'when']) ?? [];
  spec?.note('provider', 'only CUSTOM policies name a provider');
  spec?.finish();
  if (rules.length === 0) {
    if (action === 'ALLOW') mesh.rules.push({ service, action, from: [], at });
    else warnAt(at, `${source}: a DENY policy without rules denies nothing; left out`);
    return;
  }
  const act = action as 'ALLOW' | 'DENY';
  for (const { e: rule } of rules) {
    const from = callers(rule);
    const ops = operations(rule);
    rule.note('when', 'conditions on request attributes are not simulated: the rule matches without them');
    rule.finish();
    if (from === null) {
      warnAt(
        rule.at('from'),
        'no source of this rule names a caller meshsim knows, so it matches no call; left out',
      );
      continue;
    }
    for (const op of ops)
      mesh.rules.push({
        service,
        action: act,
        ...(from !== undefined ? { from } : {}),
        ...(op.paths !== undefined ? { paths: op.paths } : {}),
        ...(op.methods !== undefined ? { methods: op.methods } : {}),
        at: rule.at(),
      } satisfies ImportedRule);
  }
}

/** The service `selector.matchLabels.app` names, EVERY_SERVICE without a selector, or undefined (warned). */
function selected(spec: MeshEntity): string | typeof EVERY_SERVICE | undefined {
  const sel = spec.child('selector', 'selector', ['matchLabels']);
  if (sel === undefined) return EVERY_SERVICE;
  const labels = sel.child('matchLabels', 'matchLabels');
  sel.finish();
  const app = labels?.str('app');
  if (labels !== undefined)
    for (const k of labels.node.entries.keys())
      if (k !== 'app')
        labels.note(k, 'only the app label names a meshsim service: the policy applies to all of it');
  labels?.finish();
  if (app === undefined) {
    if (labels === undefined || !labels.has('app'))
      warnAt(
        spec.at('selector'),
        'left out: meshsim finds the service a policy protects by its app label, and there is none',
      );
    return undefined;
  }
  return meshId(app);
}

/**
 * The callers a rule's `from` names: undefined without `from` (any caller), `['*']` when a source
 * matches any caller, null when no source names a caller meshsim knows.
 */
function callers(rule: MeshEntity): string[] | undefined | null {
  if (!rule.has('from')) {
    rule.use('from');
    return undefined;
  }
  const out: string[] = [];
  let any = false;
  const sources = rule.children('from', 'from', ['source']);
  // An empty list matches any caller, as an absent one does.
  if (sources.length === 0) return undefined;
  for (const { e: f } of sources) {
    const src = f.child('source', 'source', SOURCE_FIELDS);
    f.finish();
    if (src === undefined) continue;
    const named = [...principals(src), ...serviceAccounts(src)];
    const namespaces = src.strings('namespaces');
    const hadNames = src.has('principals') || src.has('serviceAccounts');
    if (namespaces !== undefined && namespaces.length > 0)
      warnAt(
        src.at('namespaces'),
        hadNames
          ? 'namespaces are not modelled: the principals alone say which callers match'
          : 'namespaces are not modelled: read as any caller',
      );
    src.finish(SOURCE_NOTES);
    if (named.includes('*') || !hadNames) any = true;
    else out.push(...named);
  }
  if (any) return ['*'];
  return out.length > 0 ? [...new Set(out)] : null;
}

/** The callers of `principals`; a pattern matching several service accounts is `*`. */
function principals(src: MeshEntity): string[] {
  const list = src.strings('principals') ?? [];
  const at = src.at('principals');
  return list.flatMap((p) => caller(p, PRINCIPAL, at, 'cluster.local/ns/NS/sa/NAME'));
}

/** The callers of `serviceAccounts` (`NS/NAME`). */
function serviceAccounts(src: MeshEntity): string[] {
  const list = src.strings('serviceAccounts') ?? [];
  const at = src.at('serviceAccounts');
  return list.flatMap((p) => caller(p, /^(?:[^/*]+\/)?([^/*]+)$/, at, 'NS/NAME'));
}

function caller(p: string, form: RegExp, at: Where, expected: string): string[] {
  if (p === '*') return ['*'];
  const m = form.exec(p);
  if (m !== null) return [meshId(m[1])];
  // `*/sa/NAME` is NAME in any namespace: meshsim has one.
  const suffix = /^\*[^*]*\/sa\/([^/*]+)$/.exec(p);
  if (suffix !== null) return [meshId(suffix[1])];
  if (p.includes('*')) {
    warnAt(at, `"${p}" matches several service accounts; read as any caller`);
    return ['*'];
  }
  warnAt(at, `"${p}" is not of the form ${expected}, so it names no caller meshsim knows; left out`);
  return [];
}

/** The operations of a rule's `to` as path prefixes and methods; one without `to`. */
function operations(rule: MeshEntity): { paths?: string[]; methods?: string[] }[] {
  if (!rule.has('to')) {
    rule.use('to');
    return [{}];
  }
  const out: { paths?: string[]; methods?: string[] }[] = [];
  const list = rule.children('to', 'to', ['operation']);
  if (list.length === 0) return [{}];
  for (const { e: t } of list) {
    const op = t.child('operation', 'operation', OPERATION_FIELDS);
    t.finish();
    if (op === undefined) {
      out.push({});
      continue;
    }
    const methods = op.strings('methods');
    const written = op.strings('paths');
    const at = op.at('paths');
    op.finish(OPERATION_NOTES);
    let paths: string[] | undefined;
    if (written !== undefined && written.length > 0) {
      paths = [];
      for (const p of written) {
        const star = p.indexOf('*');
        // Istio's prefix (`/api/*`), suffix (`*.png`) and `*` patterns mean the same in meshsim.
        if (star < 0) {
          warnAt(
            at,
            `exact path "${p}" is read as a prefix on segment boundaries (it matches ${p}/... too): meshsim's authorization has no exact paths`,
          );
          paths.push(p);
        } else if (star === p.length - 1 || p.lastIndexOf('*') === 0) paths.push(p);
        else
          warnAt(
            at,
            `path pattern "${p}" is neither a prefix nor a suffix pattern (Istio refuses it); left out`,
          );
      }
      if (paths.length === 0) {
        warnAt(at, 'no path of this operation can be matched; the operation is left out');
        continue;
      }
    }
    out.push({
      ...(paths !== undefined ? { paths: [...new Set(paths)] } : {}),
      ...(methods !== undefined && methods.length > 0
        ? { methods: methods.map((m) => m.toUpperCase()) }
        : {}),
    });
  }
  return out;
}
