/**
 * Kong's request-transformer and response-transformer: edit headers, query string or JSON body on the
 * way in or out, at a cost per operation.
 *
 * Kong runs the operations of each kind in a fixed order whatever order the configuration lists them
 * in: remove, rename, replace, add, append (kong/plugins/response-transformer/header_transformer.lua;
 * request-transformer/access.lua does the same for headers, query string and body). Each configured
 * entry is one operation, and each is evaluated whether or not it changes anything (a rename of an
 * absent header still costs the lookup), so the cost of a transformer is its operation count x `cost`.
 *
 * `when` is meshsim's: the transformer applies only to requests it matches (the headers, methods and
 * path of a route match). In Kong the same effect takes a second route that matches those headers and
 * carries the plugin. A request it does not match costs nothing.
 *
 * The v1 scenario format gives a transformer only `cost` and `when`. A transformer listed without
 * operations counts as one (a body `replace`, the reshaping a lesson shows), so `cost` is then what
 * each matching request pays.
 */
import { ownValue } from '../../scenario/own';
import type { Millis, RouteMatch } from '../../scenario/types';
import { pathHasPrefix, type RequestShape } from '../routing';
import { checkMillis } from './options';

/** The operation kinds, in the order Kong runs them. */
export const TRANSFORM_ORDER = ['remove', 'rename', 'replace', 'add', 'append'] as const;
/** One operation kind. */
export type TransformKind = (typeof TRANSFORM_ORDER)[number];

/** One edit: its kind and what it edits (`x-debug`, `x-old:x-new`, `body`, ...). */
export interface TransformOperation {
  readonly kind: TransformKind;
  readonly target: string;
}

/** What a transformer listed without operations does: one body replacement. */
export const DEFAULT_TRANSFORM: readonly TransformOperation[] = [{ kind: 'replace', target: 'body' }];

/** A request- or response-transformer as written, plus its operations (Kong-style lists per kind). */
export interface TransformerOptions {
  /** Gateway time per operation, ms; default 0. */
  readonly cost?: Millis;
  /** Which requests it applies to; absent: all. */
  readonly when?: RouteMatch;
  readonly remove?: readonly string[];
  readonly rename?: readonly string[];
  readonly replace?: readonly string[];
  readonly add?: readonly string[];
  readonly append?: readonly string[];
}

/** What a transformer does to one request. */
export interface TransformResult {
  /** Gateway time, ms: operations x cost, or 0 when it does not apply. */
  readonly cost: Millis;
  /** The operations run, in order, as `kind target` strings for the trace; empty when it does not apply. */
  readonly applied: readonly string[];
}

/** A transformer with its operations sorted into Kong's order and its result precomputed. */
export interface Transformer {
  readonly cost: Millis;
  readonly when?: RouteMatch;
  readonly operations: readonly TransformOperation[];
  /** The result for a request it applies to. */
  readonly result: TransformResult;
}

/** The result for a request a transformer does not apply to. */
export const NOT_TRANSFORMED: TransformResult = { cost: 0, applied: [] };

/** Builds a transformer from its options; throws a RangeError naming a bad option. */
export function transformer(options: TransformerOptions = {}): Transformer {
  const cost = checkMillis('transformer', 'cost', options.cost ?? 0);
  const listed = TRANSFORM_ORDER.flatMap((kind) => (options[kind] ?? []).map((target) => ({ kind, target })));
  const operations = listed.length > 0 ? listed : DEFAULT_TRANSFORM;
  return {
    cost,
    when: options.when,
    operations,
    result: {
      cost: operations.length * cost,
      applied: operations.map((op) => `${op.kind} ${op.target}`),
    },
  };
}

/** Whether `when` matches a request: every condition it sets holds (as a route match does). */
export function transformerApplies(when: RouteMatch | undefined, request: RequestShape): boolean {
  if (when === undefined) return true;
  if (when.methods && when.methods.length > 0 && !when.methods.includes(request.method)) return false;
  if (when.headers) {
    for (const name in when.headers) if (ownValue(request.headers, name) !== when.headers[name]) return false;
  }
  if (when.path !== undefined && when.path !== request.path) return false;
  if (when.prefix !== undefined && !pathHasPrefix(request.path, when.prefix)) return false;
  return true;
}

/**
 * What the transformer costs one request and which operations it runs. A request's method, path and
 * headers are fixed per client and mix entry, so a caller may evaluate this once per pair at build
 * time.
 */
export function transform(policy: Transformer, request: RequestShape): TransformResult {
  return transformerApplies(policy.when, request) ? policy.result : NOT_TRANSFORMED;
}
