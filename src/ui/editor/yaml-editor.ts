/**
 * The scenario editor: CodeMirror 6 with YAML highlighting, line numbers, bracket matching, undo
 * history, search, and the worker's errors and warnings drawn inline at their line and column. It only
 * edits text: checking and running are the page's, through `onChange` and `onRun`.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Annotation, EditorSelection, EditorState, Prec } from '@codemirror/state';
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { DiagnosticData } from '../../worker/protocol';
import { h } from '../dom';
import { placeDiagnostics, tokenAt, type PlacedDiagnostic } from './diagnostic-ranges';
import { revealedLine, setRevealedLine } from './revealed-line';
import { editorTheme, yamlHighlightStyle } from './editor-theme';

/** What `createYamlEditor` needs. */
export interface YamlEditorOptions {
  /** The text the editor starts with. */
  readonly text: string;
  /**
   * Called with the whole text after each change the user makes (typing, pasting, undo, redo). Not
   * called for `setText`, as a textarea's `input` event is not fired when a script sets its value.
   */
  onChange(text: string): void;
  /** Called when the user presses Ctrl+Enter (Cmd+Enter on a Mac). */
  onRun(): void;
  /**
   * Extra attributes of the editable element, over the defaults (`aria-label="Scenario YAML"`,
   * `data-testid="editor"`); e.g. `{ 'aria-describedby': 'diagnostics' }`.
   */
  readonly contentAttributes?: Readonly<Record<string, string>>;
}

/** A YAML editor in the page. */
export interface YamlEditor {
  /** The editable element (`contenteditable`, with the accessible label and `data-testid="editor"`). */
  readonly contentElement: HTMLElement;
  /** The text, lines joined by `\n` (a loaded file's `\r\n` breaks come back as `\n`). */
  getText(): string;
  /**
   * Replaces the whole text as one step that Ctrl+Z undoes (never merged with typing around it), and
   * clears the diagnostics, which were about the old text. Does nothing if the text is the same.
   */
  setText(text: string): void;
  /**
   * Shows `errors` and `warnings` inline, replacing those shown before; they follow the text as it is
   * edited. `fileName`, when given, is the file the editor holds: a diagnostic about another file of a
   * bundle, like one whose line is not in the text, is shown on line 1 with its own place.
   */
  setDiagnostics(
    errors: readonly DiagnosticData[],
    warnings: readonly DiagnosticData[],
    fileName?: string,
  ): void;
  /** Puts the cursor at a 1-based `line` and `column` (clamped to the text), scrolls there and focuses. */
  goTo(line: number, column: number): void;
  /**
   * Shows a problem's place without taking the focus: selects the token at the 1-based `line` and
   * `column` (clamped to the text), marks its whole line until the text changes, and scrolls it to the
   * middle of the editor. The page calls it after a run that found errors, for the first of them.
   */
  reveal(line: number, column: number): void;
  focus(): void;
  /** Removes the editor from the page; the other methods then do nothing (`getText` keeps the last text). */
  destroy(): void;
}

/** Marks the transactions of `setText`, which do not call `onChange`. */
const programmatic = Annotation.define<boolean>();

