/**
 * The results table as CSV for a spreadsheet: one row per figure (section, metric, then one column
 * per variant), numbers as measured (not as formatted), text quoted as RFC 4180 says.
 */
import type { Report } from '../worker/protocol';
import type { CompareTable } from './compare-table';
import { resultsTable } from './results-table';

/** A field, quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The compare view as CSV lines: its caption, then one row per figure with each variant's mean (and
 * 95 % half-width over replications) and, after the first variant, its change Δ (with its half-width)
 * and Δ% as a fraction. Numbers as computed, not as formatted.
 */
export function comparisonCsvLines(table: CompareTable): string[] {
  const first = table.sections[0]?.rows[0]?.cells ?? [];
  const headers = first.flatMap((cell) => {
    const name =
      cell.column === 'value'
        ? `${cell.variant}${table.replicated ? ' mean' : ''}`
        : `${cell.variant} ${cell.column === 'delta' ? 'Δ' : 'Δ%'}`;
    return cell.column === 'relative' || !table.replicated ? [name] : [name, `${name} ±95%`];
  });
  const lines = [
    [csvField('comparison'), csvField(table.caption)].join(','),
    ['section', 'metric', ...headers].map(csvField).join(','),
  ];
  for (const section of table.sections) {
    for (const row of section.rows) {
      const cells = row.cells.flatMap((cell) =>
        cell.column === 'relative' || !table.replicated
          ? [csvField(cell.value)]
          : [csvField(cell.value), csvField(cell.halfWidth)],
      );
      lines.push([csvField(section.title), csvField(row.label), ...cells].join(','));
    }
  }
  return lines;
}

/**
 * The report's results table as CSV text, lines ending in CRLF; with `comparison` (a file with
 * variants), the compare view follows after an empty line.
 */
export function resultsCsv(report: Report, comparison?: CompareTable): string {
  const table = resultsTable(report);
  const lines = [['section', 'metric', ...table.variants].map(csvField).join(',')];
  for (const section of table.sections) {
    for (const row of section.rows) {
      const cells = row.cells.map((cell) => csvField(cell.value));
      lines.push([csvField(section.title), csvField(row.label), ...cells].join(','));
    }
  }
  if (comparison) lines.push('', ...comparisonCsvLines(comparison));
  return `${lines.join('\r\n')}\r\n`;
}
