/**
 * A small kit of composable checks over the located tree. A check reads one node, reports what is
 * wrong with it (path, expected form, value found) and returns the resolved value, or `undefined`
 * when the node is invalid. Shapes are code and their resolved types are inferred from them.
 */
import type { Path, Reporter } from './diagnostics';
import { figure, MAX_ID_CHARS } from './parse-limits';
import type { LMap, LNode } from './positions';
import { didYouMean } from './suggest';

/** Reads one node; `undefined` means invalid (and already reported). `expects` describes a valid value. */
export interface Check<T> {
  (node: LNode, path: Path, r: Reporter): T | undefined;
  readonly expects: string;
}

/** The value type a check resolves to. */
export type CheckOf<C> = C extends Check<infer T> ? T : never;

/** Makes a check from its description and its function. */
export function check<T>(
  expects: string,
  fn: (node: LNode, path: Path, r: Reporter) => T | undefined,
): Check<T> {
  return Object.assign(fn, { expects });
}

/** How a found value reads in a message: `"5sec"`, `-3`, `a list`. */
export function describe(node: LNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return `a list`;
  const v = node.value;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return String(v);
}

/** Reports that `node` is not what `expects` says; returns undefined so callers can `return bad(...)`. */
export function bad(
  r: Reporter,
  node: LNode,
  path: Path,
  message: string,
  expects: string,
  hint?: string,
): undefined {
  r.error(node.pos, path, { message, expected: expects, found: describe(node), hint });
  return undefined;
}

/** A non-empty string. */
export const str: Check<string> = check('a string', (node, path, r) => {
  if (node.kind === 'scalar' && typeof node.value === 'string' && node.value !== '') return node.value;
  return bad(r, node, path, 'must be a non-empty string', 'a string');
});

/** Any scalar but null, as text: header values such as `v1`, `2` or `true`. */
export const text: Check<string> = check('a string', (node, path, r) => {
  if (node.kind === 'scalar' && node.value !== null) return String(node.value);
  return bad(r, node, path, 'must be a string', 'a string');
});

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** An id of a client, gateway, service or route: letters, digits, `_`, `.`, `-` (no `:`, which names streams). */
export const identifier: Check<string> = check('an id (letters, digits, _ . -)', (node, path, r) => {
  const v = str(node, path, r);
  if (v === undefined) return undefined;
  if (v.length > MAX_ID_CHARS) {
    const message = `is ${figure(v.length)} characters long, over the limit of ${MAX_ID_CHARS} for an id`;
    return bad(r, node, path, message, identifier.expects, 'shorten it');
  }
  if (!ID.test(v)) return bad(r, node, path, 'is not a valid id', identifier.expects);
  return v;
});

/** `true` or `false`. */
export const bool: Check<boolean> = check('true or false', (node, path, r) => {
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  return bad(r, node, path, 'must be true or false', 'true or false');
});

/** Bounds of a number check; `above` is an exclusive lower bound. */
export interface NumberRule {
  readonly expects: string;
  readonly int?: boolean;
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
  /** Allow `.inf` (YAML) and `unlimited`. */
  readonly infinite?: boolean;
}

/** A finite number within bounds (or Infinity where allowed). */
export function num(rule: NumberRule): Check<number> {
  return check(rule.expects, (node, path, r) => {
    let v = node.kind === 'scalar' ? node.value : undefined;
    if (rule.infinite && (v === 'unlimited' || v === 'infinity')) v = Infinity;
    if (typeof v !== 'number' || Number.isNaN(v)) return bad(r, node, path, 'must be a number', rule.expects);
    if (v === Infinity && rule.infinite) return v;
    if (!Number.isFinite(v)) return bad(r, node, path, 'must be finite', rule.expects);
    if (rule.int && !Number.isSafeInteger(v))
      return bad(r, node, path, 'must be a whole number', rule.expects);
    if (rule.min !== undefined && v < rule.min) {
      return bad(
        r,
        node,
        path,
        rule.min === 0 ? 'must not be negative' : `must be at least ${rule.min}`,
        rule.expects,
      );
    }
    if (rule.above !== undefined && v <= rule.above)
      return bad(r, node, path, `must be greater than ${rule.above}`, rule.expects);
    if (rule.max !== undefined && v > rule.max)
      return bad(r, node, path, `must be at most ${rule.max}`, rule.expects);
    return v;
  });
}

