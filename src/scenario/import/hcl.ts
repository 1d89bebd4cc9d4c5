/**
 * Consul config entries written in HCL, as `consul config write entry.hcl` takes them. Consul
 * reads them with HashiCorp's HCL version 1 parser, which is what decodes them here (the
 * `js-hcl-parser` package is that parser compiled to JavaScript), so what Consul accepts is
 * accepted and what it refuses is refused with its own message and position. Version 2 parsers
 * refuse the block-in-list shape Consul's own docs write (`Routes = [{ Match { HTTP { ... } } }]`).
 *
 * The parser's output has no positions, so a scanner (hcl-scan.ts) walks the text alongside and
 * gives every key and value its line and column. HCL version 1 decodes each object (a block, or
 * `= { ... }`) as a list of one object, and repeated blocks as a longer list; Consul's decoder then
 * takes a one-item list as the object where its field is an object. The same is done here: an
 * object stays a list only where it was written as blocks of a field named in `listFields`.
 */
import type { HclParser } from 'js-hcl-parser';
import type { Pos, Reporter } from '../diagnostics';
import { MAX_DEPTH, type LEntry, type LNode } from '../positions';
import { scanHcl, type HclItem, type HclNode, type HclObject } from './hcl-scan';

export { isHcl } from './hcl-detect';

const START: Pos = { line: 1, column: 1 };

/**
 * The parser is 1.6 MB of compiled Go: loaded the first time HCL is read, never by a run, a check or
 * a YAML import. In Node (the CLI, the tests) it loads then, synchronously; in a browser the caller
 * awaits `loadHclParser` before importing a bundle.
 */
let hclParser: HclParser | undefined;

