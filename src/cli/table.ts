/** Plain-text tables with aligned columns, for terminals and logs. */
import { terminalSafe } from '../scenario/echo';

/** A column's heading and how its cells line up. */
export interface Column {
  readonly header: string;
  /** Default `left`; numbers use `right`. */
  readonly align?: 'left' | 'right';
}

/** Layout options of {@link renderTable}. */
export interface TableOptions {
  /** Put before every line; default none. */
  readonly indent?: string;
  /** Spaces between columns; default 2. */
  readonly gap?: number;
}

/**
 * Lays out `rows` under `columns`, each column as wide as its widest cell (counted in code points),
 * and returns the lines without trailing spaces, each ending in a newline. A missing cell is empty.
 * Cells and headers hold names from files, so each is made `terminalSafe` before it is measured.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const indent = options.indent ?? '';
  const gap = ' '.repeat(options.gap ?? 2);
  const all = [columns.map((c) => c.header), ...rows].map((row) => row.map((cell) => terminalSafe(cell)));
  const widths = columns.map((_, i) => Math.max(...all.map((row) => width(row[i] ?? ''))));
  return all
    .map((row) => {
      const cells = columns.map((column, i) => {
        const cell = row[i] ?? '';
        const pad = ' '.repeat(widths[i] - width(cell));
        return column.align === 'right' ? pad + cell : cell + pad;
      });
      return `${indent}${cells.join(gap)}`.trimEnd() + '\n';
    })
    .join('');
}

/** Display width of a cell: its code points (the reports use no wide characters). */
function width(text: string): number {
  return [...text].length;
}
