/**
 * The list of errors and warnings under the editor. Each problem is shown whole, never clipped: its
 * place (`file:line:col`), the field it is about, the message, what was expected and found, and the
 * hint. Clicking its place (or pressing Enter or Space on it) moves the editor to it. Every string
 * goes in as text.
 */
import type { DiagnosticData } from '../worker/protocol';
import { h } from './dom';
import './diagnostics.css';

/** The problem's place as `file:line:col`, the form compilers and `meshsim validate` print. */
export function placeOf(d: DiagnosticData): string {
  return `${d.file}:${d.line}:${d.column}`;
}

/** One problem as a list item: place (a button), field, message, expected, found, hint. */
function item(
  d: DiagnosticData,
  severity: 'error' | 'warning',
  onPick: (d: DiagnosticData) => void,
): HTMLElement {
  const place = h(
    'button',
    {
      type: 'button',
      class: 'diagnostic-place',
      title: 'Show this place in the editor',
      'data-testid': 'diagnostic-place',
    },
    `${placeOf(d)}:`,
  );
  place.addEventListener('click', () => onPick(d));
  const detail = (label: string, value: string | undefined, testId: string): HTMLElement | null =>
    value === undefined || value === ''
      ? null
      : h(
          'div',
          { class: 'diagnostic-detail', 'data-testid': testId },
          h('span', { class: 'diagnostic-label' }, label),
          h('code', {}, value),
        );
  return h(
    'li',
    {
      class: `diagnostic ${severity}`,
      'data-testid': `diagnostic-${severity}`,
      'data-line': d.line,
      'data-column': d.column,
    },
    h(
      'div',
      { class: 'diagnostic-head' },
      h('span', { class: 'severity' }, severity),
      place,
      ' ',
      d.path !== ''
        ? h('code', { class: 'diagnostic-field', 'data-testid': 'diagnostic-field' }, d.path)
        : null,
    ),
    h('p', { class: 'diagnostic-message', 'data-testid': 'diagnostic-message' }, d.message),
    detail('expected', d.expected, 'diagnostic-expected'),
    detail('found', d.found, 'diagnostic-found'),
    d.hint !== undefined && d.hint !== ''
      ? h('p', { class: 'diagnostic-hint', 'data-testid': 'diagnostic-hint' }, d.hint)
      : null,
  );
}

/**
 * Lists `errors` then `warnings` in `list` (hidden when there are none), with a one-line count on top;
 * `onPick` is called with the problem whose place the user activates.
 */
export function showDiagnostics(
  list: HTMLElement,
  errors: readonly DiagnosticData[],
  warnings: readonly DiagnosticData[],
  onPick: (d: DiagnosticData) => void,
): void {
  list.replaceChildren(
    ...errors.map((d) => item(d, 'error', onPick)),
    ...warnings.map((d) => item(d, 'warning', onPick)),
  );
  list.hidden = errors.length + warnings.length === 0;
}

/**
 * Puts `text`, a warning about no place in the text (a shared link that could not be read), at the
 * top of `list`, and shows the list.
 */
export function showListNote(list: HTMLElement, text: string): void {
  list.prepend(
    h(
      'li',
      { class: 'diagnostic warning', 'data-testid': 'diagnostic-note' },
      h('div', { class: 'diagnostic-head' }, h('span', { class: 'severity' }, 'warning')),
      h('p', { class: 'diagnostic-message', 'data-testid': 'diagnostic-message' }, text),
    ),
  );
  list.hidden = false;
}

/**
 * Keeps `--diagnostics-height` on `card` equal to the list's height (0 when hidden), so the editor
 * above it gives up that room and the list is seen whole beside the text it is about. Returns the
 * function that stops watching. Browser only.
 */
export function watchDiagnosticsHeight(list: HTMLElement, card: HTMLElement): () => void {
  const observer = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]?.borderBoxSize?.[0];
    const height = list.hidden ? 0 : Math.ceil(box?.blockSize ?? list.offsetHeight);
    // The list's top margin counts too (10 px in style.css).
    card.style.setProperty('--diagnostics-height', `${height === 0 ? 0 : height + 10}px`);
  });
  observer.observe(list);
  return () => observer.disconnect();
}
