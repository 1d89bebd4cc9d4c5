/**
 * The YAML document of a scenario text, read once for the page's sliders: a slider step writes its
 * value into the text (`applyKnob`), the re-run's sliders are found in the new text (`findKnobs`)
 * and placed beside the lesson's steps (`placeKnobs`), and the next step edits that text again, which
 * parsed the whole file three times a step on the page's thread (some 40 ms for a hundred services).
 */
import { parseDocument, type Document } from 'yaml';

let last: { readonly text: string; readonly doc: Document.Parsed } | undefined;

/**
 * The parsed document of `text`, errors included; the same object for the same text as last time.
 * Read-only: a caller that edits a document parses its own.
 */
export function parsedYaml(text: string): Document.Parsed {
  if (last?.text !== text) last = { text, doc: parseDocument(text) };
  return last.doc;
}
