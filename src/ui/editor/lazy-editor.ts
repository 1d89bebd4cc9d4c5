/**
 * The scenario editor, loaded when it is first needed. CodeMirror and its YAML parser are most of the
 * page's script, and the editor sits on a tab the first screen hides: until `load()` (the Editor tab
 * opened, a problem picked), the text lives here as a plain string, so the page can run and show the
 * scenario's numbers without it. Once loaded, every call goes to the real editor (`yaml-editor.ts`).
 */
import { h } from '../dom';
import type { YamlEditor, YamlEditorOptions } from './yaml-editor';

/**
 * The editor as the page uses it, whether CodeMirror has loaded yet or not: the real editor's calls
 * (`yaml-editor.ts`), the text and diagnostics kept here until it loads; `goTo`, `reveal` and `focus`
 * load it first.
 */
export interface LazyYamlEditor extends Pick<
  YamlEditor,
  'getText' | 'setText' | 'setDiagnostics' | 'goTo' | 'reveal' | 'focus'
> {
  /**
   * Loads CodeMirror (once) and puts the editor, holding the current text and diagnostics, into the
   * parent; resolves to it. Calls made while it loads are applied in order.
   */
  load(): Promise<YamlEditor>;
  /** True once the real editor is in the page. */
  readonly loaded: boolean;
}

/** Line breaks as CodeMirror reads them: `\r\n`, `\r` and `\n` are all one break, given back as `\n`. */
function normalizeBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The editor of `options.text` in `parent`, not loaded until `load()`, `goTo()` or `focus()`. */
export function createLazyEditor(parent: HTMLElement, options: YamlEditorOptions): LazyYamlEditor {
  let text = normalizeBreaks(options.text);
  let diagnostics: Parameters<YamlEditor['setDiagnostics']> | undefined;
  let real: YamlEditor | undefined;
  let loading: Promise<YamlEditor> | undefined;
  const placeholder = h('p', { class: 'editor-loading', role: 'status' }, 'Loading the editor…');

  const load = (): Promise<YamlEditor> => {
    if (!real && !placeholder.isConnected) parent.append(placeholder);
    loading ??= import('./yaml-editor').then(
      ({ createYamlEditor }) => {
        placeholder.remove();
        real = createYamlEditor(parent, { ...options, text });
        if (diagnostics) real.setDiagnostics(...diagnostics);
        diagnostics = undefined;
        return real;
      },
      (error: unknown) => {
        // A failed chunk load (offline, a redeploy) is retried on the next call, with a word on why.
        loading = undefined;
        placeholder.textContent = 'The editor could not be loaded; reload the page to edit the text.';
        throw error;
      },
    );
    return loading;
  };

  return {
    getText: () => (real ? real.getText() : text),
    setText(next) {
      if (real) return real.setText(next);
      const normalized = normalizeBreaks(next);
      if (normalized === text) return;
      text = normalized;
      diagnostics = undefined;
    },
    setDiagnostics(errors, warnings, fileName) {
      if (real) return real.setDiagnostics(errors, warnings, fileName);
      diagnostics = [errors, warnings, fileName];
    },
    goTo(line, column) {
      void load().then(
        (editor) => editor.goTo(line, column),
        () => undefined,
      );
    },
    reveal(line, column) {
      void load().then(
        (editor) => editor.reveal(line, column),
        () => undefined,
      );
    },
    focus() {
      void load().then(
        (editor) => editor.focus(),
        () => undefined,
      );
    },
    load,
    get loaded() {
      return real !== undefined;
    },
  };
}
