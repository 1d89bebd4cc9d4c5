/**
 * Parsing an import's input: every YAML document of a file as a located tree (positions.ts), so each
 * warning can name a line and column. YAML problems are reported as the loader reports them; an
 * empty document (between two `---`) is skipped. Never throws.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Pos, Reporter } from '../diagnostics';
import { toLocated, type LNode } from '../positions';

const START: Pos = { line: 1, column: 1 };

/** The non-empty documents of `text`, in order; problems go to `r`. */
export function parseDocuments(text: string, r: Reporter): LNode[] {
  if (text.trim() === '') {
    r.error(START, [], { message: 'the file is empty' });
    return [];
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number): Pos => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const out: LNode[] = [];
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    for (const w of doc.warnings) r.warn(at(w.pos[0]), [], { message: w.message });
    for (const e of doc.errors) {
      const message = /call stack/i.test(e.message) ? 'values are nested too deeply to parse' : e.message;
      r.error(at(e.pos[0]), [], { message: `YAML syntax: ${message}` });
    }
    if (doc.errors.length > 0) continue;
    const tree = toLocated(doc, lines);
    if (!tree.ok) {
      r.error(tree.pos, [], { message: tree.message });
      continue;
    }
    if (tree.root.kind === 'scalar' && tree.root.value === null) continue;
    out.push(tree.root);
  }
  if (out.length === 0 && r.errors.length === 0) r.error(START, [], { message: 'the file has no content' });
  return out;
}
