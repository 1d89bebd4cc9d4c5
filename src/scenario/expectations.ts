/**
 * A lesson's claims (`expect:`), parsed: each `check` is a comparison between arithmetic over
 * numbers and figures of the report, e.g. `retries-on:successRate > 97%` or
 * `mesh:p50 - gateway-only:p50 between 1ms and 3ms`. The report layer evaluates them (report/expectations.ts);
 * this module only reads the text, so that a typo is a load error with its line and column.
 *
 * Grammar:
 *   claim  = sum ('<' | '<=' | '>' | '>=' | '==') sum  |  sum 'between' sum 'and' sum
 *   sum    = term (('+' | '-') term)*
 *   term   = unary (('*' | '/') unary)*
 *   unary  = '-' unary | number [unit] | figure | '(' sum ')'
 *   figure = [variant ':'] name        name = segment ('.' segment)*
 * Units: `%` (divides by 100), `us`, `ms`, `s`, `m` (durations, in ms), `x` (a factor, as is). A name
 * may hold `-` (ids often do), so subtraction needs spaces around its `-`.
 */

/** An arithmetic expression over figures. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly unit: string }
  | { readonly kind: 'figure'; readonly variant?: string; readonly name: string; readonly at: number }
  | { readonly kind: 'negate'; readonly arg: Expr }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: Expr;
      readonly right: Expr;
    };

/** A comparison operator of a claim. */
export type Comparison = '<' | '<=' | '>' | '>=' | '==';

/** A parsed claim: one comparison, or a value between two bounds (inclusive). */
export type Claim =
  | { readonly kind: 'compare'; readonly op: Comparison; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'between'; readonly value: Expr; readonly low: Expr; readonly high: Expr };

/** What the figures a claim may name start with; `figure` in the model resolves the rest. */
export const FIGURE_ROOTS = [
  'successRate',
  'share',
  'p50',
  'p90',
  'p99',
  'p999',
  'mean',
  'max',
  'amplification',
  'requests',
  'latencyMs',
  'throughput',
  'attempts',
  'components',
  'gateway',
  'mesh',
  'edge',
  'events',
] as const;

/** A claim that does not parse: where (0-based offset in the check's text) and why. */
export class ClaimSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const UNITS: Readonly<Record<string, number>> = { '%': 0.01, us: 0.001, ms: 1, s: 1000, m: 60_000, x: 1 };

type Token =
  | {
      readonly kind: 'number';
      readonly value: number;
      readonly unit: string;
      readonly at: number;
      readonly text: string;
    }
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'op'; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly at: number; readonly text: '' };

const NUMBER = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(%|us|ms|s|m|x)?(?![\w.])/;
const WORD = /^[A-Za-z_][\w.:-]*/;
const OPERATOR = /^(<=|>=|==|[<>+\-*/()])/;

/**
 * The most numbers, figures and operators one check or key figure may hold. The parser recurses once
 * per `-` or `(` and the tree it builds is as deep as the expression is long, so a bound on its length
 * is a bound on the stack every reader of the tree uses (a check of 100,000 minus signs overflowed it).
 * Lessons' checks hold about a dozen.
 */
export const MAX_CLAIM_TOKENS = 100;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    if (tokens.length === MAX_CLAIM_TOKENS) {
      throw new ClaimSyntaxError(
        at,
        `more than ${MAX_CLAIM_TOKENS} numbers, figures and operators, the limit of one check`,
        'split it into several claims, or shorten it',
      );
    }
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      const unit = number[2] ?? '';
      const value = Number(number[1]) * (unit === '' ? 1 : UNITS[unit]);
      tokens.push({ kind: 'number', value, unit, at, text: number[0] });
      at += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at });
      at += word[0].length;
      continue;
    }
    const op = OPERATOR.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0], at });
      at += op[0].length;
      continue;
    }
    if (/^\d/.test(rest)) {
      throw new ClaimSyntaxError(
        at,
        `"${/^[\w.%]+/.exec(rest)?.[0]}" is not a number with a unit`,
        'units: % us ms s m x',
      );
    }
    throw new ClaimSyntaxError(at, `unexpected "${rest[0]}"`);
  }
  tokens.push({ kind: 'end', at, text: '' });
  return tokens;
}

/** Parses one claim; throws ClaimSyntaxError. */
export function parseClaim(text: string): Claim {
  return parse(text, 'claim') as Claim;
}

/**
 * Parses one figure expression, arithmetic over figures of a single run with no comparison and no
 * variant names (`components.ledger.served / requests.generated`), as a lesson's key figures are
 * written; throws ClaimSyntaxError.
 */
export function parseFigureExpr(text: string): Expr {
  const expr = parse(text, 'expression') as Expr;
  const named = exprFigures(expr).find((f) => f.variant !== undefined);
  if (named) {
    throw new ClaimSyntaxError(
      named.at,
      `a key figure is shown for every variant, so "${named.variant}:" names none`,
      'write the figure alone, e.g. p99',
    );
  }
  return expr;
}

