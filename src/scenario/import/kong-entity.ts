/**
 * Reading one Kong entity (a service, a route, a plugin's `config`, ...) field by field, as every
 * {@link ConfigEntity} is read. What is Kong's own: the reasons {@link NOT_MODELLED} gives for
 * fields meshsim leaves out, numbers bounded below by an exclusive limit, and references between
 * entities ({@link refOf}).
 */
import { describe } from '../checks';
import type { Path, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { ConfigEntity, mappingOf } from './config-entity';
import { isKongDefault } from './kong-defaults';

/** Why a Kong field has no counterpart in meshsim, by field name; the warning quotes it. */
export const NOT_MODELLED: Readonly<Record<string, string>> = {
  tags: 'tags only label entities',
  created_at: 'a timestamp',
  updated_at: 'a timestamp',
  protocols: 'simulated requests are plain HTTP',
  protocol: 'simulated requests are plain HTTP; TLS costs are not modelled',
  port: 'addresses are not simulated',
  path: 'the path sent upstream is not simulated',
  https_redirect_status_code: 'simulated clients send plain HTTP and are never redirected',
  strip_path: 'it rewrites the path sent upstream, which simulated services do not look at',
  preserve_host: 'the Host header sent upstream is not simulated',
  path_handling: 'the path sent upstream is not simulated',
  regex_priority: 'meshsim orders routes by exact path, then longest prefix, then file order',
  priority: 'meshsim orders routes by exact path, then longest prefix, then file order',
  expression: 'the expressions router is not modelled',
  request_buffering: 'bodies are not simulated',
  response_buffering: 'bodies are not simulated',
  snis: 'TLS is not simulated',
  sources: 'client addresses are not simulated',
  destinations: 'addresses are not simulated',
  tls_verify: 'TLS is not simulated',
  tls_verify_depth: 'TLS is not simulated',
  client_certificate: 'TLS is not simulated',
  ca_certificates: 'TLS is not simulated',
  hash_on: 'only the consistent-hashing algorithm hashes',
  slots: "meshsim's ring hash has its own number of points",
  healthchecks: 'read by the upstream',
  host_header: 'the Host header sent upstream is not simulated',
  use_srv_name: 'DNS is not simulated',
  custom_id: 'the consumer is known by its username',
  instance_name: 'plugin instances are known by their plugin name',
  ordering: 'meshsim runs plugins in its own fixed order',
  run_on: 'a single gateway tier is simulated',
  _transform: 'import metadata',
  _info: 'import metadata',
  _workspace: 'workspaces are not modelled',
  _comment: 'a comment',
};

/** Labels and bookkeeping: they name or date an entity and never change how Kong treats a request. */
const SILENT: ReadonlySet<string> = new Set([
  'tags',
  'created_at',
  'updated_at',
  '_comment',
  '_info',
  '_transform',
]);

/** One Kong entity being read. */
export class KongEntity extends ConfigEntity {
  constructor(
    node: LMap,
    path: Path,
    r: Reporter,
    /** For messages: `service`, `route`, `rate-limiting config`. */
    readonly kind: string,
    /** Every field Kong defines for this entity, to suggest one for a typo; none for plugin configs. */
    fields?: readonly string[],
  ) {
    super(node, path, r, `a Kong ${kind}`, fields);
  }

  /** The entity at `node`, or undefined (with an error) when `node` is not a mapping. */
  static of(
    node: LNode,
    path: Path,
    r: Reporter,
    kind: string,
    fields?: readonly string[],
  ): KongEntity | undefined {
    const map = mappingOf(node, path, r, `a Kong ${kind}`);
    return map === undefined ? undefined : new KongEntity(map, path, r, kind, fields);
  }

  /** A number field above `gt` (and at most `max`). */
  num(key: string, gt: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    return this.number(
      key,
      (n) => n > gt && n <= max,
      `a number above ${gt}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}`,
    );
  }

  /** Marks `key` as read; warns that it is not modelled only when its value is not Kong's default. */
  override note(key: string, why: string): void {
    if (this.atDefault(key)) this.use(key);
    else super.note(key, why);
  }

  /**
   * Warns about every field written but not read, except those left at Kong's default (a dump
   * writes them all) and labels that never change what Kong does with a request.
   */
  override finish(notes: Readonly<Record<string, string>> = {}): void {
    for (const key of this.node.entries.keys()) if (SILENT.has(key) || this.atDefault(key)) this.use(key);
    super.finish(notes);
  }

  /** Whether the value written under `key` is Kong's default for this kind of entity. */
  atDefault(key: string): boolean {
    const e = this.node.entries.get(key);
    return e !== undefined && isKongDefault(this.kind, key, e.value);
  }

  /** The reason `notes` give, else the one {@link NOT_MODELLED} gives. */
  protected override whyLeftOut(key: string, notes: Readonly<Record<string, string>>): string | undefined {
    // Own properties only: a Kong field named `constructor` is just an unknown field.
    if (Object.hasOwn(notes, key)) return notes[key];
    return Object.hasOwn(NOT_MODELLED, key) ? NOT_MODELLED[key] : undefined;
  }

  /** A plugin's config has no list of fields: any field it does not read is one meshsim lacks. */
  protected override unlisted(): string {
    return `not modelled by meshsim's ${this.kind}; left out`;
  }
}

/**
 * A reference to another entity under `key`: its name or id as a string, or a mapping holding
 * `name`, `username` or `id` (as Kong's dumps write `service: { id: ... }`).
 */
export function refOf(e: KongEntity, key: string): string | undefined {
  const v = e.take(key);
  if (v === undefined) return undefined;
  if (v.kind === 'scalar' && typeof v.value === 'string' && v.value !== '') return v.value;
  if (v.kind === 'map') {
    for (const k of ['name', 'username', 'id']) {
      const n = v.entries.get(k)?.value;
      if (n?.kind === 'scalar' && typeof n.value === 'string' && n.value !== '') return n.value;
    }
  }
  e.r.error(v.pos, [...e.path, key], {
    message: `must name a ${key} by its name or id`,
    expected: `a ${key} name, or { name: ... } or { id: ... }`,
    found: describe(v),
  });
  return undefined;
}
