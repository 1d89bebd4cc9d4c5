/**
 * Checking variants without checking the base again. A variant is its patch merged over the base,
 * and the merge keeps every field the patch leaves alone as the very node of the base (variants.ts);
 * a check is a function of its node and path, so such a field resolves to the same value with the
 * same diagnostics. Without this, each variant re-checked the whole base: a hundred variants of a
 * file with long schedules checked every step a hundred times.
 */
import { type Check, type Field, fields, type Shape, type ShapeOf } from './checks';
import { type Diagnostic, formatPath } from './diagnostics';
import type { LNode } from './positions';

interface Checked<T> {
  readonly path: string;
  readonly file: string;
  readonly value: T | undefined;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * `c`, remembering its outcome per node: checking the same node at the same path again gives the
 * same value (shared, not copied: resolved values are not changed after loading) and reports the
 * same diagnostics again.
 */
export function memoized<T>(c: Check<T>): Check<T> {
  const seen = new WeakMap<LNode, Checked<T>>();
  const fn = (node: LNode, path: readonly (string | number)[], r: Parameters<Check<T>>[2]): T | undefined => {
    const key = formatPath(path);
    const hit = seen.get(node);
    if (hit !== undefined && hit.path === key && hit.file === r.file) {
      for (const d of hit.errors) r.errors.push(d);
      for (const d of hit.warnings) r.warnings.push(d);
      return hit.value;
    }
    const [errors, warnings] = [r.errors.length, r.warnings.length];
    const value = c(node, path, r);
    seen.set(node, {
      path: key,
      file: r.file,
      value,
      errors: r.errors.slice(errors),
      warnings: r.warnings.slice(warnings),
    });
    return value;
  };
  return Object.assign(fn, { expects: c.expects });
}

/** `fields(shape)` with each field's check memoized: for the top level of a document with variants. */
export function memoizedFields<S extends Shape>(shape: S): Check<ShapeOf<S>> {
  const out: Record<string, Field<unknown>> = {};
  for (const [name, f] of Object.entries(shape)) out[name] = { ...f, check: memoized(f.check) };
  return fields(out as S);
}
