/**
 * Putting the loader's diagnostics about an imported scenario back at the bundle's own lines. The
 * import prints the merged scenario as YAML and loads that text, so the loader names lines of the
 * printed text; a value the bundle's scenario document wrote is reported instead where the document
 * wrote it, in its file. A diagnostic's position in the printed text gives the path of the value
 * there; the same path in the document, holding the same kind of value (the same scalar), gives the
 * position to report. Values that came from product config (Kong routes, Istio policies) keep the
 * printed text's position.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic, Pos } from '../diagnostics';
import type { LoadResult } from '../load';
import { toLocated, type LMap, type LNode } from '../positions';

/** The bundle's scenario document: its file and its located tree. */
export interface ScenarioDocument {
  readonly file: string;
  readonly root: LMap;
}

/** A value of the printed text and the value at the same path in the document, each with its key's position. */
interface Pair {
  readonly printed: LNode;
  readonly printedKey?: Pos;
  readonly written: LNode;
  readonly writtenKey?: Pos;
}

const key = (pos: Pos): string => `${pos.line}:${pos.column}`;

/**
 * `diagnostics` of loading `printed` (the scenario an import made), each about a value of `doc`
 * moved to `doc`'s file, line and column; the others as they were.
 */
export function relocate(
  diagnostics: readonly Diagnostic[],
  printed: string,
  doc: ScenarioDocument | undefined,
): Diagnostic[] {
  if (doc === undefined || diagnostics.length === 0) return [...diagnostics];
  const lines = new LineCounter();
  const tree = toLocated(parseDocument(printed, { lineCounter: lines }), lines);
  if (!tree.ok) return [...diagnostics];
  const moves = new Map<string, Pos>();
  // Keys first, then values: a block mapping starts where its first key does, and a diagnostic
  // there (a missing field) is about the mapping.
  const pairs = matching(tree.root, doc.root);
  for (const p of pairs)
    if (p.printedKey !== undefined && p.writtenKey !== undefined) moves.set(key(p.printedKey), p.writtenKey);
  for (const p of pairs) moves.set(key(p.printed.pos), p.written.pos);
  return diagnostics.map((d) => {
    const pos = moves.get(key(d));
    return pos === undefined ? d : { ...d, file: doc.file, line: pos.line, column: pos.column };
  });
}

/**
 * The values found at the same path in the printed tree and in the document, where the document's
 * value is of the same kind (and, for a scalar, the same value): what the document wrote and the
 * import kept.
 */
function matching(printed: LNode, written: LNode): Pair[] {
  const out: Pair[] = [];
  const walk = (p: LNode, w: LNode, printedKey?: Pos, writtenKey?: Pos): void => {
    if (p.kind !== w.kind) return;
    if (p.kind === 'scalar' && w.kind === 'scalar' && p.value !== w.value) return;
    out.push({ printed: p, printedKey, written: w, writtenKey });
    if (p.kind === 'seq' && w.kind === 'seq')
      p.items.forEach((item, i) => {
        const other = w.items[i];
        if (other !== undefined) walk(item, other);
      });
    else if (p.kind === 'map' && w.kind === 'map')
      for (const [k, e] of p.entries) {
        const other = w.entries.get(k);
        if (other !== undefined) walk(e.value, other.value, e.keyPos, other.keyPos);
      }
  };
  walk(printed, written);
  return out;
}

/** `loaded`, the result of loading `printed`, with its diagnostics relocated as {@link relocate} does. */
export function relocateLoad(
  loaded: LoadResult,
  printed: string,
  doc: ScenarioDocument | undefined,
): LoadResult {
  const errors = loaded.ok ? [] : loaded.errors;
  const moved = relocate([...errors, ...loaded.warnings], printed, doc);
  const warnings = moved.slice(errors.length);
  return loaded.ok ? { ...loaded, warnings } : { ...loaded, errors: moved.slice(0, errors.length), warnings };
}
