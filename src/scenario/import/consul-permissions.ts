/**
 * One L7 permission of a service-intentions source (`Action` and `HTTP`: `PathExact`,
 * `PathPrefix`, `PathRegex`, `Methods`, `Header`) as an authorization rule's conditions. A path
 * prefix is meshsim's `/api*` (a plain prefix, as Consul's); an exact path `/ui` is `/ui` (a prefix
 * on segment boundaries) without `/ui/*`; a header condition is one of meshsim's value patterns
 * (exact, `prefix*`, `*suffix`, `*` for present), under `notHeaders` when inverted.
 *
 * What meshsim cannot express (a regular expression; two conditions on one header) never widens
 * what is allowed: an allow that needs it matches nothing, a deny drops it and so denies more,
 * each with a warning.
 */
import { warnAt, type Where } from './config-entity';
import type { ConsulEntity } from './consul-entity';
import { setOwn } from '../own';

/** The conditions of one permission, as an authorization rule's fields. */
export interface PermissionMatch {
  paths?: string[];
  notPaths?: string[];
  methods?: string[];
  headers?: Record<string, string[]>;
  notHeaders?: Record<string, string[]>;
  /** The permission can match nothing meshsim can test (an allow with a condition it cannot express). */
  nothing?: boolean;
  /**
   * An exact path ending in `/`, which meshsim's patterns cannot hold alone: `paths` has it as a
   * prefix, which matches more; the caller decides (readIntentions).
   */
  loosePath?: { readonly exact: string; readonly at: Where };
}

const HTTP_FIELDS = ['PathExact', 'PathPrefix', 'PathRegex', 'Methods', 'Header'];
const HEADER_FIELDS = ['Name', 'Present', 'Exact', 'Prefix', 'Suffix', 'Regex', 'Invert'];

/** Reads `p`'s `HTTP` for a permission whose action is `action`. */
export function readPermissionHttp(p: ConsulEntity, action: 'ALLOW' | 'DENY'): PermissionMatch {
  const http = p.child('HTTP', 'permission HTTP', HTTP_FIELDS);
  const out: PermissionMatch = {};
  if (http === undefined) return out;
  /** A condition meshsim cannot express, at `at`: the allow matches nothing; the deny goes without it. */
  const cannot = (at: Where, what: string): void => {
    if (action === 'ALLOW') {
      out.nothing = true;
      warnAt(
        at,
        `${what} cannot be tested in meshsim: this allow matches nothing, so meshsim denies what it would allow`,
      );
    } else warnAt(at, `${what} cannot be tested in meshsim: this deny is read without it, so it denies more`);
  };
  const prefix = http.str('PathPrefix');
  const exact = http.str('PathExact');
  const regex = http.str('PathRegex');
  if (exact !== undefined) {
    out.paths = [exact];
    if (exact.endsWith('/')) out.loosePath = { exact, at: http.at('PathExact') };
    else out.notPaths = [`${exact}/*`];
  } else if (prefix !== undefined) out.paths = [`${prefix}*`];
  else if (regex !== undefined) cannot(http.at('PathRegex'), `path regex ${JSON.stringify(regex)}`);
  const methods = http.strings('Methods')?.map((m) => m.toUpperCase());
  if (methods !== undefined && methods.length > 0) out.methods = methods;
  const seen = new Set<string>();
  for (const { e: h } of http.children('Header', 'permission header', HEADER_FIELDS)) {
    const name = h.str('Name')?.toLowerCase();
    const invert = h.bool('Invert') ?? false;
    const present = h.bool('Present') ?? false;
    const tests = {
      Exact: h.str('Exact'),
      Prefix: h.str('Prefix'),
      Suffix: h.str('Suffix'),
      Regex: h.str('Regex'),
    };
    h.finish();
    if (name === undefined) {
      if (!h.has('Name'))
        h.r.error(h.node.pos, h.path, { message: 'a header condition needs Name', expected: 'Name: x-user' });
      continue;
    }
    const set = [
      ...(present ? ['Present'] : []),
      ...Object.keys(tests).filter((k) => tests[k as keyof typeof tests] !== undefined),
    ];
    if (set.length !== 1) {
      warnAt(
        h.at(),
        `give one of Present, Exact, Prefix, Suffix or Regex (Consul refuses ${set.length === 0 ? 'none' : 'more'}); the condition is left out`,
      );
      continue;
    }
    if (seen.has(name)) {
      cannot(h.at(), `a second condition on header ${name}`);
      continue;
    }
    seen.add(name);
    const op = set[0];
    if (op === 'Regex') {
      cannot(h.at('Regex'), `header regex ${JSON.stringify(tests.Regex)}`);
      continue;
    }
    const pattern =
      op === 'Present'
        ? '*'
        : op === 'Prefix'
          ? `${tests.Prefix}*`
          : op === 'Suffix'
            ? `*${tests.Suffix}`
            : tests.Exact!;
    const into = invert ? (out.notHeaders ??= {}) : (out.headers ??= {});
    setOwn(into, name, [pattern]); // not `into[name] =`: a header may be named `__proto__`
  }
  http.finish();
  return out;
}

/**
 * Whether a rule's paths and methods may match a request for `path` with one of `methods` (any
 * method when absent): its headers are not known, so they are taken to match.
 */
export function mayMatch(
  rule: PermissionMatch,
  path: string,
  methods: readonly string[] | undefined,
): boolean {
  const hit = (pattern: string): boolean => {
    if (pattern === '*') return true;
    if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
    if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
    if (!path.startsWith(pattern)) return false;
    return path.length === pattern.length || pattern.endsWith('/') || '/?'.includes(path[pattern.length]);
  };
  if (rule.paths !== undefined && !rule.paths.some(hit)) return false;
  if (rule.notPaths?.some(hit) === true) return false;
  if (rule.methods === undefined || methods === undefined) return true;
  return rule.methods.some((m) => m === '*' || methods.includes(m));
}
