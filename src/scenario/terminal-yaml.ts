/**
 * YAML written from what files said (an imported scenario, exported product config) as text that a
 * terminal shows as written. The YAML library escapes C0 controls in double-quoted strings but writes
 * DEL, C1 controls and bidirectional overrides raw, and writes such a string plain when it can: so
 * every string holding a character a terminal acts on is double-quoted, and then each such character
 * left in the text is written as a `\u` escape, which YAML reads back as the same character.
 */
import { visit, type Document, type ToStringOptions } from 'yaml';
import { actsOnTerminal } from './echo';

/** `doc` as YAML text (with `options`) in which no character a terminal acts on is written raw. */
export function terminalSafeYaml(doc: Document, options: ToStringOptions): string {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && hasTerminalControl(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const text = doc.toString(options);
  // Only double-quoted strings (and comments, where an escape is as good) can hold one now.
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f || !actsOnTerminal(c)) continue;
    out += `${text.slice(copied, i)}\\u${c.toString(16).padStart(4, '0')}`;
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether a terminal would act on some character of `text` (line breaks and tabs aside). */
function hasTerminalControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (actsOnTerminal(text.charCodeAt(i), true)) return true;
  return false;
}