/** Loads the HCL parser, once. A browser must call it before a bundle with HCL is imported. */
export async function loadHclParser(): Promise<void> {
  if (hclParser !== undefined) return;
  const limit = Error.stackTraceLimit;
  try {
    hclParser = (await import('js-hcl-parser')).default;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Runs `f` with the stack traces the compiled Go expects. Its runtime sets `Error.stackTraceLimit` to
 * Infinity when it loads, for itself (its `recover` compares stack depths); left so, every error of
 * the process captures its whole stack afterwards, and a file of many mistakes or deep nesting
 * validates 10 to 20 times slower. The limit is the parser's only while it runs.
 */
function withGoStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The parser, loaded on first use where a synchronous load is possible (Node). */
function parser(): HclParser {
  if (hclParser !== undefined) return hclParser;
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const module = node?.getBuiltinModule?.('node:module') as
    { createRequire(from: string): (id: string) => HclParser } | undefined;
  if (module === undefined) throw new Error('the HCL parser is not loaded: await loadHclParser() first');
  const limit = Error.stackTraceLimit;
  try {
    hclParser = module.createRequire(import.meta.url)('js-hcl-parser');
  } finally {
    Error.stackTraceLimit = limit;
  }
  return hclParser;
}
/** The parser's answer when it refuses the text: `unable to parse JSON: At 3:1: ...` */
const REFUSED = /^unable to parse (?:JSON|HCL): /;
/** A position in the parser's message; a nested error names the outer and the inner one. */
const AT = /At (\d+):(\d+): /g;

/**
 * The documents of an HCL file, as located trees: one, or several separated by `---` lines (which
 * HCL itself refuses, but people write, and each part then reads as a file of its own, with a
 * warning). A syntax error is reported at its position with the parser's message. `listFields`
 * (compared without case or underscores) are the fields whose blocks stay a list even when
 * written once. Never throws.
 */
export function parseHcl(text: string, r: Reporter, listFields: ReadonlySet<string>): LNode[] {
  if (text.trim() === '') {
    r.error(START, [], { message: 'the file is empty' });
    return [];
  }
  const lines = text.split('\n');
  const cuts = lines.flatMap((line, i) => (/^---\s*$/.test(line) ? [i] : []));
  if (cuts.length === 0) return parseOne(text, r, listFields);
  r.warn({ line: cuts[0] + 1, column: 1 }, [], {
    message:
      'several entries separated by --- in one HCL file: consul config write takes one entry a file; each part is read as a file of its own',
  });
  const out: LNode[] = [];
  [-1, ...cuts].forEach((cut, k) => {
    const end = k < cuts.length ? cuts[k] : lines.length;
    const part = lines.slice(cut + 1, end).join('\n');
    // Blank lines in front keep every position where it is in the file.
    if (part.trim() !== '') out.push(...parseOne('\n'.repeat(cut + 1) + part, r, listFields));
  });
  return out;
}

/** The one document of HCL `text`. */
function parseOne(text: string, r: Reporter, listFields: ReadonlySet<string>): LNode[] {
  const hcl = parser();
  let out: string;
  try {
    out = withGoStacks(() => String(hcl.parse(text)));
  } catch (e) {
    r.error(START, [], { message: `HCL syntax: ${e instanceof Error ? e.message : String(e)}` });
    return [];
  }
  const refused = REFUSED.exec(out);
  if (refused !== null) {
    // The innermost position is where the parser stopped.
    const message = out.slice(refused[0].length);
    const inner = [...message.matchAll(AT)].at(-1);
    const pos = inner === undefined ? START : { line: Number(inner[1]), column: Number(inner[2]) };
    r.error(pos, [], { message: `HCL syntax: ${message.replace(AT, '')}` });
    return [];
  }
  const decoded = JSON.parse(out) as unknown;
  const root = new Located(listFields).object(decoded, scanHcl(text), START, 0);
  if (root.kind === 'map' && root.entries.size === 0) {
    r.error(START, [], { message: 'the file has no content' });
    return [];
  }
  return [root];
}

/** Lays the scanner's positions over the parser's values. */
class Located {
  constructor(private readonly listFields: ReadonlySet<string>) {}

  /** An object of the parser's output, with the items the scanner found for it (if it could). */
  object(value: unknown, skeleton: HclObject | undefined, fallback: Pos, depth: number): LNode {
    if (!isRecord(value)) return this.value(value, undefined, fallback, depth);
    const pos = skeleton?.pos ?? fallback;
    const byKey = new Map<string, HclItem[]>();
    for (const item of skeleton?.items ?? []) {
      const key = item.keys[0].text;
      byKey.set(key, [...(byKey.get(key) ?? []), item]);
    }
    // The file's order: keys the scanner found first, then any it did not.
    const keys = [...byKey.keys()].filter((k) => Object.hasOwn(value, k));
    for (const k of Object.keys(value)) if (!keys.includes(k)) keys.push(k);
    const entries = new Map<string, LEntry>();
    for (const key of keys) {
      const items = byKey.get(key) ?? [];
      const keyPos = items[0]?.keys[0].pos ?? pos;
      entries.set(key, { keyPos, value: this.entry(key, value[key], items, keyPos, depth + 1) });
    }
    return { kind: 'map', pos, entries };
  }

  /** The value of `key`, written as `items` (several for repeated blocks). */
  private entry(key: string, value: unknown, items: readonly HclItem[], keyPos: Pos, depth: number): LNode {
    const objects = items.filter((i) => i.block || i.keys.length > 1 || i.value.kind === 'object');
    const isObjects =
      items.length > 0 &&
      objects.length === items.length &&
      Array.isArray(value) &&
      value.length === items.length &&
      value.every(isRecord);
    if (!isObjects) {
      const last = items.at(-1);
      return this.value(value, last?.keys.length === 1 ? last.value : undefined, keyPos, depth);
    }
    const list = value as Record<string, unknown>[];
    const nodes = list.map((v, i) => this.object(v, bodyOf(items[i]), items[i].keys[0].pos, depth + 1));
    const asList = items.every((i) => i.block) && this.listFields.has(normalKey(key));
    if (nodes.length === 1 && !asList) return nodes[0];
    return { kind: 'seq', pos: items[0].value.pos, items: nodes };
  }

  /** A value of the parser's output (a list, object or scalar), placed by `skeleton` where it fits. */
  private value(value: unknown, skeleton: HclNode | undefined, fallback: Pos, depth: number): LNode {
    const pos = skeleton?.pos ?? fallback;
    if (depth > MAX_DEPTH) return { kind: 'scalar', pos, value: null };
    if (Array.isArray(value)) {
      const items = skeleton?.kind === 'list' ? skeleton.items : [];
      return {
        kind: 'seq',
        pos,
        items: value.map((v, i) => this.value(v, items[i], items[i]?.pos ?? pos, depth + 1)),
      };
    }
    if (isRecord(value))
      return this.object(value, skeleton?.kind === 'object' ? skeleton : undefined, pos, depth);
    const scalar =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
    return { kind: 'scalar', pos, value: scalar };
  }
}

/** A block's body; for `Key "label" { ... }`, an object holding `label` and its body. */
function bodyOf(item: HclItem): HclObject | undefined {
  if (item.keys.length > 1)
    return {
      kind: 'object',
      pos: item.keys[1].pos,
      items: [{ keys: item.keys.slice(1), value: item.value, block: item.block }],
    };
  return item.value.kind === 'object' ? item.value : undefined;
}

/** A field name without case or underscores: `path_prefix`, `pathPrefix` and `PathPrefix` are one. */
export function normalKey(key: string): string {
  return key.replace(/_/g, '').toLowerCase();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
