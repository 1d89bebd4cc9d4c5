/**
 * Reading one Kong entity (a service, a route, a plugin's `config`, ...) field by field. The importer
 * takes the fields it models; {@link KongEntity.finish} then warns about every field it did not take,
 * naming it at its position, so nothing written in a Kong file is dropped in silence. Values of the
 * wrong type in a modelled field are errors (Kong itself would refuse the file); a field written as
 * `null` counts as absent, as in Kong's own dumps.
 */
import { describe } from '../checks';
import type { Path, Pos, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { didYouMean } from '../suggest';

/** A place in one file, to report at later. */
export interface Where {
  readonly r: Reporter;
  readonly pos: Pos;
  readonly path: Path;
}

/** Warns at `w`. */
export function warnAt(w: Where, message: string, hint?: string): void {
  w.r.warn(w.pos, w.path, { message, hint });
}

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
  hash_on: 'consistent hashing is not modelled yet; instances are chosen round robin',
  hash_fallback: 'consistent hashing is not modelled yet',
  hash_on_header: 'consistent hashing is not modelled yet',
  hash_fallback_header: 'consistent hashing is not modelled yet',
  hash_on_cookie: 'consistent hashing is not modelled yet',
  hash_on_cookie_path: 'consistent hashing is not modelled yet',
  hash_on_query_arg: 'consistent hashing is not modelled yet',
  hash_fallback_query_arg: 'consistent hashing is not modelled yet',
  hash_on_uri_capture: 'consistent hashing is not modelled yet',
  hash_fallback_uri_capture: 'consistent hashing is not modelled yet',
  slots: 'consistent hashing is not modelled yet',
  healthchecks: 'upstream health checks are not modelled yet: a crashed instance keeps being chosen',
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

/** Integer bounds of a numeric field. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** One Kong entity being read. */
export class KongEntity {
  private readonly taken = new Set<string>();

  constructor(
    readonly node: LMap,
    readonly path: Path,
    readonly r: Reporter,
    /** For messages: `service`, `route`, `rate-limiting config`. */
    readonly kind: string,
    /** Every field Kong defines for this entity, to suggest one for a typo; none for plugin configs. */
    private readonly fields?: readonly string[],
  ) {}

  /** The entity at `node`, or undefined (with an error) when `node` is not a mapping. */
  static of(
    node: LNode,
    path: Path,
    r: Reporter,
    kind: string,
    fields?: readonly string[],
  ): KongEntity | undefined {
    if (node.kind === 'map') return new KongEntity(node, path, r, kind, fields);
    r.error(node.pos, path, {
      message: `a Kong ${kind} must be a mapping of fields`,
      expected: 'a mapping',
      found: describe(node),
    });
    return undefined;
  }

  /** Whether `key` is written with a value other than null. */
  has(key: string): boolean {
    const v = this.node.entries.get(key)?.value;
    return v !== undefined && !(v.kind === 'scalar' && v.value === null);
  }

  /** The value under `key` (null counts as absent), marking the field as modelled. */
  take(key: string): LNode | undefined {
    this.taken.add(key);
    return this.has(key) ? this.node.entries.get(key)?.value : undefined;
  }

  /** Where `key` is written, or the entity's own position when it is absent. */
  at(key?: string): Where {
    if (key === undefined) return { r: this.r, pos: this.node.pos, path: this.path };
    const e = this.node.entries.get(key);
    return { r: this.r, pos: e?.keyPos ?? this.node.pos, path: [...this.path, key] };
  }

  /** Where the value of `key` is written (its first character), or the entity's position. */
  valueAt(key: string): Where {
    const e = this.node.entries.get(key);
    return { r: this.r, pos: e?.value.pos ?? this.node.pos, path: [...this.path, key] };
  }

  /** A non-empty string field. */
  str(key: string): string | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'string' && v.value !== '') return v.value;
    return this.wrong(key, v, 'a non-empty string');
  }

  /** An integer field within `range`. */
  int(key: string, range: IntRange): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value)) {
      if (v.value >= range.min && v.value <= range.max) return v.value;
    }
    return this.wrong(key, v, `an integer from ${range.min} to ${range.max}`);
  }

  /** A number field above `gt` (and at most `max`). */
  num(key: string, gt: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'number' && v.value > gt && v.value <= max) return v.value;
    return this.wrong(
      key,
      v,
      `a number above ${gt}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''}`,
    );
  }

  /** `true` or `false`. */
  bool(key: string): boolean | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'boolean') return v.value;
    return this.wrong(key, v, 'true or false');
  }

  /** A list field, its items as written. */
  list(key: string): readonly LNode[] | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'seq') return v.items;
    return this.wrong(key, v, 'a list');
  }

  /** A list of non-empty strings (numbers are taken as text, as YAML reads `- 200` as a number). */
  strings(key: string, form = 'a list of strings'): string[] | undefined {
    const items = this.list(key);
    if (items === undefined) return undefined;
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const v = item.kind === 'scalar' ? item.value : undefined;
      if ((typeof v === 'string' && v !== '') || typeof v === 'number') out.push(String(v));
      else {
        ok = false;
        this.r.error(item.pos, [...this.path, key, i], {
          message: `must be ${form}`,
          expected: 'a non-empty string',
          found: describe(item),
        });
      }
    });
    return ok ? out : undefined;
  }

  /** Marks `key` as read and, when it is written, warns that it is not modelled, saying why. */
  note(key: string, why: string): void {
    if (this.has(key)) warnAt(this.at(key), `not modelled, left out: ${why}`);
    this.taken.add(key);
  }

  /** Marks `key` as read without a warning: a field the importer uses only to find things (`id`). */
  use(key: string): void {
    this.taken.add(key);
  }

  /** Warns about every field written but not read. */
  finish(notes: Readonly<Record<string, string>> = {}): void {
    for (const [key, e] of this.node.entries) {
      if (this.taken.has(key) || (e.value.kind === 'scalar' && e.value.value === null)) continue;
      const why = notes[key] ?? NOT_MODELLED[key];
      const where = { r: this.r, pos: e.keyPos, path: [...this.path, key] };
      if (why !== undefined) warnAt(where, `not modelled, left out: ${why}`);
      else if (this.fields === undefined) warnAt(where, `not modelled by meshsim's ${this.kind}; left out`);
      else if (this.fields.includes(key)) warnAt(where, `not modelled, left out`);
      else warnAt(where, `not a Kong ${this.kind} field; left out`, didYouMean(key, this.fields));
    }
  }

  private wrong(key: string, v: LNode, expected: string): undefined {
    this.r.error(v.pos, [...this.path, key], {
      message: `must be ${expected}`,
      expected,
      found: describe(v),
    });
    return undefined;
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
