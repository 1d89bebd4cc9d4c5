/**
 * A policy.linkerd.io HTTPRoute whose parent is a Server: an inbound route, which an
 * AuthorizationPolicy may target to allow its callers only the route's requests. Its matches
 * (exact or prefix paths, a method) become the paths and methods of the rules made from those
 * policies; meshsim's rule paths are prefixes on segment boundaries, so an exact path is read as
 * one, with a warning. Linkerd answers 404 to a request matching no inbound route of a Server that
 * has some; meshsim does not, which is warned.
 */
import { warnAt } from './config-entity';
import type { IstioResource } from './istio';
import type { LinkerdAuthorization } from './linkerd-authz';
import type { MeshEntity } from './mesh-entity';

const RULE_FIELDS = ['name', 'matches', 'filters', 'backendRefs', 'timeouts', 'retry', 'sessionPersistence'];
const MATCH_FIELDS = ['path', 'headers', 'queryParams', 'method'];
const PARENT_FIELDS = ['name', 'namespace', 'kind', 'group', 'sectionName', 'port'];

/** The `namespace/name` of the Server an HTTPRoute's first parentRef names, if it names one. */
export function serverParent(spec: MeshEntity | undefined, namespace: string): string | undefined {
  const refs = spec?.node.entries.get('parentRefs')?.value;
  if (refs?.kind !== 'seq') return undefined;
  for (const item of refs.items) {
    if (item.kind !== 'map') continue;
    const text = (k: string): unknown => {
      const v = item.entries.get(k)?.value;
      return v?.kind === 'scalar' ? v.value : undefined;
    };
    if (text('kind') === 'Server' && typeof text('name') === 'string')
      return `${typeof text('namespace') === 'string' ? String(text('namespace')) : namespace}/${String(text('name'))}`;
  }
  return undefined;
}

/** Reads an inbound HTTPRoute into `authz`, for the policies that target it. */
export function readServerRoute(res: IstioResource, server: string, authz: LinkerdAuthorization): void {
  const { spec } = res;
  if (spec === undefined) return;
  for (const { e } of spec.children('parentRefs', 'parentRef', PARENT_FIELDS)) {
    for (const k of ['name', 'namespace', 'kind', 'group']) e.use(k);
    e.note('sectionName', 'a Server has one port in meshsim');
    e.note('port', 'a Server has one port in meshsim');
    e.finish();
  }
  spec.note('hostnames', 'the Host header is not simulated');
  const matches: { paths?: string[]; methods?: string[] }[] = [];
  for (const { e: rule } of spec.children('rules', 'rule', RULE_FIELDS)) {
    rule.use('name');
    const list = rule.children('matches', 'match', MATCH_FIELDS);
    if (list.length === 0) matches.push({});
    for (const { e: m } of list) {
      const path = m.child('path', 'path match', ['type', 'value']);
      const type = path?.str('type') ?? 'PathPrefix';
      const value = path?.str('value') ?? '/';
      path?.finish();
      if (type === 'Exact')
        warnAt(path!.at('type'), `meshsim's rule paths are prefixes: "${value}" is read as one`);
      else if (type !== 'PathPrefix') {
        warnAt(
          path!.at('type'),
          `path type ${type} cannot be a rule's path: the match is left out, so it allows nothing`,
        );
        continue;
      }
      const method = m.str('method');
      m.note('headers', 'header conditions of inbound routes are not read: the match allows any headers');
      m.note('queryParams', 'query parameters are not simulated: the match allows any');
      m.finish();
      matches.push({
        ...(value !== '/' && { paths: [value] }),
        ...(method !== undefined && { methods: [method.toUpperCase()] }),
      });
    }
    for (const k of ['filters', 'backendRefs', 'timeouts', 'retry', 'sessionPersistence'])
      rule.note(k, 'an inbound route only narrows authorization in meshsim');
    rule.finish();
  }
  spec.finish();
  warnAt(
    res.at,
    `${res.source} is an inbound route of Server ${server}: Linkerd answers 404 to requests matching no inbound route of the Server, which meshsim does not simulate`,
  );
  authz.route(`${res.namespace}/${res.name ?? ''}`, server, matches);
}
