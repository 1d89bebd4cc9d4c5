/**
 * Reading one mapping of an imported config (a Kong service, an Istio resource's spec, a Consul
 * config entry, or a part of one) field by field. The importer takes the fields it models;
 * {@link ConfigEntity.finish} then warns about every field it did not take, naming it at its
 * position, so that nothing written is dropped in silence. A value of the wrong type in a modelled
 * field is an error (the product's own validation would refuse it); a field written as `null`
 * counts as absent, as in the products' own dumps. {@link KongEntity} and {@link MeshEntity} add
 * what is particular to their products.
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

/** Inclusive bounds of a numeric field. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/**
 * The mapping at `node`, or undefined (with an error naming `label`, such as `a Kong service`)
 * when `node` is not a mapping.
 */
export function mappingOf(node: LNode, path: Path, r: Reporter, label: string): LMap | undefined {
  if (node.kind === 'map') return node;
  r.error(node.pos, path, {
    message: `${label} must be a mapping of fields`,
    expected: 'a mapping',
    found: describe(node),
  });
  return undefined;
}

/** One mapping of a config being read. */
export abstract class ConfigEntity {
  private readonly taken = new Set<string>();

  protected constructor(
    readonly node: LMap,
    readonly path: Path,
    readonly r: Reporter,
    /** What the mapping is, for messages: `a Kong service`, `an Istio VirtualService spec`. */
    readonly label: string,
    /** Every field the product defines here, to tell a typo (with a suggestion) from a known field. */
    protected readonly fields?: readonly string[],
  ) {}

  /** Whether `key` is written with a value other than null. */
  has(key: string): boolean {
    const v = this.node.entries.get(this.keyOf(key))?.value;
    return v !== undefined && !(v.kind === 'scalar' && v.value === null);
  }

  /** The value under `key` (null counts as absent), marking the field as read. */
  take(key: string): LNode | undefined {
    this.taken.add(this.keyOf(key));
    return this.has(key) ? this.node.entries.get(this.keyOf(key))?.value : undefined;
  }

  /** Where `key` is written, or the entity's own position when it is absent. */
  at(key?: string): Where {
    if (key === undefined) return { r: this.r, pos: this.node.pos, path: this.path };
    const written = this.keyOf(key);
    const e = this.node.entries.get(written);
    return { r: this.r, pos: e?.keyPos ?? this.node.pos, path: [...this.path, written] };
  }

  /** Where the value of `key` is written (its first character), or the entity's position. */
  valueAt(key: string): Where {
    const written = this.keyOf(key);
    const e = this.node.entries.get(written);
    return { r: this.r, pos: e?.value.pos ?? this.node.pos, path: [...this.path, written] };
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

  /**
   * A list of non-empty strings (numbers are taken as text, as YAML reads `- 503` as a number);
   * `form` names the list in the error about a bad item.
   */
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
        this.r.error(item.pos, [...this.path, this.keyOf(key), i], {
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
    this.taken.add(this.keyOf(key));
  }

  /** Marks `key` as read without a warning: a field that only names or finds things (`id`). */
  use(key: string): void {
    this.taken.add(this.keyOf(key));
  }

  /** Warns about every field written but not read; `notes` say why a known field is left out. */
  finish(notes: Readonly<Record<string, string>> = {}): void {
    for (const [key, e] of this.node.entries) {
      if (this.taken.has(key) || (e.value.kind === 'scalar' && e.value.value === null)) continue;
      const where = { r: this.r, pos: e.keyPos, path: [...this.path, key] };
      const why = this.whyLeftOut(key, notes);
      if (why !== undefined) warnAt(where, `not modelled, left out: ${why}`);
      else if (this.fields === undefined) warnAt(where, this.unlisted());
      else if (this.isField(key)) warnAt(where, 'not modelled, left out');
      else warnAt(where, `not ${this.label} field; left out`, didYouMean(key, this.fields));
    }
  }

  /**
   * The key under which the field `key` is written: `key` itself, unless a product spells its
   * fields several ways (Consul takes `PathPrefix`, `pathPrefix` and `path_prefix` alike).
   */
  protected keyOf(key: string): string {
    return key;
  }

  /** Whether the written key `key` is one of the fields the product defines here. */
  protected isField(key: string): boolean {
    return this.fields?.includes(key) ?? false;
  }

  /** Why the field `key` is left out, quoted in {@link finish}'s warning, or undefined. */
  protected whyLeftOut(key: string, notes: Readonly<Record<string, string>>): string | undefined {
    return Object.hasOwn(notes, key) ? notes[key] : undefined;
  }

  /** {@link finish}'s warning about a field left out when the entity has no list of fields. */
  protected unlisted(): string {
    return 'not modelled, left out';
  }

  /** A number field accepted by `ok`; else an error saying it must be `expected`. */
  protected number(key: string, ok: (n: number) => boolean, expected: string): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'scalar' && typeof v.value === 'number' && ok(v.value)) return v.value;
    return this.wrong(key, v, expected);
  }

  /** Reports the value `v` of `key` as not what was `expected`. */
  protected wrong(key: string, v: LNode, expected: string): undefined {
    this.r.error(v.pos, [...this.path, this.keyOf(key)], {
      message: `must be ${expected}`,
      expected,
      found: describe(v),
    });
    return undefined;
  }
}
