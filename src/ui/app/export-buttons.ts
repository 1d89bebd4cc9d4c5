/**
 * The page's downloads: the scenario as YAML, the run's report as JSON and CSV, and each chart as SVG
 * or PNG. The CSV's and the charts' writers (`results-csv.ts`, `export-chart.ts`) load on the first
 * click that needs them; that click downloads once they have.
 */
import type { Report } from '../../worker/protocol';
import type { CompareTable } from '../compare-table';
import type { exportPng, exportSvg } from '../export-chart';
import type { resultsCsv } from '../results-csv';
import { downloadText, fileNameFor } from '../files';
import { lazy } from '../lazy';

/** The export buttons of the page's header. */
export interface ExportButtons {
  readonly yaml: HTMLButtonElement;
  readonly json: HTMLButtonElement;
  readonly csv: HTMLButtonElement;
  /** The charts' buttons: `data-export` names the chart, `data-format` is `svg` (default) or `png`. */
  readonly charts: Iterable<HTMLButtonElement>;
}

/** What the exports hold, read at the click. */
export interface ExportSources {
  /** The scenario's name, the files' names start with it. */
  title(): string;
  /** The scenario's text, as in the editor. */
  text(): string;
  /** The report of the latest run that succeeded. */
  report(): Report | undefined;
  /** The compare table the CSV of `report` adds, if any. */
  csvComparison(report: Report): Promise<CompareTable | undefined>;
  /** Chart `name` as an SVG document, whole (not up to the playhead); undefined for no such chart. */
  chartSvg(name: string): string | undefined;
  /** An export failed. */
  onError(error: unknown): void;
}

/** The writers the exports load when first used; tests give their own. */
export interface ExportWriters {
  csv(): Promise<{ readonly resultsCsv: typeof resultsCsv }>;
  chart(): Promise<{ readonly exportPng: typeof exportPng; readonly exportSvg: typeof exportSvg }>;
}

const WRITERS: ExportWriters = {
  csv: () => import('../results-csv'),
  chart: () => import('../export-chart'),
};

/** Listens on the export buttons; `writers` load the CSV's and the charts' writers. */
export function installExportButtons(
  buttons: ExportButtons,
  sources: ExportSources,
  writers: ExportWriters = WRITERS,
): void {
  const csv = lazy(writers.csv);
  const chart = lazy(writers.chart);
  buttons.yaml.addEventListener('click', () => downloadText(fileNameFor(sources.title()), sources.text()));
  buttons.json.addEventListener('click', () => {
    const report = sources.report();
    if (report)
      downloadText(
        fileNameFor(sources.title(), '.json'),
        `${JSON.stringify(report, null, 2)}\n`,
        'application/json',
      );
  });
  buttons.csv.addEventListener('click', () => {
    const report = sources.report();
    if (!report) return;
    const name = fileNameFor(sources.title(), '.csv');
    Promise.all([csv.get(), sources.csvComparison(report)]).then(
      ([{ resultsCsv }, comparison]) => downloadText(name, resultsCsv(report, comparison), 'text/csv'),
      sources.onError,
    );
  });
  for (const button of buttons.charts) {
    button.addEventListener('click', () => {
      const file = sources.chartSvg(button.dataset.export ?? '');
      if (file === undefined) return;
      const name = fileNameFor(`${sources.title()} ${button.dataset.export}`, '').replace(/\.$/, '');
      const png = button.dataset.format === 'png';
      chart
        .get()
        .then(({ exportPng, exportSvg }) => (png ? exportPng(name, file) : exportSvg(name, file)))
        .catch(sources.onError);
    });
  }
}