function parse(text: string, what: 'claim' | 'expression'): Claim | Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token => tokens[i];
  const isOp = (t: Token, ...ops: string[]): boolean => t.kind === 'op' && ops.includes(t.text);
  const found = (t: Token): string => (t.kind === 'end' ? 'the end' : `"${t.text}"`);

  const unary = (): Expr => {
    const t = tokens[i++];
    if (isOp(t, '-')) return { kind: 'negate', arg: unary() };
    if (t.kind === 'number') return { kind: 'number', value: t.value, unit: t.unit };
    if (isOp(t, '(')) {
      const inner = sum();
      const close = tokens[i++];
      if (!isOp(close, ')')) throw new ClaimSyntaxError(close.at, `expected ")", found ${found(close)}`);
      return inner;
    }
    if (t.kind === 'word' && t.text !== 'between' && t.text !== 'and') return figure(t);
    throw new ClaimSyntaxError(t.at, `expected a number or a figure, found ${found(t)}`);
  };
  const term = (): Expr => {
    let left = unary();
    while (isOp(peek(), '*', '/')) {
      const op = tokens[i++].text as '*' | '/';
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = term();
    while (isOp(peek(), '+', '-')) {
      const op = tokens[i++].text as '+' | '-';
      left = { kind: 'binary', op, left, right: term() };
    }
    return left;
  };

  const left = sum();
  if (what === 'expression') {
    const end = tokens[i];
    if (end.kind !== 'end') {
      throw new ClaimSyntaxError(
        end.at,
        `unexpected ${found(end)} after the expression`,
        end.kind === 'word' ? 'put spaces around a minus sign: a name may hold "-"' : undefined,
      );
    }
    return left;
  }
  const t = tokens[i++];
  let claim: Claim;
  if (t.kind === 'word' && t.text === 'between') {
    const low = sum();
    const and = tokens[i++];
    if (and.kind !== 'word' || and.text !== 'and') {
      throw new ClaimSyntaxError(and.at, `expected "and" after the lower bound, found ${found(and)}`);
    }
    claim = { kind: 'between', value: left, low, high: sum() };
  } else if (isOp(t, '<', '<=', '>', '>=', '==')) {
    claim = { kind: 'compare', op: t.text as Comparison, left, right: sum() };
  } else {
    throw new ClaimSyntaxError(
      t.at,
      `expected a comparison (<, <=, >, >=, == or between), found ${found(t)}`,
      t.kind === 'word' ? 'put spaces around a minus sign: a name may hold "-"' : undefined,
    );
  }
  const end = tokens[i];
  if (end.kind !== 'end') throw new ClaimSyntaxError(end.at, `unexpected ${found(end)} after the claim`);
  return claim;
}

function figure(t: Token & { kind: 'word' }): Expr {
  const colon = t.text.indexOf(':');
  const variant = colon === -1 ? undefined : t.text.slice(0, colon);
  const name = colon === -1 ? t.text : t.text.slice(colon + 1);
  const nameAt = colon === -1 ? t.at : t.at + colon + 1;
  if (variant === '') throw new ClaimSyntaxError(t.at, 'a variant name is missing before ":"');
  if (name === '' || name.includes(':') || name.split('.').some((s) => s === '')) {
    throw new ClaimSyntaxError(
      nameAt,
      `"${name}" is not a figure name`,
      'e.g. successRate, p99, components.catalog.utilization',
    );
  }
  const root = name.split('.')[0];
  if (!(FIGURE_ROOTS as readonly string[]).includes(root)) {
    const near = FIGURE_ROOTS.find((r) => r.toLowerCase() === root.toLowerCase());
    throw new ClaimSyntaxError(
      nameAt,
      `unknown figure "${name}"`,
      near ? `did you mean "${near}"?` : `a figure starts with one of: ${FIGURE_ROOTS.join(', ')}`,
    );
  }
  return { kind: 'figure', variant, name, at: t.at };
}

/** The leaves of `e` (its numbers and figures), in order of appearance. */
function leaves(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'negate') leaves(e.arg, out);
  else if (e.kind === 'binary') {
    leaves(e.left, out);
    leaves(e.right, out);
  } else out.push(e);
  return out;
}

/** The expressions of a claim: the measured side first, then its bounds. */
export function claimSides(claim: Claim): { readonly measured: Expr; readonly bounds: readonly Expr[] } {
  return claim.kind === 'compare'
    ? { measured: claim.left, bounds: [claim.right] }
    : { measured: claim.value, bounds: [claim.low, claim.high] };
}

/** The figures of an expression, in order of appearance. */
export function exprFigures(e: Expr): (Expr & { kind: 'figure' })[] {
  return leaves(e).filter((x): x is Expr & { kind: 'figure' } => x.kind === 'figure');
}

/** The units written on an expression's numbers (`%`, `ms`, `x`, ...), without repeats; '' for a bare number. */
export function exprUnits(e: Expr): string[] {
  return [...new Set(leaves(e).flatMap((x) => (x.kind === 'number' ? [x.unit] : [])))];
}

/** The figures of a claim, in order of appearance. */
export function claimFigures(claim: Claim): (Expr & { kind: 'figure' })[] {
  const { measured, bounds } = claimSides(claim);
  return [measured, ...bounds].flatMap(exprFigures);
}

/** The variants a claim names, in order of appearance, without repeats. */
export function claimVariants(claim: Claim): string[] {
  return [...new Set(claimFigures(claim).flatMap((f) => (f.variant === undefined ? [] : [f.variant])))];
}

/** Whether some figure of the claim names no variant. */
export function claimHasBareFigure(claim: Claim): boolean {
  return claimFigures(claim).some((f) => f.variant === undefined);
}
