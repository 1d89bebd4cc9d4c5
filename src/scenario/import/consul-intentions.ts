/**
 * service-intentions: who may call the entry's service (`Name`; `*` for every service).
 *
 * A source with an `Action` is one rule, ALLOW or DENY from that caller; a source with
 * `Permissions` is one rule per permission, from that caller, on the permission's paths, methods
 * and headers (consul-permissions.ts). Consul checks the most specific source first; meshsim checks
 * DENY rules first and then wants some ALLOW rule to match once the service has one. The two agree
 * when a `*` deny stands beside named allows, so that deny is implied and left out.
 *
 * What no intention matches, Consul decides by its default intention policy (the ACL default
 * policy; allow with ACLs off). The config entries do not say which, so meshsim infers it per
 * service, as the entries' authors mean it: a service with an allow admits only what is allowed
 * (default deny: also the requests of a source that match none of its permissions), and a service
 * with only denies admits the rest (default allow). A `*` source says it outright either way.
 */
import type { ConsulEntry } from './consul';
import { warnAt, type Where } from './config-entity';
import type { Chains } from './consul-chain';
import { EVERY_SERVICE, meshId, type ImportedRule, type MeshConfig } from './mesh-config';
import type { ConsulEntity } from './consul-entity';
import { mayMatch, readPermissionHttp, type PermissionMatch } from './consul-permissions';

const SOURCE_FIELDS = [
  'Name',
  'Peer',
  'Namespace',
  'Partition',
  'SamenessGroup',
  'Action',
  'Permissions',
  'Precedence',
  'Type',
  'Description',
  'LegacyID',
  'LegacyMeta',
  'LegacyCreateTime',
  'LegacyUpdateTime',
];
const SOURCE_NOTES: Readonly<Record<string, string>> = {
  Peer: 'peering is not modelled',
  Namespace: 'namespaces are not modelled',
  Partition: 'admin partitions are not modelled',
  SamenessGroup: 'sameness groups are not modelled',
  Precedence: 'written by Consul',
  Type: 'written by Consul',
  Description: 'a description',
  LegacyID: 'written by Consul',
  LegacyMeta: 'written by Consul',
  LegacyCreateTime: 'written by Consul',
  LegacyUpdateTime: 'written by Consul',
};

interface Rule extends Omit<PermissionMatch, 'nothing' | 'loosePath'> {
  readonly action: 'ALLOW' | 'DENY';
  /** The caller, `*`; undefined: none (an allow that matches nothing). */
  readonly from: string | undefined;
  /** The source's name (a meshsim id, or `*`), even when `from` is none. */
  readonly caller: string;
  readonly at: Where;
  /** From a permission (L7) rather than a source's Action. */
  readonly l7: boolean;
  readonly loosePath?: PermissionMatch['loosePath'];
  /** The source's `Permissions`, where the order of its permissions is warned about. */
  readonly permissionsAt?: Where;
}

/** The authorization rules of one service-intentions entry, and the sources it names. */
export interface IntentionsEntry {
  readonly rules: readonly ImportedRule[];
  /** Meshsim ids of its sources, `*` included. */
  readonly sources: ReadonlySet<string>;
}

/** Reads a service-intentions entry into authorization rules, applied by {@link applyIntentions}. */
export function readIntentions(entry: ConsulEntry): void {
  const { e, name, chains } = entry;
  const service = name === '*' ? EVERY_SERVICE : name;
  const rules: Rule[] = [];
  for (const { e: s } of e.children('Sources', 'source', SOURCE_FIELDS)) rules.push(...sourceRules(s));
  e.note('JWT', 'end-user credentials (JWTs) are not simulated');
  e.finish();

  const allows = rules.some((r) => r.action === 'ALLOW' && r.from !== '*');
  const anyAllow = rules.find((r) => r.action === 'ALLOW' && r.from === '*' && !r.l7);
  if (anyAllow !== undefined)
    for (const r of rules)
      if (r.l7 && r.from !== '*')
        warnAt(
          r.at,
          `calls from ${r.from} that match none of its permissions: Consul denies them (its own source wins over "*"), meshsim's "*" allow lets them in`,
        );
  const kept = rules.filter(
    // A "*" deny beside named allows is what meshsim does anyway once a service has an ALLOW rule.
    (r) =>
      !(r.from === '*' && r.action === 'DENY' && !r.l7 && allows) &&
      (r.loosePath === undefined || keepLoose(r, rules)),
  );
  warnOrder(kept);
  const out: ImportedRule[] = kept.map((r) => {
    const { action, from, at, caller: _c, l7: _l7, loosePath: _loose, permissionsAt: _p, ...conditions } = r;
    return { service, action, from: from === undefined ? [] : [from], ...conditions, at };
  });
  chains.intentions.set(name, { rules: out, sources: new Set(rules.map((r) => r.caller)) });
}

/**
 * The intentions of every entry as authorization rules, with Consul's precedence between an
 * entry for one service and the entry for `*` (every service): for service S with an entry of its
 * own, a rule of the `*` entry applies only to callers S's entry names no rule for, since
 * Consul takes the most precise intention (exact source and destination 9, `*` source and exact
 * destination 8, exact source and `*` destination 6, `*` and `*` 5). So the zero-trust setup of
 * HashiCorp's tutorials, `*` denied to `*` with allows for named pairs, admits the named pairs.
 */
