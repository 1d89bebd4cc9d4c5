/**
 * The summary of an imported file (what the import read, dropped and assumed, and each setup's reason
 * for a striking result), beside the diagram at the top of the lesson. Its view (`import-summary.ts`)
 * is loaded when a file is being imported, so that it is at hand when the file opens.
 */
import type { DiagnosticData, ImportFacts, Report, ScenarioSummary } from '../../worker/protocol';
import { h } from '../dom';
import type { renderImportSummary } from '../import-summary';
import { lazy } from '../lazy';

/** An imported file whose summary shows, and the scenario file it became. */
export interface ImportShown {
  /** The file as opened, e.g. `kong.yml`. */
  readonly file: string;
  /** The scenario file it became, e.g. `kong.imported.yaml`: the runs of this name are its runs. */
  readonly forFile: string;
  readonly facts: ImportFacts;
  readonly warnings: readonly DiagnosticData[];
}

/** What the summary reads from the rest of the page. */
export interface ImportPanelHooks {
  /** The variants the diagram draws, by index. */
  drawn(variants: number): readonly number[];
  /** The summary of the scenario shown (its setups). */
  summary(): ScenarioSummary | undefined;
  /** "See all warnings": opens the full list. */
  showWarnings(): void;
}

/** The import summary's place on the page. */
export interface ImportPanel {
  /** Starts loading the view: a file is being imported. */
  prepare(): void;
  /** Shows the summary of `shown`, before its run (no reasons yet). */
  open(shown: ImportShown): void;
  /** Hides the summary: another file opens. */
  close(): void;
  /** Run of file `name` answered with `report`: its summary gets the setups' reasons, or hides if it is another file's. */
  showRun(name: string, report: Report): void;
  /** Draws the summary again with `report`, if it shows (another setup is drawn). */
  redraw(report: Report | undefined): void;
}

/** The import summary, placed before `anchor` (the lesson's steps); `load` fetches its view (tests give their own). */
export function createImportPanel(
  anchor: Element,
  hooks: ImportPanelHooks,
  load: () => Promise<{ readonly renderImportSummary: typeof renderImportSummary }> = () =>
    import('../import-summary'),
): ImportPanel {
  const view = lazy(load);
  const host = h('section', {
    class: 'import-summary',
    'data-testid': 'import-summary',
    'aria-label': 'What the import read and assumed',
    hidden: true,
  });
  // At the top of the lesson, beside the diagram, where the reader looks first after opening the file.
  anchor.before(host);
  let shown: ImportShown | undefined;
  /** The report the summary waits for its view to draw with. */
  let due: { report: Report | undefined } | undefined;

  const draw = (): void => {
    const loaded = view.now;
    if (!loaded || !shown || !due) return;
    const reports = due.report?.variants ?? [];
    due = undefined;
    loaded.renderImportSummary(
      host,
      {
        file: shown.file,
        facts: shown.facts,
        warnings: shown.warnings,
        reports,
        setups: hooks.summary()?.setups,
        drawn: hooks.drawn(reports.length),
      },
      hooks.showWarnings,
    );
  };
  const show = (report: Report | undefined): void => {
    due = { report };
    if (view.now) draw();
    else view.get().then(draw, () => undefined);
  };
  const close = (): void => {
    shown = undefined;
    due = undefined;
    host.hidden = true;
  };

  return {
    prepare: () => void view.get().catch(() => undefined),
    open(next) {
      shown = next;
      show(undefined);
    },
    close,
    showRun(name, report) {
      if (shown?.forFile === name) show(report);
      else close();
    },
    redraw(report) {
      if (!host.hidden) show(report);
    },
  };
}
