/**
 * The located tree: the YAML document as plain values that each remember where they were written.
 * Validators read this instead of `doc.toJS()` so every diagnostic can name a line and column, and
 * variants can be merged node by node while each value keeps the position of the text it came from.
 */
import {
  type Alias,
  type Document,
  type LineCounter,
  type Node as YamlNode,
  isAlias,
  isMap,
  isScalar,
  isSeq,
} from 'yaml';
import type { Path, Pos } from './diagnostics';
import { forEachNode } from './yaml-walk';
import {
  figure,
  MAX_KEY_CHARS,
  MAX_TEXT_CHARS,
  MAX_ALIAS_VALUES,
  MAX_VALUES,
  valueBudget,
  type ValueBudget,
} from './parse-limits';

/** A mapping; entries keep the file's order. */
export interface LMap {
  readonly kind: 'map';
  readonly pos: Pos;
  readonly entries: ReadonlyMap<string, LEntry>;
}
/** A mapping entry: where its key was written, and its value. */
export interface LEntry {
  readonly keyPos: Pos;
  readonly value: LNode;
}
/** A sequence. */
export interface LSeq {
  readonly kind: 'seq';
  readonly pos: Pos;
  readonly items: readonly LNode[];
}
/** A scalar as the YAML 1.2 core schema resolved it (`.inf` is a number, `yes` a string). */
export interface LScalar {
  readonly kind: 'scalar';
  readonly pos: Pos;
  readonly value: string | number | boolean | null;
}
/** Any located value. */
export type LNode = LMap | LSeq | LScalar;

/** Nesting deeper than this is refused: no scenario needs it, and it bounds recursion everywhere after. */
export const MAX_DEPTH = 64;

/** The located tree of a document, or why it could not be built. */
export type TreeResult =
  | { readonly ok: true; readonly root: LNode }
  | { readonly ok: false; readonly pos: Pos; readonly message: string };

/** What a repeated key in one mapping is told, with the yaml package's own wording. */
const DUPLICATE_KEY = 'YAML syntax: Map keys must be unique; each key may appear once per mapping';

