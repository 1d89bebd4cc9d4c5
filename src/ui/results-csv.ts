/**
 * The results table as CSV for a spreadsheet: one row per figure (section, metric, then one column
 * per variant), numbers as measured (not as formatted), text quoted as RFC 4180 says.
 */
import type { Report } from '../worker/protocol';
import { resultsTable } from './results-table';

/** A field, quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report's results table as CSV text, lines ending in CRLF. */
export function resultsCsv(report: Report): string {
  const table = resultsTable(report);
  const lines = [['section', 'metric', ...table.variants].map(csvField).join(',')];
  for (const section of table.sections) {
    for (const row of section.rows) {
      const cells = row.cells.map((cell) => csvField(row.kind === 'text' ? cell.text : cell.value));
      lines.push([csvField(section.title), csvField(row.label), ...cells].join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
