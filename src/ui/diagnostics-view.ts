/** The list of errors and warnings under the editor. Each entry moves the editor's cursor to its place. */
import type { DiagnosticData } from '../worker/protocol';
import { h } from './dom';

/** Lists `errors` then `warnings`; `onPick` is called with the diagnostic the user clicks. */
export function showDiagnostics(
  list: HTMLElement,
  errors: readonly DiagnosticData[],
  warnings: readonly DiagnosticData[],
  onPick: (d: DiagnosticData) => void,
): void {
  const item = (d: DiagnosticData, severity: 'error' | 'warning'): HTMLElement => {
    const button = h(
      'button',
      { type: 'button', class: 'diagnostic-text', title: 'Show this place in the editor' },
      d.text,
    );
    button.addEventListener('click', () => onPick(d));
    return h(
      'li',
      {
        class: `diagnostic ${severity}`,
        'data-testid': `diagnostic-${severity}`,
        'data-line': d.line,
        'data-column': d.column,
      },
      h('span', { class: 'severity' }, severity),
      button,
    );
  };
  list.replaceChildren(...errors.map((d) => item(d, 'error')), ...warnings.map((d) => item(d, 'warning')));
  list.hidden = errors.length + warnings.length === 0;
}