class TreeError extends Error {
  constructor(
    readonly pos: Pos,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What each alias of `doc` stands for: the last node anchored with its name before it, in document
 * order, as `Alias.resolve` finds it; undefined for an unknown anchor. One walk for them all, where
 * `Alias.resolve` walks the whole document for each alias (the hundred-service lesson's 94 aliases
 * made reading it take 40 % of its run).
 */
function aliasTargets(doc: Document.Parsed): Map<Alias, YamlNode | undefined> {
  const anchored = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode | undefined>();
  forEachNode(doc, (node) => {
    if (isAlias(node)) targets.set(node, anchored.get(node.source));
    else if (node.anchor) anchored.set(node.anchor, node);
  });
  return targets;
}

/**
 * Builds the located tree of a parsed document that has no YAML errors. Aliases are expanded (an
 * aliased value takes the alias's position), `<<` merge keys are applied (explicit keys win), and
 * keys become strings. Aliases can expand a small file into a huge tree ("billion laughs"), so the
 * values built come out of `budget`, which the documents of one file share; strings and keys longer
 * than MAX_TEXT_CHARS and MAX_KEY_CHARS are refused. Never throws.
 */
export function toLocated(
  doc: Document.Parsed,
  lines: LineCounter,
  budget: ValueBudget = valueBudget(),
): TreeResult {
  const at = (offset: number): Pos => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const posOf = (n: YamlNode | null | undefined, fallback: Pos): Pos =>
    n?.range ? at(n.range[0]) : fallback;
  const resolved = aliasTargets(doc);
  const resolve = (a: Alias): YamlNode | undefined => resolved.get(a);

  // `viaAlias`: the value is (inside) an alias's expansion, so it also counts against the aliases' share.
  const build = (n: unknown, fallback: Pos, depth: number, viaAlias = false): LNode => {
    if (--budget.left < 0)
      throw new TreeError(
        fallback,
        `the file expands to more than ${figure(MAX_VALUES)} values (through aliases?), the limit for a file; write fewer values or use fewer aliases`,
      );
    if (viaAlias && --budget.aliasLeft < 0)
      throw new TreeError(
        fallback,
        `the file's aliases expand to more than ${figure(MAX_ALIAS_VALUES)} values, the limit for a file; write the values out, or use fewer aliases`,
      );
    if (depth > MAX_DEPTH)
      throw new TreeError(fallback, `values are nested more than ${MAX_DEPTH} levels deep`);
    if (n === null || n === undefined) return { kind: 'scalar', pos: fallback, value: null };
    if (isAlias(n)) {
      const pos = posOf(n, fallback);
      const target = resolve(n);
      if (target === undefined) throw new TreeError(pos, `unknown alias *${n.source}`);
      return { ...build(target, pos, depth + 1, true), pos };
    }
    if (isScalar(n)) {
      const v = n.value;
      if (typeof v === 'string' && v.length > MAX_TEXT_CHARS)
        throw new TreeError(
          posOf(n, fallback),
          `a string of ${figure(v.length)} characters, over the limit of ${figure(MAX_TEXT_CHARS)}; shorten it`,
        );
      const value =
        v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : String(v);
      return { kind: 'scalar', pos: posOf(n, fallback), value };
    }
    if (isSeq(n)) {
      const pos = posOf(n, fallback);
      return { kind: 'seq', pos, items: n.items.map((item) => build(item, pos, depth + 1, viaAlias)) };
    }
    if (isMap(n)) {
      const pos = posOf(n, fallback);
      const explicit = new Map<string, LEntry>();
      const merged = new Map<string, LEntry>();
      for (const pair of n.items) {
        const keyNode = isAlias(pair.key) ? resolve(pair.key) : pair.key;
        const keyPos = posOf(pair.key as YamlNode | null, pos);
        if (!isScalar(keyNode))
          throw new TreeError(keyPos, 'mapping keys must be plain words, not lists or mappings');
        const key = String(keyNode.value);
        if (key.length > MAX_KEY_CHARS)
          throw new TreeError(
            keyPos,
            `a key of ${figure(key.length)} characters, over the limit of ${figure(MAX_KEY_CHARS)}; shorten it`,
          );
        // Parsed with the yaml package's own check off (it compares every pair of keys: minutes for a
        // mapping of 20,000 keys); the Map finds a repeated key in one pass.
        if (explicit.has(key)) throw new TreeError(keyPos, DUPLICATE_KEY);
        const value = build(pair.value, keyPos, depth + 1, viaAlias);
        if (key === '<<' && !(isScalar(pair.key) && pair.key.type !== 'PLAIN')) mergeInto(merged, value);
        else explicit.set(key, { keyPos, value });
      }
      for (const [k, e] of explicit) merged.set(k, e);
      return { kind: 'map', pos, entries: merged };
    }
    throw new TreeError(fallback, 'unsupported YAML node');
  };

  // `<<: *base` or `<<: [*a, *b]`: earlier sources win over later ones, as in YAML 1.1.
  const mergeInto = (into: Map<string, LEntry>, source: LNode): void => {
    const sources = source.kind === 'seq' ? source.items : [source];
    for (const s of sources) {
      if (s.kind !== 'map')
        throw new TreeError(s.pos, 'a `<<` merge key takes a mapping or a list of mappings');
      for (const [k, e] of s.entries) if (!into.has(k)) into.set(k, e);
    }
  };

  const start: Pos = { line: 1, column: 1 };
  try {
    return { ok: true, root: build(doc.contents, posOf(doc.contents, start), 0) };
  } catch (e) {
    if (e instanceof TreeError) return { ok: false, pos: e.pos, message: e.message };
    // A stack overflow or similar on hostile input: still a diagnostic, never a throw.
    return {
      ok: false,
      pos: start,
      message: `could not read the document: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** The entry under `key` if `node` is a mapping that has it. */
export function entryOf(node: LNode | undefined, key: string): LEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

/**
 * Where to point for `path`: the node at the path if it exists (its key when `atKey`), else the
 * deepest existing ancestor, which is where a missing or defaulted field would be written.
 */
export function locate(root: LNode, path: Path, atKey = false): Pos {
  let node: LNode = root;
  let keyPos: Pos | undefined;
  for (const seg of path) {
    let next: LNode | undefined;
    keyPos = undefined;
    if (typeof seg === 'number') next = node.kind === 'seq' ? node.items[seg] : undefined;
    else {
      const e = entryOf(node, seg);
      next = e?.value;
      keyPos = e?.keyPos;
    }
    if (next === undefined) return node.pos;
    node = next;
  }
  return atKey && keyPos !== undefined ? keyPos : node.pos;
}