export function applyIntentions(chains: Chains, mesh: MeshConfig): void {
  const own = [...chains.intentions].filter(([s]) => s !== '*');
  for (const [, entry] of own) mesh.rules.push(...entry.rules);
  const every = chains.intentions.get('*');
  if (every === undefined) return;
  for (const rule of every.rules) {
    const from = rule.from?.[0];
    mesh.rules.push({ ...rule, exceptServices: own.map(([s]) => s) });
    for (const [service, entry] of own) {
      // S's own "*" source (8) outranks every rule of the "*" entry; its named source, that source's.
      if (entry.sources.has('*') || (from !== undefined && from !== '*' && entry.sources.has(from))) continue;
      const named = [...entry.sources];
      // Quiet: a service the scenario lacks is said at its own entry.
      mesh.rules.push({
        ...rule,
        service,
        quiet: true,
        ...(from === '*' && named.length > 0 && { notFrom: named }),
      });
    }
  }
}

/**
 * Whether to keep `r`, whose exact path ends in `/` (`PathExact = "/"`), read as every path under
 * it (warned). A deny of it that no allow of the entry for the same caller could match is left out
 * instead: what no allow matches is denied anyway once the service has an allow, so meshsim then
 * does exactly what Consul does, where the wider deny would deny the other allowed paths too.
 */
function keepLoose(r: Rule, rules: readonly Rule[]): boolean {
  const { exact, at } = r.loosePath!;
  if (r.action === 'DENY') {
    const allows = rules.filter((a) => a.action === 'ALLOW' && a.from !== undefined);
    const overlaps = allows.some(
      (a) => (a.from === r.from || a.from === '*') && mayMatch(a, exact, r.methods),
    );
    if (allows.length > 0 && !overlaps) return false;
  }
  warnAt(
    at,
    `exact path "${exact}" is read as every path that starts with it: meshsim's authorization cannot say "this path alone" for a path ending in /`,
  );
  return true;
}

/**
 * Consul takes a source's first permission that matches, meshsim its DENY rules first: they differ
 * only where an allow comes before a deny of the same source, once per source.
 */
function warnOrder(rules: readonly Rule[]): void {
  const warned = new Set<Where>();
  rules.forEach((allow, i) => {
    const at = allow.permissionsAt;
    if (allow.action !== 'ALLOW' || at === undefined || warned.has(at)) return;
    if (!rules.slice(i + 1).some((r) => r.action === 'DENY' && r.permissionsAt === at)) return;
    warned.add(at);
    warnAt(
      at,
      'Consul takes the first permission that matches, meshsim checks DENY rules before ALLOW: where an allow and a later deny overlap, meshsim denies',
    );
  });
}

function sourceRules(s: ConsulEntity): Rule[] {
  const name = s.str('Name');
  const action = actionOf(s, 'Action');
  const permissions = s.children('Permissions', 'permission', ['Action', 'HTTP']);
  s.finish(SOURCE_NOTES);
  if (name === undefined) {
    if (!s.has('Name'))
      s.r.error(s.node.pos, s.path, { message: 'a source needs Name', expected: 'Name: web' });
    return [];
  }
  const from = name === '*' ? '*' : meshId(name);
  if (action !== undefined) {
    if (permissions.length > 0)
      warnAt(
        s.at('Permissions'),
        'a source has Action or Permissions, not both (Consul refuses this); left out',
      );
    return [{ action, from, caller: from, at: s.at('Action'), l7: false }];
  }
  if (permissions.length === 0) {
    if (!s.has('Action') && !s.has('Permissions'))
      s.r.error(s.node.pos, s.path, {
        message: 'a source needs Action or Permissions',
        expected: 'Action: allow',
      });
    return [];
  }
  const out: Rule[] = [];
  const permissionsAt = s.at('Permissions');
  for (const { e: p } of permissions) {
    const act = actionOf(p, 'Action');
    const match = act === undefined ? undefined : readPermissionHttp(p, act);
    p.finish();
    if (act === undefined || match === undefined) {
      if (!p.has('Action'))
        p.r.error(p.node.pos, p.path, { message: 'a permission needs Action', expected: 'Action: allow' });
      continue;
    }
    const { nothing, ...fields } = match;
    // An allow that can match nothing meshsim tests still makes the service want an allow: no callers.
    out.push({
      action: act,
      from: nothing === true ? undefined : from,
      caller: from,
      ...fields,
      at: p.at(),
      l7: true,
      permissionsAt,
    });
  }
  return out;
}

function actionOf(e: ConsulEntity, key: string): 'ALLOW' | 'DENY' | undefined {
  const v = e.str(key);
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  if (lower === 'allow' || lower === 'deny') return lower === 'allow' ? 'ALLOW' : 'DENY';
  e.r.error(e.valueAt(key).pos, e.valueAt(key).path, {
    message: 'unknown action',
    expected: 'allow or deny',
    found: JSON.stringify(v),
  });
  return undefined;
}
