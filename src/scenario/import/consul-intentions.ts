/**
 * service-intentions: who may call the entry's service (`Name`; `*` for every service).
 *
 * A source with an `Action` is one rule, ALLOW or DENY from that caller; a source with
 * `Permissions` is one rule per permission, from that caller, on the permission's path prefix and
 * methods (PathPrefix `/api` is `/api*`: a plain prefix, as in Consul). Consul checks the most specific source first; meshsim checks DENY rules first and then
 * wants some ALLOW rule to match once the service has one. The two agree when a `*` deny stands
 * beside named allows, so that deny is implied and left out. Requests of a source that match none
 * of its permissions are denied, as Consul's default intention policy does when ACLs default to
 * deny.
 */
import type { ConsulEntry } from './consul';
import { warnAt, type Where } from './config-entity';
import { EVERY_SERVICE, meshId, type ImportedRule } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

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
const HTTP_FIELDS = ['PathExact', 'PathPrefix', 'PathRegex', 'Methods', 'Header'];

interface Rule {
  readonly action: 'ALLOW' | 'DENY';
  readonly from: string;
  readonly paths?: string[];
  readonly methods?: string[];
  readonly at: Where;
  /** From a permission (L7) rather than a source's Action. */
  readonly l7: boolean;
}

/** Reads a service-intentions entry into authorization rules. */
export function readIntentions(entry: ConsulEntry): void {
  const { e, name, mesh } = entry;
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
  for (const r of rules) {
    // A "*" deny beside named allows is what meshsim does anyway once a service has an ALLOW rule.
    if (r.from === '*' && r.action === 'DENY' && !r.l7 && allows) continue;
    mesh.rules.push({
      service,
      action: r.action,
      from: [r.from],
      ...(r.paths !== undefined ? { paths: r.paths } : {}),
      ...(r.methods !== undefined ? { methods: r.methods } : {}),
      at: r.at,
    } satisfies ImportedRule);
  }
}

function sourceRules(s: MeshEntity): Rule[] {
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
    return [{ action, from, at: s.at('Action'), l7: false }];
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
  for (const { e: p } of permissions) {
    const act = actionOf(p, 'Action');
    const http = p.child('HTTP', 'permission HTTP', HTTP_FIELDS);
    let paths: string[] | undefined;
    let methods: string[] | undefined;
    let skip = false;
    if (http !== undefined) {
      const prefix = http.str('PathPrefix');
      const exact = http.str('PathExact');
      const regex = http.str('PathRegex');
      methods = http.strings('Methods')?.map((m) => m.toUpperCase());
      if (methods?.length === 0) methods = undefined;
      http.note('Header', 'header conditions are not modelled: the permission matches any headers');
      http.finish();
      // meshsim's `/api*` is a plain prefix, as Consul's PathPrefix (`/api` alone stops at segments).
      if (prefix !== undefined) paths = [`${prefix}*`];
      else if (exact !== undefined) {
        warnAt(
          http.at('PathExact'),
          `exact path "${exact}" is read as a prefix on segment boundaries (it matches ${exact}/... too): meshsim's authorization has no exact paths`,
        );
        paths = [exact];
      } else if (regex !== undefined) {
        warnAt(http.at('PathRegex'), 'path regexes are not modelled; the permission is left out');
        skip = true;
      }
    }
    p.finish();
    if (act === undefined) {
      if (!p.has('Action'))
        p.r.error(p.node.pos, p.path, { message: 'a permission needs Action', expected: 'Action: allow' });
      continue;
    }
    if (!skip) out.push({ action: act, from, paths, methods, at: p.at(), l7: true });
  }
  const acts = new Set(out.map((r) => r.action));
  if (acts.size > 1)
    warnAt(
      s.at('Permissions'),
      'Consul takes the first permission that matches, meshsim checks DENY rules before ALLOW: where an allow and a later deny overlap, meshsim denies',
    );
  return out;
}

function actionOf(e: MeshEntity, key: string): 'ALLOW' | 'DENY' | undefined {
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
