/**
 * The editor's look: a calm light theme on the page's colours (the CSS variables of `style.css`, with
 * the Okabe-Ito palette for errors and warnings) and a syntax highlighting that keeps plain values in
 * the ink colour and sets keys, strings, comments and markers apart.
 */
import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/** Okabe-Ito vermilion and orange, as `--err` and `--warn` (an SVG data URL cannot read variables). */
const ERROR = '#d55e00';
const WARNING = '#e69f00';

/** A CSS `url()` of an SVG image holding `content` (the page's CSP allows `data:` images). */
function svgUrl(content: string, attributes = 'viewBox="0 0 40 40"'): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" ${attributes}>${content}</svg>`;
  return `url('data:image/svg+xml,${encodeURIComponent(svg)}')`;
}

/** A wavy underline in `color`, as CodeMirror draws lint ranges. */
function underline(color: string): string {
  const path = `<path d="m0 2.5 l2 -1.5 l1 0 l2 1.5 l1 0" stroke="${color}" fill="none" stroke-width=".9"/>`;
  return svgUrl(path, 'width="6" height="3"');
}

/** The editor's frame, gutters, cursor, selection, focus ring and lint marks. */
export const editorTheme = EditorView.theme(
  {
    '&': {
      // Its own height below, not the flex row's: a grown editor would push the problems out of sight.
      flex: 'none',
      // The problems listed under the editor take their room from it (`--diagnostics-height`, set by
      // the page as the list changes), so the first error's line and its whole text show together.
      minHeight: '240px',
      // 280 px: the page's top bar, the side panel's name, status line and tabs, and the Run row.
      height: 'calc(100vh - 280px - var(--diagnostics-height, 0px))',
      color: 'var(--ink)',
      backgroundColor: '#fbfcfd',
      border: '1px solid var(--line)',
      borderRadius: '8px',
      fontSize: '12.5px',
    },
    '&.cm-focused': {
      outline: '2px solid var(--sky)',
      outlineOffset: '2px',
    },
    '.cm-scroller': {
      fontFamily: 'var(--mono)',
      lineHeight: '1.55',
      borderRadius: '8px',
    },
    '.cm-content': {
      padding: '10px 0',
      caretColor: 'var(--ink)',
    },
    '.cm-line': {
      padding: '0 12px 0 6px',
    },
    '.cm-cursor, .cm-dropCursor': {
      borderLeftColor: 'var(--ink)',
    },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
      { backgroundColor: '#d3e5f3' },
    '.cm-revealed-line, .cm-revealed-line.cm-activeLine': {
      backgroundColor: '#fbe3d6',
      boxShadow: `inset 3px 0 0 ${ERROR}`,
    },
    '.cm-activeLine': {
      backgroundColor: '#f1f4f9',
    },
    '.cm-gutters': {
      // Line numbers are text: the muted ink reads at 4.5:1 on the gutter (#8a91a0 was 2.97:1).
      color: 'var(--mute)',
      backgroundColor: 'var(--bg)',
      borderRight: '1px solid var(--soft)',
      borderTopLeftRadius: '8px',
      borderBottomLeftRadius: '8px',
    },
    '.cm-activeLineGutter': {
      color: 'var(--ink)',
      backgroundColor: 'var(--soft)',
    },
    '.cm-lineNumbers .cm-gutterElement': {
      padding: '0 6px 0 10px',
    },
    '&.cm-focused .cm-matchingBracket': {
      backgroundColor: '#d9ecd9',
      outline: '1px solid #9cc9a8',
    },
    '&.cm-focused .cm-nonmatchingBracket': {
      backgroundColor: '#fbe3d6',
    },
    '.cm-searchMatch': {
      backgroundColor: '#fbe9b7',
    },
    '.cm-searchMatch.cm-searchMatch-selected': {
      backgroundColor: '#f5d27a',
    },
    '.cm-selectionMatch': {
      backgroundColor: '#e4eef7',
    },
    '.cm-panels': {
      color: 'var(--ink)',
      backgroundColor: 'var(--bg)',
    },
    '.cm-panels.cm-panels-bottom': {
      borderTop: '1px solid var(--line)',
    },
    '.cm-tooltip': {
      color: 'var(--ink)',
      backgroundColor: 'var(--card)',
      border: '1px solid var(--line)',
      borderRadius: '6px',
      boxShadow: '0 4px 14px rgba(29, 36, 51, 0.12)',
      maxWidth: 'min(560px, 90vw)',
    },
    '.cm-tooltip-lint': {
      overflow: 'hidden',
    },
    '.cm-diagnostic': {
      padding: '6px 10px',
      fontFamily: 'system-ui, sans-serif',
      fontSize: '12.5px',
      lineHeight: '1.45',
    },
    '.cm-diagnostic-error': { borderLeft: `3px solid ${ERROR}` },
    '.cm-diagnostic-warning': { borderLeft: `3px solid ${WARNING}` },
    '.cm-diagnostic .lint-message': { display: 'block', fontWeight: '600' },
    '.cm-diagnostic .lint-place': { fontFamily: 'var(--mono)', fontWeight: '400', color: 'var(--mute)' },
    '.cm-diagnostic .lint-detail': { display: 'block', marginTop: '2px', color: 'var(--ink)' },
    '.cm-diagnostic .lint-detail b': { fontWeight: '600', color: 'var(--mute)' },
    '.cm-diagnostic .lint-detail code': { fontFamily: 'var(--mono)', fontSize: '12px' },
    '.cm-diagnostic .lint-hint': { display: 'block', marginTop: '2px', color: 'var(--mute)' },
    '.cm-lintRange-error': { backgroundImage: underline(ERROR) },
    '.cm-lintRange-warning': { backgroundImage: underline(WARNING) },
    '.cm-lintRange-active': { backgroundColor: '#fdf1ea' },
    '.cm-lintPoint-error:after': { borderBottomColor: ERROR },
    '.cm-lintPoint-warning:after': { borderBottomColor: WARNING },
    // Gutter markers in the same colours, a circle for an error and a triangle for a warning.
    '.cm-lint-marker-error': {
      content: svgUrl('<circle cx="20" cy="20" r="14" fill="#f6c9ad" stroke="#d55e00" stroke-width="6"/>'),
    },
    '.cm-lint-marker-warning': {
      content: svgUrl(
        '<path fill="#fbe3a6" stroke="#e69f00" stroke-width="6" stroke-linejoin="round" d="M20 6L37 35L3 35Z"/>',
      ),
    },
  },
  { dark: false },
);

/** Keys in blue, strings in green, comments muted, anchors and tags in purple; values stay ink. */
export const yamlHighlightStyle = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: '#0b5d8f' },
  { tag: tags.string, color: '#1f6f4f' },
  { tag: tags.special(tags.string), color: '#8a3f73' },
  { tag: tags.content, color: 'var(--ink)' },
  { tag: tags.lineComment, color: 'var(--mute)', fontStyle: 'italic' },
  { tag: tags.meta, color: 'var(--mute)', fontWeight: '600' },
  { tag: [tags.labelName, tags.typeName], color: '#8a3f73' },
  { tag: tags.keyword, color: '#8a3f73' },
  { tag: tags.attributeValue, color: '#1f6f4f' },
  { tag: [tags.separator, tags.punctuation, tags.squareBracket, tags.brace], color: '#5f6778' },
]);