/** Creates the editor as the last child of `parent`. */
export function createYamlEditor(parent: HTMLElement, options: YamlEditorOptions): YamlEditor {
  const { onChange, onRun } = options;
  const runKeys = Prec.highest(
    keymap.of([
      {
        // Before the default keymap, which inserts a blank line on Mod-Enter.
        key: 'Mod-Enter',
        preventDefault: true,
        run: () => {
          onRun();
          return true;
        },
      },
    ]),
  );
  const notify = EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    if (update.transactions.every((tr) => !tr.docChanged || tr.annotation(programmatic))) return;
    onChange(update.state.doc.toString());
  });
  const state = EditorState.create({
    doc: options.text,
    extensions: [
      runKeys,
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      EditorState.tabSize.of(2),
      indentUnit.of('  '),
      indentOnInput(),
      yaml(),
      syntaxHighlighting(yamlHighlightStyle),
      bracketMatching(),
      highlightActiveLine(),
      // The side panel is narrow: long flow-style lines wrap rather than hide their ends (and errors).
      EditorView.lineWrapping,
      highlightSelectionMatches(),
      search({ top: true }),
      lintGutter(),
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
      editorTheme,
      EditorView.contentAttributes.of({
        'aria-label': 'Scenario YAML',
        'data-testid': 'editor',
        // Focusable by name, so that its scroller counts as one a keyboard can scroll (axe).
        tabindex: '0',
        spellcheck: 'false',
        autocapitalize: 'off',
        autocorrect: 'off',
        ...options.contentAttributes,
      }),
      EditorView.domEventHandlers({
        // A dropped file is the page's to open (see `files.ts`), not text to insert here; the event
        // still bubbles to the page's drop target. Cancelling it keeps the browser from leaving the
        // page to show the file, which would lose the text.
        drop(event) {
          if (!event.dataTransfer?.types.includes('Files')) return false;
          event.preventDefault();
          return true;
        },
      }),
      revealedLine,
      notify,
    ],
  });
  const view = new EditorView({ state, parent });
  let destroyed = false;
  let lastText = options.text;

  return {
    contentElement: view.contentDOM,
    getText() {
      return destroyed ? lastText : view.state.doc.toString();
    },
    setText(text) {
      if (destroyed || text === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: EditorSelection.cursor(0),
        annotations: [programmatic.of(true), isolateHistory.of('full')],
        scrollIntoView: true,
      });
      view.dispatch(setDiagnostics(view.state, []));
    },
    setDiagnostics(errors, warnings, fileName) {
      if (destroyed) return;
      const placed = placeDiagnostics(view.state.doc.toString(), errors, warnings, fileName);
      const shown = placed.map((d) => ({ ...d, renderMessage: () => renderDiagnostic(d) }));
      view.dispatch(setDiagnostics(view.state, shown));
    },
    goTo(line, column) {
      if (destroyed) return;
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(1, Math.floor(line) || 1), doc.lines));
      const offset = target.from + Math.min(Math.max(0, Math.floor(column) - 1 || 0), target.length);
      view.dispatch({
        selection: EditorSelection.cursor(offset),
        effects: EditorView.scrollIntoView(offset, { y: 'center' }),
      });
      view.focus();
    },
    reveal(line, column) {
      if (destroyed) return;
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(1, Math.floor(line) || 1), doc.lines));
      const { start, end } = tokenAt(target.text, column);
      view.dispatch({
        selection: EditorSelection.range(target.from + start, target.from + end),
        effects: [
          setRevealedLine.of(target.from),
          EditorView.scrollIntoView(target.from + start, { y: 'center' }),
        ],
      });
    },
    focus() {
      if (!destroyed) view.focus();
    },
    destroy() {
      if (destroyed) return;
      lastText = view.state.doc.toString();
      destroyed = true;
      view.destroy();
    },
  };
}

/** The tooltip of one diagnostic: its message in bold, then what was expected and found, then the hint. */
function renderDiagnostic(d: PlacedDiagnostic): Node {
  const { data } = d;
  const place = d.displaced ? `${data.file}:${data.line}:${data.column}: ` : null;
  return h(
    'span',
    { class: 'lint-body' },
    h('span', { class: 'lint-message' }, place && h('span', { class: 'lint-place' }, place), data.message),
    data.expected !== undefined &&
      h('span', { class: 'lint-detail' }, h('b', {}, 'expected '), h('code', {}, data.expected)),
    data.found !== undefined &&
      h('span', { class: 'lint-detail' }, h('b', {}, 'found '), h('code', {}, data.found)),
    data.hint !== undefined && h('span', { class: 'lint-hint' }, data.hint),
  );
}
