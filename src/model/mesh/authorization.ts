import type { AuthorizationRule } from '../../scenario/types';

/** The caller pattern matching any caller whose sidecar presented a certificate (Istio `principals: ["*"]`). */
export const ANY_MESH_IDENTITY = 'mesh:*';

/** What a call carries beyond its caller, path and method. */
export interface CallAttributes {
  /** The caller's sidecar presented a certificate: the caller has a mesh identity. */
  readonly meshed: boolean;
  /** The client request's headers (lower-case names), as the apps forward them. */
  readonly headers: Readonly<Record<string, string>>;
  /** `issuer/subject` of the end-user token the service's sidecar accepted; '' for none. */
  readonly principal: string;
}

/** The attributes of a call that says only who calls: a meshed caller, no headers, no token. */
export const PLAIN_CALL: CallAttributes = Object.freeze({
  meshed: true,
  headers: Object.freeze({}),
  principal: '',
});

/** The answer to one call: allowed or not, and the index of the rule that decided (-1: none did). */
export interface AuthorizationDecision {
  allowed: boolean;
  /**
   * Index in the rule list of the deciding rule: the first matching DENY, else the first matching
   * ALLOW; -1 when no rule decided.
   */
  rule: number;
}

/**
 * Istio AuthorizationPolicy (and Consul intentions in the same shape) for a call from `caller`
 * into `service` on the client request's `path` and `method`. Only the rules of `service` count.
 *
 * 1. Any matching DENY denies (`rule`: the first one).
 * 2. Else, if `service` has no ALLOW rule, the call is allowed (`rule` -1): no policy, no denial.
 * 3. Else it is allowed if some ALLOW matches (`rule`: the first one), and denied otherwise
 *    (`rule` -1: no rule decided; Istio answers 403 "RBAC: access denied").
 *
 * A rule matches when every field it sets matches (see `ruleMatches`). CUSTOM actions are not
 * modelled. This scans the list on each call; `AuthorizationTable` groups the rules by service once.
 */
export function authorize(
  rules: readonly AuthorizationRule[],
  service: string,
  caller: string,
  path: string,
  method: string,
  call: CallAttributes = PLAIN_CALL,
): { allowed: boolean; rule: number } {
  let hasAllow = false;
  let allow = -1;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.service !== service) continue;
    if (r.action === 'DENY') {
      if (ruleMatches(r, caller, path, method, call)) return { allowed: false, rule: i };
    } else {
      hasAllow = true;
      if (allow < 0 && ruleMatches(r, caller, path, method, call)) allow = i;
    }
  }
  if (!hasAllow) return { allowed: true, rule: -1 };
  return { allowed: allow >= 0, rule: allow };
}

/**
 * Whether `rule` matches a call, ignoring its service and action: each of `from`, `paths`,
 * `methods`, `requestPrincipals` that is set (and not empty: Istio treats an empty list as unset)
 * must have an entry that matches, each header of `headers` must match one of its values; and no
 * entry of a `not...` field may match (a header of `notHeaders` must be absent or match none).
 * - `from`: the caller's id, `*` for any caller, `mesh:*` for a caller with a mesh identity.
 * - `paths`: `*` matches any path; an entry ending in `*` matches paths that start with the rest
 *   (`/api*` matches `/apix`); one starting with `*` matches paths that end with the rest (Istio's
 *   suffix form); any other entry is a path prefix on segment boundaries: `/api` matches `/api`,
 *   `/api/x` and `/api?q=1`, not `/apix`; `/api/` matches what starts with `/api/`. (Istio's plain
 *   entries are exact matches; meshsim's format makes them prefixes.)
 * - `methods`: the method exactly (`GET`, not `get`), or `*`.
 */
export function ruleMatches(
  rule: AuthorizationRule,
  caller: string,
  path: string,
  method: string,
  call: CallAttributes = PLAIN_CALL,
): boolean {
  const from = call.meshed ? meshedCallerMatches : callerMatches;
  return (
    listMatches(rule.from, caller, from) &&
    listMatches(rule.paths, path, pathMatches) &&
    listMatches(rule.methods, method, idMatches) &&
    principalMatches(rule.requestPrincipals, call.principal) &&
    headersMatch(rule.headers, call.headers) &&
    noneMatches(rule.notFrom, caller, from) &&
    noneMatches(rule.notPaths, path, pathMatches) &&
    noneMatches(rule.notMethods, method, idMatches) &&
    noPrincipalMatches(rule.notRequestPrincipals, call.principal) &&
    noHeaderMatches(rule.notHeaders, call.headers)
  );
}

/**
 * Whether an Istio string pattern matches `value`: `*` any present value, `prefix*`, `*suffix`, or
 * the value exactly. `undefined` (an absent header, no principal) matches nothing.
 */
export function valueMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const n = pattern.length;
  if (pattern === '*') return true;
  if (n > 0 && pattern.charCodeAt(n - 1) === STAR) return sameChars(pattern, 0, value, 0, n - 1);
  if (n > 0 && pattern.charCodeAt(0) === STAR)
    return sameChars(pattern, 1, value, value.length - (n - 1), n - 1);
  return pattern === value;
}

function callerMatches(pattern: string, caller: string): boolean {
  return pattern === '*' || pattern === caller;
}

function meshedCallerMatches(pattern: string, caller: string): boolean {
  return pattern === '*' || pattern === ANY_MESH_IDENTITY || pattern === caller;
}

