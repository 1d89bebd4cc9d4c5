/**
 * Reading one Istio resource or Consul config entry (or a part of one: a route, a trafficPolicy, a
 * source) field by field, as {@link KongEntity} reads Kong's: the importer takes the fields it
 * models, and {@link MeshEntity.finish} warns about every field it did not take, at its position, so
 * that nothing written is dropped in silence. A value of the wrong type in a modelled field is an
 * error (Istio's and Consul's own validation would refuse it); `null` counts as absent.
 */
import { describe } from '../checks';
import type { Path, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { didYouMean } from '../suggest';
import { warnAt, type Where } from './kong-entity';

/** Whose config is read: it names the product in messages. */
export type MeshProduct = 'Istio' | 'Consul';

/** Integer bounds of a numeric field. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** Milliseconds per unit of a Go duration (`time.ParseDuration`), which both products write. */
const GO_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds of a Go duration (`1m30s`, `250ms`, `0`), or undefined. */
export function parseGoDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  if (t === '') return undefined;
  let ms = 0;
  GO_PART.lastIndex = 0;
  while (GO_PART.lastIndex < t.length) {
    const m = GO_PART.exec(t);
    if (m === null) return undefined;
    ms += Number(m[1]) * GO_UNITS[m[2]];
  }
  // toPrecision drops binary noise (0.1s is 100ms, not 100.00000000000001ms).
  return Number(ms.toPrecision(12));
}

/** One mapping of a resource being read. */
export class MeshEntity {
  private readonly taken = new Set<string>();

  constructor(
    readonly node: LMap,
    readonly path: Path,
    readonly r: Reporter,
    readonly product: MeshProduct,
    /** For messages: `VirtualService`, `DestinationRule trafficPolicy`, `service-router route`. */
    readonly kind: string,
    /** Every field the product defines here, to tell a typo (with a suggestion) from a known field. */
    private readonly fields?: readonly string[],
  ) {}

  /** The entity at `node`, or undefined (with an error) when `node` is not a mapping. */
  static of(
    node: LNode,
    path: Path,
    r: Reporter,
    product: MeshProduct,
    kind: string,
    fields?: readonly string[],
  ): MeshEntity | undefined {
    if (node.kind === 'map') return new MeshEntity(node, path, r, product, kind, fields);
    r.error(node.pos, path, {
      message: `${article(product)} ${product} ${kind} must be a mapping of fields`,
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

  /** The value under `key` (null counts as absent), marking the field as read. */
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

  /** Where the value of `key` is written, or the entity's position. */
  valueAt(key: string): Where {
    const e = this.node.entries.get(key);
    return { r: this.r, pos: e?.value.pos ?? this.node.pos, path: [...this.path, key] };
  }

  /** The mapping under `key` as an entity of its own. */
  child(key: string, kind: string, fields?: readonly string[]): MeshEntity | undefined {
    const v = this.take(key);
    return v === undefined
      ? undefined
      : MeshEntity.of(v, [...this.path, key], this.r, this.product, kind, fields);
  }

  /** The mappings of the list under `key`, each as an entity, with its index. */
  children(key: string, kind: string, fields?: readonly string[]): { e: MeshEntity; i: number }[] {
    const out: { e: MeshEntity; i: number }[] = [];
    this.list(key)?.forEach((n, i) => {
      const e = MeshEntity.of(n, [...this.path, key, i], this.r, this.product, kind, fields);
      if (e !== undefined) out.push({ e, i });
    });
    return out;
  }

  /** A non-empty string field. */
  str(key: string): string | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'string' && v.value !== '') return v.value;
    return this.wrong(key, v, 'a non-empty string');
  }

  /** An integer field within `bounds`. */
  int(key: string, bounds: Bounds): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'number' && Number.isInteger(v.value)) {
      if (v.value >= bounds.min && v.value <= bounds.max) return v.value;
    }
    return this.wrong(key, v, `an integer from ${bounds.min} to ${bounds.max}`);
  }

  /** A number field within `bounds`. */
  num(key: string, bounds: Bounds): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'number' && v.value >= bounds.min && v.value <= bounds.max)
      return v.value;
    return this.wrong(key, v, `a number from ${bounds.min} to ${bounds.max}`);
  }

  /** `true` or `false`. */
  bool(key: string): boolean | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'boolean') return v.value;
    return this.wrong(key, v, 'true or false');
  }

  /** A Go duration (`10s`, `1m30s`, `250ms`) in milliseconds; `positive` refuses zero. */
  duration(key: string, positive = false): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    const raw = v.kind === 'scalar' ? v.value : undefined;
    const ms = typeof raw === 'string' ? parseGoDuration(raw) : raw === 0 ? 0 : undefined;
    if (ms !== undefined && Number.isFinite(ms) && (ms > 0 || (!positive && ms === 0))) return ms;
    return this.wrong(key, v, `${positive ? 'a positive' : 'a'} duration such as 250ms, 10s or 1m30s`);
  }

  /** A list field, its items as written. */
  list(key: string): readonly LNode[] | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'seq') return v.items;
    return this.wrong(key, v, 'a list');
  }

  /** A list of non-empty strings (numbers are taken as text, as YAML reads `- 503` as a number). */
  strings(key: string): string[] | undefined {
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
          message: 'must be a list of strings',
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

  /** Marks `key` as read without a warning: a field that only names or finds things. */
  use(key: string): void {
    this.taken.add(key);
  }

  /** Warns about every field written but not read; `notes` say why a known field is left out. */
  finish(notes: Readonly<Record<string, string>> = {}): void {
    for (const [key, e] of this.node.entries) {
      if (this.taken.has(key) || (e.value.kind === 'scalar' && e.value.value === null)) continue;
      const where = { r: this.r, pos: e.keyPos, path: [...this.path, key] };
      const why = Object.hasOwn(notes, key) ? notes[key] : undefined;
      if (why !== undefined) warnAt(where, `not modelled, left out: ${why}`);
      else if (this.fields === undefined || this.fields.includes(key))
        warnAt(where, 'not modelled, left out');
      else
        warnAt(
          where,
          `not ${article(this.product)} ${this.product} ${this.kind} field; left out`,
          didYouMean(key, this.fields),
        );
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

function article(product: MeshProduct): string {
  return product === 'Istio' ? 'an' : 'a';
}