/** A whole number >= 1: instances, concurrency, users, key counts. */
export const positiveInt = num({ expects: 'a positive integer', int: true, min: 1 });
/** A whole number >= 0. */
export const nonNegativeInt = num({ expects: 'an integer >= 0', int: true, min: 0 });
/** A share between 0 and 1. */
export const fraction = num({ expects: 'a number from 0 to 1', min: 0, max: 1 });
/** A percentage between 0 and 100 (Istio style). */
export const percentage = num({ expects: 'a number from 0 to 100', min: 0, max: 100 });
/** Waiting room of a queue: an integer >= 0, or `unlimited` / `.inf`. */
export const queueSize = num({ expects: 'an integer >= 0 or unlimited', int: true, min: 0, infinite: true });

/** One of a fixed set of words, with a did-you-mean hint for near misses. */
export function oneOf<const T extends string>(values: readonly T[], noun = 'value'): Check<T> {
  const expects = `one of ${values.join(', ')}`;
  return check(expects, (node, path, r) => {
    const v = node.kind === 'scalar' ? node.value : undefined;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    const message = typeof v === 'string' ? `unknown ${noun} "${v}"` : `must be ${expects}`;
    return bad(r, node, path, message, expects, typeof v === 'string' ? didYouMean(v, values) : undefined);
  });
}

/** A list whose items all pass `item`; at least `min` items. */
export function list<T>(item: Check<T>, min = 0): Check<T[]> {
  const expects =
    min > 0 ? `a list of at least ${min} (each ${item.expects})` : `a list (each ${item.expects})`;
  return check(expects, (node, path, r) => {
    if (node.kind !== 'seq') return bad(r, node, path, 'must be a list', expects);
    if (node.items.length < min)
      return bad(r, node, path, `needs at least ${min} item${min === 1 ? '' : 's'}`, expects);
    const out: T[] = [];
    let ok = true;
    node.items.forEach((n, i) => {
      const v = item(n, [...path, i], r);
      if (v === undefined) ok = false;
      else out.push(v);
    });
    return ok ? out : undefined;
  });
}

/** A mapping with free keys (header names, service ids), each value passing `value`; `key` may normalise keys. */
export function record<T>(
  value: Check<T>,
  key?: (k: string, keyNode: LNode, path: Path, r: Reporter) => string | undefined,
): Check<Record<string, T>> {
  const expects = `a mapping of names to ${value.expects}`;
  return check(expects, (node, path, r) => {
    if (node.kind !== 'map') return bad(r, node, path, 'must be a mapping', expects);
    const out: Record<string, T> = {};
    let ok = true;
    for (const [k, e] of node.entries) {
      const name = key ? key(k, { kind: 'scalar', pos: e.keyPos, value: k }, [...path, k], r) : k;
      const v = value(e.value, [...path, k], r);
      if (name === undefined || v === undefined) ok = false;
      // defineProperty, not assignment: a key such as `__proto__` must become a plain entry.
      else
        Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return ok ? out : undefined;
  });
}

/** A field of a shape: required, optional (omitted when absent) or defaulted. */
export interface Field<T, K extends 'req' | 'opt' | 'def' = 'req' | 'opt' | 'def'> {
  readonly kind: K;
  readonly check: Check<T>;
  readonly fallback?: T;
}
/** A required field. */
export const req = <T>(c: Check<T>): Field<T, 'req'> => ({ kind: 'req', check: c });
/** An optional field: absent (or null) leaves it out of the result. */
export const opt = <T>(c: Check<T>): Field<T, 'opt'> => ({ kind: 'opt', check: c });
/** A field with a default; the default is frozen because resolved scenarios share it. */
export const dflt = <T>(c: Check<T>, fallback: T): Field<T, 'def'> => ({
  kind: 'def',
  check: c,
  fallback: freeze(fallback),
});

function freeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) freeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Field name to field. */
export type Shape = Record<string, Field<unknown>>;
type FieldType<F> = F extends Field<infer T> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The resolved object of a shape: optional fields become optional properties. */
export type ShapeOf<S extends Shape> = Simplify<
  { [K in keyof S as S[K] extends Field<unknown, 'opt'> ? never : K]: FieldType<S[K]> } & {
    [K in keyof S as S[K] extends Field<unknown, 'opt'> ? K : never]?: FieldType<S[K]>;
  }
>;

/**
 * A mapping with exactly the fields of `shape`. Unknown fields are errors at their key with a
 * did-you-mean hint; a missing required field is an error at the mapping; null counts as absent.
 */
