/**
 * Where things are written in an HCL (version 1) file: a scanner that walks the text as HCL's
 * grammar lays it out (items `key = value` and blocks `key "label" { ... }`, lists, objects,
 * strings, heredocs, numbers, comments `#`, `//` and `/* *\/`) and keeps the line and column of
 * every key and value, and whether an object was written as a block. It decodes no values and
 * checks nothing: the HCL parser (hcl.ts) does that, and this skeleton is laid over its output
 * so that every diagnostic can point at a line. On text it cannot follow it stops, and what it
 * has not reached takes the position of the nearest part it has.
 */
import type { Pos } from '../diagnostics';

/** An object: a file's top level, a block's body or `{ ... }`. */
export interface HclObject {
  readonly kind: 'object';
  readonly pos: Pos;
  readonly items: readonly HclItem[];
}

/** A list `[ ... ]`. */
export interface HclList {
  readonly kind: 'list';
  readonly pos: Pos;
  readonly items: readonly HclNode[];
}

/** A string, heredoc, number or `true`/`false`: where its value starts. */
export interface HclScalar {
  readonly kind: 'scalar';
  readonly pos: Pos;
}

/** Any value of the skeleton. */
export type HclNode = HclObject | HclList | HclScalar;

/** One item of an object: `Key = value`, or a block `Key "label" { ... }` (`keys` holds the labels). */
export interface HclItem {
  readonly keys: readonly { readonly text: string; readonly pos: Pos }[];
  readonly value: HclNode;
  /** Written as a block (no `=`). */
  readonly block: boolean;
}

type TokenKind = 'ident' | 'string' | 'heredoc' | 'number' | 'punct' | 'eof';

interface Token {
  readonly kind: TokenKind;
  /** The identifier, the string's text between its quotes (escapes kept), or the punctuation. */
  readonly text: string;
  readonly pos: Pos;
}

class Stop extends Error {}

/** The skeleton of `text`, as far as the scanner could follow it. */
export function scanHcl(text: string): HclObject {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token => tokens[Math.min(i, tokens.length - 1)];
  const next = (): Token => tokens[Math.min(i++, tokens.length - 1)];

  const objectBody = (pos: Pos, closing: string | undefined, items: HclItem[]): HclObject => {
    const node: HclObject = { kind: 'object', pos, items };
    for (;;) {
      const t = peek();
      if (t.kind === 'eof') {
        if (closing !== undefined) throw new Stop();
        return node;
      }
      if (t.kind === 'punct' && t.text === closing) {
        next();
        return node;
      }
      if (t.kind === 'punct' && t.text === ',') {
        next();
        continue;
      }
      items.push(item());
    }
  };

  const item = (): HclItem => {
    const keys: { text: string; pos: Pos }[] = [];
    for (;;) {
      const t = peek();
      if (t.kind === 'ident' || t.kind === 'string') {
        next();
        keys.push({ text: t.kind === 'string' ? unquote(t.text) : t.text, pos: t.pos });
        continue;
      }
      break;
    }
    const t = next();
    if (keys.length === 0) throw new Stop();
    if (t.kind === 'punct' && (t.text === '=' || t.text === ':'))
      return { keys, value: value(), block: false };
    if (t.kind === 'punct' && t.text === '{') return { keys, value: objectBody(t.pos, '}', []), block: true };
    throw new Stop();
  };

  const value = (): HclNode => {
    const t = next();
    if (t.kind === 'punct' && t.text === '{') return objectBody(t.pos, '}', []);
    if (t.kind === 'punct' && t.text === '[') {
      const items: HclNode[] = [];
      for (;;) {
        const u = peek();
        if (u.kind === 'eof') throw new Stop();
        if (u.kind === 'punct' && u.text === ']') {
          next();
          return { kind: 'list', pos: t.pos, items };
        }
        if (u.kind === 'punct' && u.text === ',') {
          next();
          continue;
        }
        items.push(value());
      }
    }
    if (t.kind === 'punct' && t.text === '-' && peek().kind === 'number') {
      next();
      return { kind: 'scalar', pos: t.pos };
    }
    if (t.kind === 'eof' || t.kind === 'punct') throw new Stop();
    return { kind: 'scalar', pos: t.pos };
  };

  const items: HclItem[] = [];
  try {
    return objectBody({ line: 1, column: 1 }, undefined, items);
  } catch (e) {
    if (e instanceof Stop) return { kind: 'object', pos: { line: 1, column: 1 }, items };
    throw e;
  }
}

/** The tokens of `text`, ending with one `eof`; text it cannot read ends the list early. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): Pos => ({ line, column: at - lineStart + 1 });
  /** Moves to `to`, counting the lines passed. */
  const advance = (to: number): void => {
    for (; i < to && i < text.length; i++)
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
  };
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i, i + 2);
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') advance(i + 1);
    else if (c === '#' || rest === '//') advance(lineEnd(text, i));
    else if (rest === '/*') {
      const end = text.indexOf('*/', i + 2);
      advance(end < 0 ? text.length : end + 2);
    } else if (c === '"') {
      const at = pos(i);
      const end = stringEnd(text, i);
      out.push({ kind: 'string', text: text.slice(i, end), pos: at });
      advance(end);
    } else if (rest === '<<') {
      const at = pos(i);
      const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i));
      if (m === null) break;
      const end = heredocEnd(text, i + m[0].length, m[1]);
      out.push({ kind: 'heredoc', text: '', pos: at });
      advance(end);
    } else if (/[0-9.]/.test(c) || (c === '-' && /[0-9.]/.test(text[i + 1] ?? ''))) {
      const m = /^-?(0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?)/.exec(text.slice(i));
      const end = i + (m?.[0].length || 1);
      out.push({ kind: 'number', text: text.slice(i, end), pos: pos(i) });
      advance(end);
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.-]*/.exec(text.slice(i))!;
      out.push({ kind: 'ident', text: m[0], pos: pos(i) });
      advance(i + m[0].length);
    } else if ('={}[],:-'.includes(c)) {
      out.push({ kind: 'punct', text: c, pos: pos(i) });
      advance(i + 1);
    } else break;
  }
  out.push({ kind: 'eof', text: '', pos: pos(i) });
  return out;
}

function lineEnd(text: string, from: number): number {
  const n = text.indexOf('\n', from);
  return n < 0 ? text.length : n;
}

/** The index after the closing quote of the string at `start`, past `${ ... }` with its own quotes. */
function stringEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === '"' && depth === 0) return i + 1;
    else if (c === '"') i = stringEnd(text, i) - 1;
    else if (c === '\n' && depth === 0) return i;
  }
  return text.length;
}

/** The index after the line that closes a heredoc named `tag` whose body starts at `from`. */
function heredocEnd(text: string, from: number, tag: string): number {
  let i = from;
  while (i < text.length) {
    const end = lineEnd(text, i);
    if (text.slice(i, end).trim() === tag) return end;
    i = end + 1;
  }
  return text.length;
}

/** A quoted key's text: `"*"` is `*`. */
function unquote(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}
