/** Draws a `ResultsTable` as an HTML table: variants as columns, metric rows grouped in sections. */
import { h } from './dom';
import type { ResultRow, ResultsTable } from './results-table';

function valueCell(row: ResultRow, cell: ResultRow['cells'][number]): HTMLTableCellElement {
  const td = h(
    'td',
    {
      'data-testid': row.key,
      'data-variant': cell.variant,
      'data-value': cell.value === null ? undefined : cell.value,
      class: `value ${row.kind}`,
    },
    cell.text,
  );
  if (row.kind === 'share' && cell.value !== null) {
    const fill = h('span', { class: 'meter-fill' });
    // Setting a style property through the CSSOM is allowed by the page's style policy.
    fill.style.width = `${Math.min(100, Math.max(0, cell.value * 100))}%`;
    // A high share is hot where it is not good (a busy component), never for success.
    if (cell.value >= 0.85 && row.better !== 'higher') fill.classList.add('hot');
    td.prepend(h('span', { class: 'meter', 'aria-hidden': 'true' }, fill));
  }
  return td;
}

/** A table element for `table`. */
export function resultsView(table: ResultsTable): HTMLTableElement {
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'metric' }, 'Metric'),
      ...table.variants.map((name) => h('th', { scope: 'col' }, name)),
    ),
  );
  const bodies = table.sections
    .filter((section) => section.rows.length > 0)
    .map((section) =>
      h(
        'tbody',
        {},
        h(
          'tr',
          { class: 'section' },
          h('th', { scope: 'colgroup', colspan: table.variants.length + 1 }, section.title),
        ),
        ...section.rows.map((row) =>
          h('tr', {}, h('th', { scope: 'row' }, row.label), ...row.cells.map((cell) => valueCell(row, cell))),
        ),
      ),
    );
  return h('table', { class: 'results', 'data-testid': 'results-table' }, head, ...bodies);
}
