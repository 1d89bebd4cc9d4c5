/**
 * What a mesh policy sends where: its `split`, `mirror` and `fault`, and its `routes` (Istio
 * VirtualService http routes, Consul service-router routes), each with a `match` on the client
 * request a call serves. Checked for shape here; `resolveMesh` (profiles/mesh.ts) fills a route's
 * timeout and retries from its service's policy.
 */
import {
  bool,
  check,
  dflt,
  fields,
  identifier,
  list,
  map,
  num,
  opt,
  percentage,
  record,
  refine,
  req,
  str,
  text,
  type Check,
} from '../checks';
import type { Path, Reporter } from '../diagnostics';
import type { LNode } from '../positions';
import type { HeaderCondition, MeshFault, MeshMirror, MeshRouteMatch, MeshSplit, Millis } from '../types';
import { duration } from '../units';
import { headerName, httpPath, method } from './http';
import { meshRetries, type MeshRetriesWritten } from './retries';

/** One route of a service's policy as written: timeout and retries left out come from the policy. */
export interface MeshRouteWritten {
  readonly match?: MeshRouteMatch;
  readonly timeout?: Millis;
  readonly retries?: MeshRetriesWritten;
  readonly fault?: MeshFault;
  readonly split?: MeshSplit;
  readonly mirror?: MeshMirror;
}

const statusCode = num({ expects: 'an HTTP status code (100 to 599)', int: true, min: 100, max: 599 });

/** Injected faults: a delay and an abort, each on a percentage of calls. */
export const fault: Check<MeshFault> = fields({
  delay: opt(fields({ percentage: req(percentage), fixedDelay: req(duration()) })),
  abort: opt(fields({ percentage: req(percentage), httpStatus: req(statusCode) })),
});

/** Weighted destinations; at least one weight must be positive. */
export const split: Check<MeshSplit> = refine(
  list(fields({ service: req(identifier), weight: req(num({ expects: 'a number >= 0', min: 0 })) }), 1),
  (entries, node, path, r) => {
    if (entries.some((e) => e.weight > 0)) return true;
    r.error(node.pos, path, {
      message: 'split weights must not all be zero',
      expected: 'weights with a positive sum',
      found: entries.map((e) => e.weight).join(', '),
      hint: 'give the service that should take the calls a positive weight',
    });
    return false;
  },
);

/** A mirrored share of calls; the percentage defaults to 100. */
export const mirror: Check<MeshMirror> = fields({
  service: req(identifier),
  percentage: dflt(percentage, 100),
});

const OPS = ['exact', 'prefix', 'suffix', 'regex', 'present'] as const;

/** `{ exact | prefix | suffix | regex: VALUE }` or `{ present: true }`, with `invert: true` allowed. */
const headerTest = fields({
  exact: opt(text),
  prefix: opt(text),
  suffix: opt(text),
  regex: opt(str),
  present: opt(bool),
  invert: dflt(bool, false),
});

/** A header condition without its name: a bare value means exact; a mapping gives one test. */
const headerTestOrValue: Check<Omit<HeaderCondition, 'name'>> = check(
  'a value, or a mapping with one of exact, prefix, suffix, regex or present: true (and invert: true if wanted)',
  (node, path, r) => {
    if (node.kind === 'scalar') {
      const value = text(node, path, r);
      return value === undefined ? undefined : { op: 'exact', value, invert: false };
    }
    const t = headerTest(node, path, r);
    if (t === undefined) return undefined;
    const set = OPS.filter((op) => t[op] !== undefined);
    if (set.length !== 1) {
      r.error(node.pos, path, {
        message:
          set.length === 0 ? 'a header condition needs a test' : `give one test, not ${set.join(' and ')}`,
        expected: headerTestOrValue.expects,
        hint:
          set.length === 0
            ? 'write e.g. { exact: VALUE }, or { present: true } for any value'
            : 'use two routes, or a regex, to test a header two ways',
      });
      return undefined;
    }
    const op = set[0];
    // `present: false` is Envoy's "header absent": present, inverted.
    if (op === 'present') return { op, value: '', invert: t.present === false ? !t.invert : t.invert };
    const value = t[op]!;
    if (op === 'regex' && !compiles(value, node, [...path, 'regex'], r)) return undefined;
    return { op, value, invert: t.invert };
  },
);

/** Header name (lower-cased) to a value (exact) or a test, in file order. */
const headerConditions: Check<HeaderCondition[]> = map(record(headerTestOrValue, headerName), (byName) =>
  Object.entries(byName).map(([name, t]) => ({ name, ...t })),
);

/** Whether `pattern` is a regular expression, reporting it when it is not. */
function compiles(pattern: string, node: LNode, path: Path, r: Reporter): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch (e) {
    r.error(node.pos, path, {
      message: `is not a regular expression: ${(e as Error).message}`,
      expected: 'a regular expression',
      found: JSON.stringify(pattern),
    });
    return false;
  }
}

/** A whole-path regular expression. */
const pathRegex: Check<string> = check('a regular expression for the whole path', (node, path, r) => {
  const v = str(node, path, r);
  return v !== undefined && compiles(v, node, path, r) ? v : undefined;
});

/** Which calls a route takes: at most one of `path`, `prefix`, `regex`; methods; headers. */
export const meshRouteMatch: Check<MeshRouteMatch> = map(
  fields({
    path: opt(httpPath),
    prefix: opt(httpPath),
    regex: opt(pathRegex),
    methods: opt(list(method, 1)),
    headers: dflt(headerConditions, []),
  }),
  (m, node, path, r) => {
    const set = (['path', 'prefix', 'regex'] as const).filter((k) => m[k] !== undefined);
    if (set.length > 1) {
      const at = node.kind === 'map' ? node.entries.get(set[1])?.keyPos : undefined;
      r.error(at ?? node.pos, [...path, set[1]], {
        message: `give one of path (exact), prefix or regex, not ${set.join(' and ')}`,
        hint: 'use a route for each',
      });
      return undefined;
    }
    return m;
  },
);

/** One route of a service's policy. */
export const meshRoute: Check<MeshRouteWritten> = fields({
  match: opt(meshRouteMatch),
  timeout: opt(duration({ infinite: true, positive: true })),
  retries: opt(meshRetries),
  fault: opt(fault),
  split: opt(split),
  mirror: opt(mirror),
});

/** A service's routes, in the order they are tried. */
export const meshRoutes: Check<MeshRouteWritten[]> = list(meshRoute, 1);