export function fields<S extends Shape>(
  shape: S,
  expects = `a mapping with ${Object.keys(shape).join(', ')}`,
): Check<ShapeOf<S>> {
  const names = Object.keys(shape);
  return check(expects, (node, path, r) => {
    if (node.kind !== 'map') return bad(r, node, path, 'must be a mapping', expects);
    let ok = true;
    for (const [k, e] of node.entries) {
      if (Object.hasOwn(shape, k)) continue; // not `in`: `toString` is no field of ours
      ok = false;
      r.error(e.keyPos, [...path, k], {
        message: `unknown field "${k}"`,
        hint: didYouMean(k, names) ?? `fields here: ${names.join(', ')}`,
      });
    }
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const f = shape[name];
      const value = node.entries.get(name)?.value;
      const absent = value === undefined || (value.kind === 'scalar' && value.value === null);
      if (absent) {
        if (f.kind === 'def') out[name] = f.fallback;
        else if (f.kind === 'req') {
          ok = false;
          r.error(value?.pos ?? node.pos, [...path, name], {
            message: `missing required field "${name}"`,
            expected: f.check.expects,
          });
        }
        continue;
      }
      const v = f.check(value, [...path, name], r);
      if (v === undefined) ok = false;
      else out[name] = v;
    }
    return ok ? (out as ShapeOf<S>) : undefined;
  });
}

/** A check followed by a cross-field test that reports its own problems and returns false. */
export function refine<T>(
  c: Check<T>,
  test: (value: T, node: LNode, path: Path, r: Reporter) => boolean,
): Check<T> {
  return check(c.expects, (node, path, r) => {
    const v = c(node, path, r);
    return v !== undefined && test(v, node, path, r) ? v : undefined;
  });
}

/** Chooses a check by the node's kind, for shorthands (`retries: 2`, a bare duration for a distribution). */
export function byKind<T>(
  cases: { readonly scalar?: Check<T>; readonly map?: Check<T>; readonly seq?: Check<T> },
  expects: string,
): Check<T> {
  return check(expects, (node, path, r) => {
    const c = cases[node.kind];
    return c ? c(node, path, r) : bad(r, node, path, `must be ${expects}`, expects);
  });
}

/**
 * A mapping whose field `tag` picks its shape (`dist`, `process`, `kind`, plugin `name`). `infer`
 * may pick a tag when the field is absent. Unknown tags get a did-you-mean hint.
 */
export function tagged<C extends Record<string, Check<unknown>>>(
  tag: string,
  cases: C,
  noun: string,
  infer?: (node: LMap) => keyof C & string,
): Check<CheckOf<C[keyof C]>> {
  const tags = Object.keys(cases);
  const expects = `a mapping with ${tag}: ${tags.join(' | ')}`;
  return check(expects, (node, path, r) => {
    if (node.kind !== 'map') return bad(r, node, path, 'must be a mapping', expects);
    const tagNode = node.entries.get(tag)?.value;
    let name: string | undefined;
    if (tagNode === undefined) name = infer?.(node);
    else if (tagNode.kind === 'scalar' && typeof tagNode.value === 'string') name = tagNode.value;
    if (name === undefined) {
      if (tagNode !== undefined)
        return bad(r, tagNode, [...path, tag], `must be one of ${tags.join(', ')}`, tags.join(' | '));
      r.error(node.pos, [...path, tag], {
        message: `missing required field "${tag}"`,
        expected: tags.join(' | '),
      });
      return undefined;
    }
    const c = Object.hasOwn(cases, name) ? cases[name] : undefined;
    if (c === undefined) {
      r.error(tagNode?.pos ?? node.pos, [...path, tag], {
        message: `unknown ${noun} "${name}"`,
        expected: tags.join(' | '),
        found: JSON.stringify(name),
        hint: didYouMean(name, tags),
      });
      return undefined;
    }
    return c(node, path, r) as CheckOf<C[keyof C]> | undefined;
  });
}

/** A check whose result is transformed, e.g. sorted or filled; `f` may report and return undefined. */
export function map<A, B>(
  c: Check<A>,
  f: (value: A, node: LNode, path: Path, r: Reporter) => B | undefined,
  expects = c.expects,
): Check<B> {
  return check(expects, (node, path, r) => {
    const v = c(node, path, r);
    return v === undefined ? undefined : f(v, node, path, r);
  });
}
