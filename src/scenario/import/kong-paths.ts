/**
 * Kong route paths as meshsim matches. A plain Kong path is a prefix, as in meshsim. A regex path
 * (`~/orders/\d+` in format 3.0) has no meshsim counterpart: it becomes the exact path when the regex
 * is a literal ending in `$`, else the prefix of its literal start (Kong anchors regexes at the start
 * of the path), which matches more than the regex did.
 */

/** A meshsim route condition on the path. */
export interface PathMatch {
  readonly kind: 'path' | 'prefix';
  readonly value: string;
  /** True when the match takes exactly the requests Kong's path took. */
  readonly exact: boolean;
}

// Kong 1.x and 2.x read a path as a regex when it holds anything but these (kong/router.lua).
const PLAIN_BEFORE_3 = /^[a-zA-Z0-9.\-_~/%]*$/;

/**
 * Whether Kong reads `path` as a regex: in format 3.0 when it starts with `~`; before 3.0 when it holds
 * a character outside letters, digits and `. - _ ~ / %`.
 */
export function isRegexPath(path: string, formatMajor: number): boolean {
  return formatMajor >= 3 ? path.startsWith('~') : !PLAIN_BEFORE_3.test(path);
}

const META = new Set(['.', '[', ']', '(', ')', '{', '}', '*', '+', '?', '|', '^', '$', '\\']);
const QUANTIFIER = new Set(['?', '*', '{']);

/**
 * The meshsim match for a Kong regex path (with or without its `~`): the literal characters it starts
 * with, up to the first regex construct. A literal followed by an optional quantifier (`s?`) is left
 * out; `\/`, `\.` and other escaped punctuation count as literals. The result always starts with `/`.
 */
export function regexPathMatch(pattern: string): PathMatch {
  let s = pattern.startsWith('~') ? pattern.slice(1) : pattern;
  if (s.startsWith('^')) s = s.slice(1);
  let literal = '';
  let i = 0;
  let whole = false;
  while (i < s.length) {
    const c = s[i];
    let lit: string;
    let width = 1;
    if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break; // \d, \w, \1: a class or reference
      lit = next;
      width = 2;
    } else if (c === '$' && i === s.length - 1) {
      whole = true;
      i++;
      break;
    } else if (META.has(c) || /\s/.test(c)) break;
    else lit = c;
    const after = s[i + width];
    if (after !== undefined && QUANTIFIER.has(after)) break; // `s?`: the literal may be absent
    literal += lit;
    i += width;
    if (after === '+') break; // `s+`: one s is certain, the rest is not
  }
  const consumedAll = i >= s.length;
  const value = literal.startsWith('/') && !/\s/.test(literal) ? literal : '/';
  const exact = consumedAll && value === literal;
  if (exact && whole) return { kind: 'path', value, exact: true };
  return { kind: 'prefix', value, exact };
}
