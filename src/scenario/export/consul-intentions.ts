/**
 * service-intentions of a Consul export: the `authorization` rules of each service as Sources, a
 * rule with paths, methods or headers as L7 Permissions of its sources.
 */
import type { AuthorizationRule } from '../types';
import type { Omissions } from './omissions';

type Entry = Record<string, unknown>;

/** One service-intentions entry per service with rules, in rule order. */
export function consulIntentions(rules: readonly AuthorizationRule[], omissions: Omissions): Entry[] {
  const byService = new Map<string, Map<string, Entry>>();
  rules.forEach((rule, i) => {
    const at = `mesh.authorization[${i}]`;
    for (const f of [
      'notFrom',
      'notPaths',
      'notMethods',
      'notHeaders',
      'requestPrincipals',
      'notRequestPrincipals',
    ] as const)
      if (rule[f] !== undefined) omissions.add(`${at}.${f}`, 'Consul intentions have no such condition');
    const sources = byService.get(rule.service) ?? new Map<string, Entry>();
    byService.set(rule.service, sources);
    const action = rule.action === 'ALLOW' ? 'allow' : 'deny';
    const l7 = rule.paths !== undefined || rule.methods !== undefined || rule.headers !== undefined;
    for (const name of (rule.from ?? ['*']).map((f) => (f === 'mesh:*' ? '*' : f))) {
      const source = sources.get(name) ?? { Name: name };
      sources.set(name, source);
      if (!l7) {
        if (source.Action === undefined && source.Permissions === undefined) source.Action = action;
        else omissions.add(at, `an earlier rule already decides calls from ${name} to ${rule.service}`);
        continue;
      }
      if (source.Action !== undefined) {
        omissions.add(at, `an earlier rule already decides calls from ${name} to ${rule.service}`);
        continue;
      }
      const permissions = (source.Permissions as Entry[] | undefined) ?? [];
      source.Permissions = permissions;
      for (const path of rule.paths ?? [undefined])
        permissions.push({ Action: action, HTTP: http(rule, path) });
    }
  });
  return [...byService].map(([service, sources]) => ({
    Kind: 'service-intentions',
    Name: service,
    Sources: [...sources.values()],
  }));
}

function http(rule: AuthorizationRule, path: string | undefined): Entry {
  return {
    ...(path !== undefined && path !== '*'
      ? path.endsWith('*')
        ? { PathPrefix: path.slice(0, -1) }
        : { PathPrefix: path }
      : {}),
    ...(rule.methods !== undefined && !rule.methods.includes('*') ? { Methods: [...rule.methods] } : {}),
    ...(rule.headers !== undefined
      ? { Header: Object.entries(rule.headers).map(([Name, values]) => ({ Name, Exact: values[0] })) }
      : {}),
  };
}
