/**
 * service-intentions of a Consul export. meshsim checks a service's DENY rules first, then admits a
 * call only if an ALLOW rule matches (when the service has any); Consul takes the intention of the
 * most specific source (a name before `*`), and for an L7 intention the first of its permissions
 * that matches. So each caller the rules name gets the decision meshsim makes for it, `*` the one
 * for every other caller, and a caller that only path or method rules admit gets them as
 * permissions. A rule Consul cannot say that way is listed as not exported.
 */
import type { AuthorizationRule } from '../types';
import type { Omissions } from './omissions';

type Entry = Record<string, unknown>;
type Decision = 'allow' | 'deny' | 'permissions';
const NEGATED = [
  'notFrom',
  'notPaths',
  'notMethods',
  'notHeaders',
  'requestPrincipals',
  'notRequestPrincipals',
] as const;

/** One service-intentions entry per service with rules. */
export function consulIntentions(rules: readonly AuthorizationRule[], omissions: Omissions): Entry[] {
  const byService = new Map<string, { rule: AuthorizationRule; at: string }[]>();
  rules.forEach((rule, i) => {
    const at = `mesh.authorization[${i}]`;
    for (const f of NEGATED)
      if (rule[f] !== undefined) omissions.add(`${at}.${f}`, 'Consul intentions have no such condition');
    if (rule.from?.includes('mesh:*'))
      omissions.add(`${at}.from`, 'every caller under Consul has a sidecar: mesh:* is read as *');
    byService.set(rule.service, [...(byService.get(rule.service) ?? []), { rule, at }]);
  });
  return [...byService].map(([service, list]) => ({
    Kind: 'service-intentions',
    Name: service,
    Sources: sources(list, omissions),
  }));
}

const isL7 = (r: AuthorizationRule): boolean =>
  r.paths !== undefined || r.methods !== undefined || r.headers !== undefined;
const names = (r: AuthorizationRule): readonly string[] =>
  (r.from ?? ['*']).map((f) => (f === 'mesh:*' ? '*' : f));
const matches = (r: AuthorizationRule, caller: string): boolean =>
  names(r).includes('*') || names(r).includes(caller);

function sources(list: readonly { rule: AuthorizationRule; at: string }[], omissions: Omissions): Entry[] {
  const callers = [...new Set(list.flatMap(({ rule }) => names(rule)).filter((n) => n !== '*'))];
  const hasAllow = list.some(({ rule }) => rule.action === 'ALLOW');
  for (const { rule, at } of list)
    if (rule.action === 'DENY' && isL7(rule))
      omissions.add(
        at,
        'a DENY on paths or methods: Consul takes the first matching permission, meshsim checks DENY rules first',
      );
  const decide = (caller: string): Decision => {
    const l4 = list.filter(({ rule }) => !isL7(rule) && matches(rule, caller)).map(({ rule }) => rule.action);
    if (l4.includes('DENY')) return 'deny';
    if (l4.includes('ALLOW')) return 'allow';
    if (list.some(({ rule }) => rule.action === 'ALLOW' && isL7(rule) && matches(rule, caller)))
      return 'permissions';
    return hasAllow ? 'deny' : 'allow';
  };
  const out: Entry[] = [];
  const everyone = decide('*');
  for (const caller of [...callers, '*']) {
    const d = decide(caller);
    if (d === 'permissions') {
      const permissions = list
        .filter(({ rule }) => rule.action === 'ALLOW' && isL7(rule) && matches(rule, caller))
        .flatMap(({ rule }) =>
          consulPaths(rule.paths).map((path) => ({ Action: 'allow', HTTP: http(rule, path) })),
        );
      out.push({ Name: caller, Permissions: permissions });
    } else if (caller === '*' || d !== everyone) out.push({ Name: caller, Action: d });
  }
  return out;
}

/** One path condition of a permission: exact, a plain prefix, or none. */
type PathCondition = { PathExact: string } | { PathPrefix: string } | undefined;

/**
 * meshsim's paths as Consul's: `/api*` is Consul's plain PathPrefix `/api`, `*` no condition, and a
 * plain path `/api` (a prefix on segment boundaries) two permissions, PathExact `/api` and PathPrefix
 * `/api/`. A suffix pattern (`*.json`) has no Consul path condition: PathRegex, which the importer
 * cannot test, keeps the permission faithful for Consul.
 */
function consulPaths(paths: readonly string[] | undefined): (PathCondition | { PathRegex: string })[] {
  if (paths === undefined) return [undefined];
  return paths.flatMap((p): (PathCondition | { PathRegex: string })[] => {
    if (p === '*') return [undefined];
    if (p.startsWith('*')) return [{ PathRegex: `.*${p.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` }];
    if (p.endsWith('*')) return [{ PathPrefix: p.slice(0, -1) }];
    return p.endsWith('/') ? [{ PathPrefix: p }] : [{ PathExact: p }, { PathPrefix: `${p}/` }];
  });
}

function http(rule: AuthorizationRule, path: PathCondition | { PathRegex: string }): Entry {
  return {
    ...(path ?? {}),
    ...(rule.methods !== undefined && !rule.methods.includes('*') ? { Methods: [...rule.methods] } : {}),
    ...(rule.headers !== undefined
      ? { Header: Object.entries(rule.headers).map(([Name, values]) => ({ Name, Exact: values[0] })) }
      : {}),
  };
}
