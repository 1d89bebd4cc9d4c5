/**
 * Which run the diagram, tiles and charts draw, and the mark that says when they are not those of the
 * file in the editor (another file opens, the text was edited, a run failed): the figures stay on
 * screen, marked, rather than vanish.
 */
import { staleText, type StaleReason } from '../stale-mark';

/** A re-run of the same file is marked stale only if it takes longer than this, ms: a quick one would flash. */
export const STALE_RERUN_DELAY_MS = 400;

/** The run whose figures are drawn: its file and scenario name. */
export interface DrawnRun {
  readonly file: string;
  readonly name: string;
}

/** The figures drawn, and their mark. */
export interface StaleFigures {
  /** The run drawn, if any. */
  readonly drawn: DrawnRun | undefined;
  /** Marks the figures drawn as not those of `file`, for `reason`; nothing when none are drawn. */
  markStale(reason: StaleReason, file: string): void;
  /** The figures drawn are now those of run `file` (scenario `name`). */
  markCurrent(file: string, name: string): void;
}

/** The stale marks, shown with `mark` (see `stale-mark.ts`; undefined removes it). */
export function createStaleFigures(mark: { set(text: string | undefined): void }): StaleFigures {
  let drawn: DrawnRun | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    get drawn() {
      return drawn;
    },
    markStale(reason, file) {
      clearTimeout(timer);
      if (!drawn) return;
      const text = staleText({ reason, drawnName: drawn.name, drawnFile: drawn.file, file });
      if (reason === 'running' && file === drawn.file)
        timer = setTimeout(() => mark.set(text), STALE_RERUN_DELAY_MS);
      else mark.set(text);
    },
    markCurrent(file, name) {
      clearTimeout(timer);
      drawn = { file, name };
      mark.set(undefined);
    },
  };
}
