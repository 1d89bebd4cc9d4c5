/**
 * The line of the problem the page last revealed in the editor (`YamlEditor.reveal`), drawn with a
 * band of the error colour and a marker in its gutter, so the reader sees where to look even while the
 * editor does not have the focus (an unfocused selection is faint). The mark goes at the next edit:
 * the text it was about has changed.
 */
import { StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';

/** Marks the line starting at this document offset as revealed. */
export const setRevealedLine = StateEffect.define<number>();

const lineMark = Decoration.line({
  class: 'cm-revealed-line',
  attributes: { 'data-testid': 'revealed-line' },
});

/** The revealed line's decoration, cleared by any change to the document. */
export const revealedLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = tr.docChanged ? Decoration.none : marks;
    for (const effect of tr.effects) {
      if (!effect.is(setRevealedLine)) continue;
      const at = Math.min(Math.max(0, effect.value), tr.state.doc.length);
      const ranges: Range<Decoration>[] = [lineMark.range(tr.state.doc.lineAt(at).from)];
      next = Decoration.set(ranges);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});
