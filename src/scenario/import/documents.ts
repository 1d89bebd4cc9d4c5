/**
 * Parsing an import's input: every YAML document of a file as a located tree (positions.ts), so each
 * warning can name a line and column. YAML problems are reported as the loader reports them; an
 * empty document (between two `---`) is skipped; a CloudFormation template's short-form intrinsics
 * (`!Ref`) become their long forms (cfn-tags.ts). Never throws.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Pos, Reporter } from '../diagnostics';
import { checkDocuments, checkFileBytes, checkOpenBrackets, valueBudget } from '../parse-limits';
import { toLocated, type LNode } from '../positions';
import { isIntrinsicTagWarning, isTemplateDocument, longFormIntrinsics } from './cfn-tags';

const START: Pos = { line: 1, column: 1 };

/** The non-empty documents of `text`, in order; problems go to `r`. */
export function parseDocuments(text: string, r: Reporter): LNode[] {
  return readDocuments(text, r).roots;
}

/**
 * The non-empty documents of `text` and how many documents it holds, those refused included. A file
 * over the bounds of parse-limits.ts (bytes, documents, aliases, values) gives no roots: the bounds
 * hold for the whole file, before any of its aliases is expanded.
 */
export function readDocuments(text: string, r: Reporter): { roots: LNode[]; documents: number } {
  if (text.trim() === '') {
    r.error(START, [], { message: 'the file is empty' });
    return { roots: [], documents: 0 };
  }
  if (!checkFileBytes(text, r) || !checkOpenBrackets(text, r)) return { roots: [], documents: 0 };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): Pos => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const out: LNode[] = [];
  if (!Array.isArray(docs)) return { roots: out, documents: 0 };
  if (!checkDocuments(docs, at, r)) return { roots: out, documents: docs.length };
  const budget = valueBudget();
  for (const doc of docs) {
    // A CloudFormation template's `!Ref` and `!Sub` are read as their long forms, without a warning.
    const template = doc.errors.length === 0 && isTemplateDocument(doc);
    for (const w of doc.warnings)
      if (!template || !isIntrinsicTagWarning(w.message)) r.warn(at(w.pos[0]), [], { message: w.message });
    if (template) longFormIntrinsics(doc, text);
    for (const e of doc.errors) {
      const message = /call stack/i.test(e.message) ? 'values are nested too deeply to parse' : e.message;
      r.error(at(e.pos[0]), [], { message: `YAML syntax: ${message}` });
    }
    if (doc.errors.length > 0) continue;
    const tree = toLocated(doc, lines, budget);
    if (!tree.ok) {
      r.error(tree.pos, [], { message: tree.message });
      // The file's values are spent: every later document would say so again.
      if (budget.left < 0) break;
      continue;
    }
    if (tree.root.kind === 'scalar' && tree.root.value === null) continue;
    out.push(tree.root);
  }
  if (out.length === 0 && r.errors.length === 0) r.error(START, [], { message: 'the file has no content' });
  return { roots: out, documents: docs.length };
}
