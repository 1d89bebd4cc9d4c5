/**
 * The status line and the controls that follow a run: the line's text and its `data-state` (which
 * the browser tests wait on), the Run button that becomes Stop while a run or its replications go,
 * the Stop button beside the progress bar, and the bar.
 */

/**
 * What the status line says about the page; also its `data-state` attribute, which tests wait on (with
 * `data-run`, the number of the latest run).
 */
export type Phase = 'starting' | 'running' | 'done' | 'invalid' | 'failed' | 'stopped' | 'edited';

/** The elements the status line drives. */
export interface StatusElements {
  readonly status: HTMLElement;
  readonly run: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly progress: HTMLProgressElement;
}

/** How far the replications of the latest run are, as the Run button and the bar show them. */
export interface ReplicationProgress {
  /** Whether they still run. */
  readonly going: boolean;
  /** Replications done and asked for, when there are any. */
  readonly current: { readonly done: number; readonly count: number } | undefined;
}

/** The status line. */
export interface StatusLine {
  /** Says `text`, the page being in `phase`. */
  set(phase: Phase, text: string): void;
  /** The phase said last. */
  readonly phase: Phase | undefined;
  /** Run `id` begins (`data-run`). */
  setRun(id: number): void;
  /** A run goes (the Run button stops it, the bar starts from 0) or has ended. */
  setRunning(on: boolean): void;
  /** Whether a run goes. */
  readonly running: boolean;
  /** The replications moved on: the buttons and the bar follow. */
  refresh(): void;
  /** The run's progress, 0 to 1. */
  setProgress(fraction: number): void;
}

/** The status line of `ui`; `replications` says how far the latest run's replications are. */
export function createStatusLine(ui: StatusElements, replications: ReplicationProgress): StatusLine {
  let running = false;
  /** The Run button stops a run, or the replications after it, while either goes; the bar shows progress. */
  const refresh = (): void => {
    const busy = running || replications.going;
    ui.run.textContent = busy ? 'Stop' : 'Run';
    ui.run.classList.toggle('stop', busy);
    ui.run.setAttribute(
      'aria-label',
      running ? 'Stop the run' : busy ? 'Stop the replications' : 'Run the scenario',
    );
    ui.progress.hidden = !busy;
    // Beside the bar, in every tab (the Run button is the editor's).
    ui.stop.hidden = !busy;
    ui.stop.setAttribute('aria-label', running ? 'Stop the run' : 'Stop the replications');
    const r = replications.current;
    if (!running && r && busy) ui.progress.value = r.done / r.count;
  };
  return {
    set(phase, text) {
      ui.status.dataset.state = phase;
      ui.status.textContent = text;
    },
    get phase() {
      return ui.status.dataset.state as Phase | undefined;
    },
    setRun(id) {
      ui.status.dataset.run = String(id);
    },
    setRunning(on) {
      running = on;
      refresh();
      if (on) ui.progress.value = 0;
    },
    get running() {
      return running;
    },
    refresh,
    setProgress(fraction) {
      ui.progress.value = fraction;
    },
  };
}
