/**
 * One of a lesson's key figures, the tiles the page shows under the diagram: a figure expression
 * (`p90`, `share.429`, `components.ledger.served / requests.generated`), alone or with its label,
 * unit and the direction that is better. The expression is parsed here so that a typo is a load
 * error at its line and column; the report layer resolves what the file leaves out (`report/key-figures.ts`).
 */
import { bad, byKind, check, fields, oneOf, opt, req, str, type Check } from '../checks';
import { ClaimSyntaxError, parseFigureExpr } from '../expectations';
import type { LNode } from '../positions';
import type { Path, Reporter } from '../diagnostics';
import type { KeyFigureSpec } from '../types';

/** Units a key figure may be printed in: the `unit` field's values. */
export const KEY_FIGURE_UNITS = ['ms', '%', 'x', 'count', '/s', 'number'] as const;

const EXPECTS = 'a figure such as p90 or share.429, or {value, label, unit, better}';

/** Parses `text` written at `node`; reports a syntax error at the character it names. */
function parsed(text: string, node: LNode, path: Path, r: Reporter): KeyFigureSpec['value'] | undefined {
  try {
    return parseFigureExpr(text);
  } catch (e) {
    if (!(e instanceof ClaimSyntaxError)) throw e;
    return bad(r, node, path, `${e.message} (at character ${e.offset + 1})`, EXPECTS, e.hint);
  }
}

const bare: Check<KeyFigureSpec> = check(EXPECTS, (node, path, r) => {
  const text = str(node, path, r);
  if (text === undefined) return undefined;
  const value = parsed(text, node, path, r);
  return value && { text, value };
});

const shape = fields({
  value: req(str),
  label: opt(str),
  unit: opt(oneOf(KEY_FIGURE_UNITS, 'unit')),
  better: opt(oneOf(['lower', 'higher'] as const, 'direction')),
});

const full: Check<KeyFigureSpec> = check(EXPECTS, (node, path, r) => {
  const spec = shape(node, path, r);
  if (spec === undefined || node.kind !== 'map') return undefined;
  const valueNode = node.entries.get('value')!.value;
  const value = parsed(spec.value, valueNode, [...path, 'value'], r);
  return value && { ...spec, text: spec.value, value };
});

/** A key figure: an expression alone, or a mapping with its label, unit and better direction. */
export const keyFigure: Check<KeyFigureSpec> = byKind({ scalar: bare, map: full }, EXPECTS);
