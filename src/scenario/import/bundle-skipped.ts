/**
 * The documents of a bundle that were left out, each with where it starts and why: what the error
 * says when no config document of a bundle was read (a bundle that imported as if it were empty would
 * run with the mesh off, and the user would not learn that their config was not read).
 */
import { Reporter, type Pos } from '../diagnostics';
import type { LMap } from '../positions';
import { parseDocuments } from './documents';

/** A document the sorting knows: its root and the reporter of its file. */
interface KnownDoc {
  readonly root: LMap;
  readonly r: Reporter;
}

/** One document left out: its file, where it starts, and the first warning inside it. */
export interface SkippedDoc {
  readonly file: string;
  readonly pos: Pos;
  readonly r: Reporter;
  readonly why: string;
}

/**
 * Every document of `texts` (one per reporter, in order) but those in `read`, with the first warning
 * its file's reporter gave inside it (from its start to the next document's). Documents are found by
 * parsing the YAML again, and from `known` (the sorted documents) for a file that is not YAML.
 */
export function skippedDocuments(
  texts: readonly string[],
  reporters: readonly Reporter[],
  known: readonly KnownDoc[],
  read: readonly KnownDoc[],
): SkippedDoc[] {
  const out: SkippedDoc[] = [];
  reporters.forEach((r, i) => {
    const starts = new Map<string, Pos>();
    for (const root of parseDocuments(texts[i] ?? '', new Reporter(r.file)))
      starts.set(key(root.pos), root.pos);
    for (const doc of known) if (doc.r === r) starts.set(key(doc.root.pos), doc.root.pos);
    const sorted = [...starts.values()].sort(compare);
    const readHere = new Set(read.filter((d) => d.r === r).map((d) => key(d.root.pos)));
    sorted.forEach((pos, j) => {
      if (readHere.has(key(pos))) return;
      const end = sorted[j + 1];
      const inside = r.warnings.filter(
        (w) => compare(w, pos) >= 0 && (end === undefined || compare(w, end) < 0),
      );
      const why = inside.length === 0 ? 'not read' : inside[0].message;
      out.push({ file: r.file, pos, r, why });
    });
  });
  return out;
}

/** `a.yaml:3 (why); b.yaml:1 (why)`: the skipped documents for a message. */
export function describeSkipped(docs: readonly SkippedDoc[]): string {
  return docs.map((d) => `${d.file}:${d.pos.line} (${d.why})`).join('; ');
}

const key = (p: Pos): string => `${p.line}:${p.column}`;
const compare = (a: Pos, b: Pos): number => a.line - b.line || a.column - b.column;