/** `requestPrincipals`: unset or empty matches any call; else one pattern must match the principal. */
function principalMatches(patterns: readonly string[] | undefined, principal: string): boolean {
  if (patterns === undefined || patterns.length === 0) return true;
  const value = principal === '' ? undefined : principal;
  for (let i = 0; i < patterns.length; i++) if (valueMatches(patterns[i], value)) return true;
  return false;
}

/** `notRequestPrincipals`: no pattern matches the principal (a call with none matches no pattern). */
function noPrincipalMatches(patterns: readonly string[] | undefined, principal: string): boolean {
  if (patterns === undefined || principal === '') return true;
  for (let i = 0; i < patterns.length; i++) if (valueMatches(patterns[i], principal)) return false;
  return true;
}

/** Every header named is present and matches one of its values. */
function headersMatch(
  wanted: Readonly<Record<string, readonly string[]>> | undefined,
  headers: Readonly<Record<string, string>>,
): boolean {
  if (wanted === undefined) return true;
  for (const name in wanted) {
    const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (!anyValue(wanted[name], value)) return false;
  }
  return true;
}

/** No header named matches any of its values (an absent header matches none). */
function noHeaderMatches(
  unwanted: Readonly<Record<string, readonly string[]>> | undefined,
  headers: Readonly<Record<string, string>>,
): boolean {
  if (unwanted === undefined) return true;
  for (const name in unwanted) {
    const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (anyValue(unwanted[name], value)) return false;
  }
  return true;
}

function anyValue(patterns: readonly string[], value: string | undefined): boolean {
  for (let i = 0; i < patterns.length; i++) if (valueMatches(patterns[i], value)) return true;
  return false;
}

/** A `not...` list: unset matches any call; else no entry may match. */
function noneMatches(
  list: readonly string[] | undefined,
  value: string,
  matches: (pattern: string, value: string) => boolean,
): boolean {
  if (list === undefined) return true;
  for (let i = 0; i < list.length; i++) if (matches(list[i], value)) return false;
  return true;
}

const STAR = 42;
const SLASH = 47;
const QUESTION = 63;

/** Whether the path pattern `pattern` (a `paths` entry) matches `path`; see `ruleMatches`. */
export function pathMatches(pattern: string, path: string): boolean {
  const n = pattern.length;
  if (pattern === '*') return true;
  if (n > 0 && pattern.charCodeAt(n - 1) === STAR) return sameChars(pattern, 0, path, 0, n - 1);
  if (n > 0 && pattern.charCodeAt(0) === STAR)
    return sameChars(pattern, 1, path, path.length - (n - 1), n - 1);
  if (!path.startsWith(pattern)) return false;
  // A prefix must end on a segment boundary: the end of the path, a slash, or the query.
  if (path.length === n || (n > 0 && pattern.charCodeAt(n - 1) === SLASH)) return true;
  const next = path.charCodeAt(n);
  return next === SLASH || next === QUESTION;
}

/** Whether `a[aFrom, aFrom + len)` equals `b[bFrom, bFrom + len)`, both ranges inside their strings. */
function sameChars(a: string, aFrom: number, b: string, bFrom: number, len: number): boolean {
  if (bFrom < 0 || bFrom + len > b.length) return false;
  for (let k = 0; k < len; k++) if (a.charCodeAt(aFrom + k) !== b.charCodeAt(bFrom + k)) return false;
  return true;
}

function idMatches(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value;
}

function listMatches(
  list: readonly string[] | undefined,
  value: string,
  matches: (pattern: string, value: string) => boolean,
): boolean {
  if (list === undefined || list.length === 0) return true;
  for (let i = 0; i < list.length; i++) if (matches(list[i], value)) return true;
  return false;
}

/**
 * The rules grouped by service once, for the hot path: `decide` looks at only the rules of the
 * called service and writes into a reused decision, so it allocates nothing. Same answers as
 * `authorize`, with rule indices into the original list.
 */
export class AuthorizationTable {
  private readonly byService = new Map<
    string,
    { readonly deny: readonly number[]; readonly allow: readonly number[] }
  >();

  constructor(readonly rules: readonly AuthorizationRule[]) {
    rules.forEach((r, i) => {
      if (r.action !== 'ALLOW' && r.action !== 'DENY') {
        throw new RangeError(`authorization.${i}.action: expected ALLOW or DENY, got ${String(r.action)}`);
      }
      let entry = this.byService.get(r.service);
      if (!entry) {
        entry = { deny: [], allow: [] };
        this.byService.set(r.service, entry);
      }
      (r.action === 'DENY' ? (entry.deny as number[]) : (entry.allow as number[])).push(i);
    });
  }

  /** Whether `service` has any rule at all (without one, every call into it is allowed). */
  governs(service: string): boolean {
    return this.byService.has(service);
  }

  /** Decides a call as `authorize` does, into `out`; returns `out.allowed`. */
  decide(
    service: string,
    caller: string,
    path: string,
    method: string,
    out: AuthorizationDecision,
    call: CallAttributes = PLAIN_CALL,
  ): boolean {
    const entry = this.byService.get(service);
    out.allowed = true;
    out.rule = -1;
    if (!entry) return true;
    const { deny, allow } = entry;
    for (let k = 0; k < deny.length; k++) {
      const i = deny[k];
      if (ruleMatches(this.rules[i], caller, path, method, call)) {
        out.allowed = false;
        out.rule = i;
        return false;
      }
    }
    if (allow.length === 0) return true;
    for (let k = 0; k < allow.length; k++) {
      const i = allow[k];
      if (ruleMatches(this.rules[i], caller, path, method, call)) {
        out.rule = i;
        return true;
      }
    }
    out.allowed = false;
    return false;
  }
}
