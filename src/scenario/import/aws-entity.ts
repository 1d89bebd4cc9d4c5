/**
 * Reading one mapping of AWS API Gateway config (an OpenAPI operation or extension, a CloudFormation
 * resource's `Properties`, a stage's method setting) field by field, as every {@link ConfigEntity}
 * is read. What is AWS's own: values may be intrinsic functions (`!Ref Rate`), resolved from the
 * template where they can be (aws-intrinsics.ts) and warned about where they stay symbolic, and
 * CloudFormation takes numbers and booleans written as strings (`"100"`, `"true"`).
 */
import type { Path, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { ConfigEntity, warnAt, type Bounds } from './config-entity';
import { intrinsicOf, NO_NAMES, resolveScalar, type TemplateNames } from './aws-intrinsics';

/** One mapping of AWS config being read. */
export class AwsEntity extends ConfigEntity {
  constructor(
    node: LMap,
    path: Path,
    r: Reporter,
    label: string,
    fields?: readonly string[],
    /** The template's names, for intrinsics; none in a plain OpenAPI file. */
    readonly names: TemplateNames = NO_NAMES,
    /**
     * How the file spells the fields the reader asks for, when it spells them otherwise: a
     * template's `Integration` writes `Uri` where the OpenAPI extension writes `uri`.
     */
    private readonly spelling: Readonly<Record<string, string>> = {},
  ) {
    super(node, path, r, label, fields);
  }

  /** The same mapping read under other field names: `spelling` maps each asked name to the written one. */
  spelled(spelling: Readonly<Record<string, string>>, fields: readonly string[]): AwsEntity {
    return new AwsEntity(this.node, this.path, this.r, this.label, fields, this.names, spelling);
  }

  protected override keyOf(key: string): string {
    return Object.hasOwn(this.spelling, key) ? this.spelling[key] : key;
  }

  /** The mapping under `key` as an entity (an error when it is something else), or undefined. */
  child(key: string, label: string, fields?: readonly string[]): AwsEntity | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'map' && intrinsicOf(v) === undefined)
      return new AwsEntity(v, [...this.path, key], this.r, label, fields, this.names);
    if (v.kind === 'map') {
      warnAt(this.valueAt(key), `${intrinsicOf(v)} is not evaluated here: ${label} stays unread; left out`);
      return undefined;
    }
    return this.wrong(key, v, 'a mapping');
  }

  /** The scalar under `key`, intrinsics resolved (a symbolic one warned about, then absent). */
  scalar(key: string): string | number | boolean | undefined {
    const v = this.take(key);
    return v === undefined ? undefined : this.scalarOf(v, key);
  }

  /** `v`, written under `key`, as one scalar; see {@link scalar}. */
  scalarOf(v: LNode, key: string | number): string | number | boolean | undefined {
    const got = resolveScalar(v, this.names);
    const where = { r: this.r, pos: v.pos, path: [...this.path, key] };
    if (!got.ok) {
      if (intrinsicOf(v) !== undefined) warnAt(where, `the value stays symbolic (${got.why}); left out`);
      else this.r.error(v.pos, where.path, { message: `must be a single value, not ${got.why}` });
      return undefined;
    }
    if (got.guessed !== undefined) warnAt(where, got.guessed);
    return got.value;
  }

  /** A text field (numbers as their text). */
  text(key: string): string | undefined {
    const v = this.scalar(key);
    return v === undefined || v === '' ? undefined : String(v);
  }

  /** A number within `bounds`, written as a number or as its text. */
  amount(key: string, bounds: Bounds): number | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n) && n >= bounds.min && n <= bounds.max) return n;
    this.r.error(this.valueAt(key).pos, [...this.path, key], {
      message: `must be a number from ${bounds.min} to ${bounds.max}`,
      found: String(v),
    });
    return undefined;
  }

  /** `true` or `false`, written as a boolean or as its text. */
  flag(key: string): boolean | undefined {
    const v = this.scalar(key);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.r.error(this.valueAt(key).pos, [...this.path, key], {
      message: 'must be true or false',
      found: String(v),
    });
    return undefined;
  }

  /** The items of a list field (an intrinsic in its place is warned about, then absent). */
  items(key: string): readonly LNode[] | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'seq') return v.items;
    if (intrinsicOf(v) !== undefined) {
      warnAt(this.valueAt(key), `${intrinsicOf(v)} is not evaluated here: the list stays unread; left out`);
      return undefined;
    }
    return this.wrong(key, v, 'a list');
  }

  /** The entries of a mapping field, as written. */
  entries(key: string): readonly (readonly [string, LNode])[] | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind === 'map') return [...v.entries].map(([k, e]) => [k, e.value] as const);
    return this.wrong(key, v, 'a mapping');
  }

  /** An entity for a mapping found inside this one (a list item, a map's value), at `path`. */
  entityOf(node: LNode, path: Path, label: string, fields?: readonly string[]): AwsEntity | undefined {
    if (node.kind === 'map' && intrinsicOf(node) === undefined)
      return new AwsEntity(node, path, this.r, label, fields, this.names);
    this.r.error(node.pos, path, { message: `${label} must be a mapping of fields` });
    return undefined;
  }
}
