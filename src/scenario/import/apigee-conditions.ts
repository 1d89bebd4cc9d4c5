/**
 * Apigee `<Condition>`s on flows, steps and route rules, as far as a meshsim route match can say
 * them: the path (`proxy.pathsuffix` under the base path, or `request.path`), the verb and exact
 * request headers, joined with `and`; verbs alone may be joined with `or`. Anything else (other
 * variables, `not`, `!=`, regular expressions, an `or` across paths) cannot be told from a route
 * match; the caller warns where it meets one.
 */
import type { RawMatch } from './types';

/** A condition read: the match it is, whether the path was broadened to a prefix, or why it is not a match. */
export type ReadCondition =
  | { readonly ok: true; readonly match: RawMatch; readonly broadened?: string }
  | { readonly ok: false; readonly why: string };

const EQUALS = /^(=|==|equals|is|isequals)$/i;

/** Splits `text` on a top-level `and` / `or` (`&&`, `||`), parentheses kept; undefined when both are used. */
function split(text: string): { parts: string[]; op: 'and' | 'or' } | undefined {
  const parts: string[] = [];
  const ops = new Set<'and' | 'or'>();
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) {
      const rest = text.slice(i);
      const m = /^(\s+(and|or)\s+|\s*(&&|\|\|)\s*)/i.exec(rest);
      if (m !== null) {
        const op = (m[2] ?? m[3]).toLowerCase();
        ops.add(op === 'and' || op === '&&' ? 'and' : 'or');
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  if (ops.size > 1) return undefined;
  return { parts: parts.map(unwrap), op: ops.has('or') ? 'or' : 'and' };
}

/** `text` without white space around it and without parentheses that enclose all of it. */
function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && enclosesAll(t)) t = t.slice(1, -1).trim();
  return t;
}

function enclosesAll(t: string): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0 && i < t.length - 1) return false;
  }
  return true;
}

/** One `variable operator "value"` term. */
function term(text: string): { variable: string; op: string; value: string } | undefined {
  const m = /^([\w.-]+)\s*(=|==|!=|~~|~\/|~|[A-Za-z]+)\s*("([^"]*)"|'([^']*)'|[^\s"']+)$/.exec(text);
  if (m === null) return undefined;
  return { variable: m[1], op: m[2], value: m[4] ?? m[5] ?? m[3] };
}

/** A `MatchesPath` / `Matches` pattern as a match: literal paths exact, wildcards broadened to a prefix. */
function pathMatch(pattern: string, op: string): { match: RawMatch; broadened?: string } {
  const star = pattern.indexOf('*');
  if (/^startswith$/i.test(op)) return { match: { prefix: pattern } };
  if (star === -1) return { match: { path: pattern } };
  const prefix = pattern.slice(0, star);
  const exactly = pattern.slice(star) === '**' && prefix.endsWith('/');
  return exactly
    ? { match: { prefix } }
    : { match: { prefix }, broadened: `"${pattern}" is matched as the prefix "${prefix}"` };
}

/** Reads `text` (a Condition's content) under the proxy's `basePath` ('' or `/v1/orders`). */
export function readCondition(text: string, basePath: string): ReadCondition {
  const s = split(unwrap(text));
  if (s === undefined) return { ok: false, why: 'it mixes and with or' };
  const terms = s.parts.map((p) => ({ p, t: term(p) }));
  const bad = terms.find((x) => x.t === undefined);
  if (bad !== undefined) return { ok: false, why: `"${bad.p}" is not a comparison meshsim reads` };
  if (s.op === 'or') {
    const verbs = terms.map((x) => x.t!);
    if (verbs.every((t) => t.variable === 'request.verb' && EQUALS.test(t.op)))
      return { ok: true, match: { methods: verbs.map((t) => t.value.toUpperCase()) } };
    return { ok: false, why: 'an or across anything but request.verb has no single route match' };
  }
  const match: RawMatch = {};
  let broadened: string | undefined;
  for (const { p, t } of terms) {
    const { variable, op, value } = t!;
    if (variable === 'request.verb' && EQUALS.test(op)) {
      const methods = match.methods ?? [value.toUpperCase()];
      if (!methods.includes(value.toUpperCase())) return { ok: false, why: 'it asks for two verbs at once' };
      match.methods = [value.toUpperCase()];
    } else if (variable === 'proxy.pathsuffix' || variable === 'request.path') {
      if (!/^(matchespath|matches|~|~\/|like|startswith|=|==|equals|is)$/i.test(op))
        return { ok: false, why: `"${p}": the ${op} operator on a path is not a route match` };
      if (match.path !== undefined || match.prefix !== undefined)
        return { ok: false, why: 'it tests the path twice' };
      const full = variable === 'proxy.pathsuffix' ? `${basePath}${value}` : value;
      const made = EQUALS.test(op) ? { match: { path: full } } : pathMatch(full, op);
      Object.assign(match, made.match);
      broadened = made.broadened;
    } else if (variable.startsWith('request.header.') && EQUALS.test(op)) {
      match.headers = { ...match.headers, [variable.slice('request.header.'.length).toLowerCase()]: value };
    } else if (variable === 'request.verb' || variable.startsWith('request.header.'))
      return { ok: false, why: `${op} is not a test a route match makes` };
    else return { ok: false, why: `"${p}" tests ${variable}, which no route match can` };
  }
  return { ok: true, match, ...(broadened !== undefined ? { broadened } : {}) };
}

/** The match both `a` and `b` take, or undefined when no request can take both. */
export function bothMatch(a: RawMatch, b: RawMatch): RawMatch | undefined {
  const out: RawMatch = { ...a };
  if (b.methods !== undefined) {
    const methods = a.methods === undefined ? b.methods : a.methods.filter((m) => b.methods!.includes(m));
    if (methods.length === 0) return undefined;
    out.methods = methods;
  }
  if (b.headers !== undefined) {
    for (const [k, v] of Object.entries(b.headers))
      if (a.headers?.[k] !== undefined && a.headers[k] !== v) return undefined;
    out.headers = { ...a.headers, ...b.headers };
  }
  const pa = a.path ?? a.prefix;
  const pb = b.path ?? b.prefix;
  if (pb === undefined) return out;
  if (pa === undefined) {
    delete out.path;
    delete out.prefix;
    return { ...out, ...(b.path !== undefined ? { path: b.path } : { prefix: b.prefix }) };
  }
  if (a.path !== undefined && b.path !== undefined) return a.path === b.path ? out : undefined;
  if (a.path !== undefined) return a.path.startsWith(b.prefix!) ? out : undefined;
  if (b.path !== undefined)
    return b.path.startsWith(a.prefix!) ? { ...withoutPath(out), path: b.path } : undefined;
  if (b.prefix!.startsWith(a.prefix!)) return { ...withoutPath(out), prefix: b.prefix };
  return a.prefix!.startsWith(b.prefix!) ? out : undefined;
}

function withoutPath(m: RawMatch): RawMatch {
  const { path: _p, prefix: _q, ...rest } = m;
  return rest;
}
