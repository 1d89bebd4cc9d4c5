/**
 * The mark on figures that no longer match the text: while a new file or an edit runs, and after a
 * run that found errors, failed or was stopped, the diagram, the key figures and the charts still show
 * the last run that succeeded. They are dimmed, and a line over the diagram says whose they are and
 * why the new ones are not in ("These figures are of E-commerce behind a gateway; kong.yml has not
 * run yet"). Names go in as text.
 */
import { h } from './dom';
import './stale-mark.css';

/** Why the figures shown are not those of the text in the editor. */
export type StaleReason = 'running' | 'edited' | 'invalid' | 'failed' | 'stopped';

/** What the figures shown are of, and what the editor holds instead. */
export interface StaleFacts {
  readonly reason: StaleReason;
  /** The scenario name of the run drawn. */
  readonly drawnName: string;
  /** The file of the run drawn, and the file in the editor now (the same for an edit or a re-run). */
  readonly drawnFile: string;
  readonly file: string;
}

/** The sentence over stale figures: whose they are, then why the new ones are not there. */
export function staleText(facts: StaleFacts): string {
  const same = facts.drawnFile === facts.file;
  const whose = same
    ? `These figures are of the last run of “${facts.drawnName}”`
    : `These figures are of “${facts.drawnName}”`;
  const what = same ? 'the changed text' : facts.file;
  switch (facts.reason) {
    case 'running':
      return `${whose}; ${what} is running and has not given its numbers yet.`;
    case 'edited':
      return `${whose}; ${what} has not run yet (Run or Ctrl+Enter).`;
    case 'invalid':
      return `${whose}; ${what} has errors and has not run.`;
    case 'failed':
      return `${whose}; the run of ${what} failed.`;
    case 'stopped':
      return `${whose}; the run of ${what} was stopped.`;
  }
}

/** The mark over a set of views. */
export interface StaleMark {
  /** Marks the views stale with `text`, or clears the mark (`undefined`). */
  set(text: string | undefined): void;
  /** The text shown, or `undefined` when the views are current. */
  readonly text: string | undefined;
}

/**
 * A mark whose line goes before `before` (inside its parent) and which sets `data-stale` on each of
 * `views` while it is up (the stylesheet dims them).
 */
export function createStaleMark(before: HTMLElement, views: readonly HTMLElement[]): StaleMark {
  const line = h('p', { class: 'stale-line', 'data-testid': 'stale-mark', hidden: true });
  before.before(line);
  let shown: string | undefined;
  return {
    set(text) {
      if (text === shown) return;
      shown = text;
      line.textContent = text ?? '';
      line.hidden = text === undefined;
      for (const view of views) {
        if (text === undefined) view.removeAttribute('data-stale');
        else view.setAttribute('data-stale', 'true');
      }
    },
    get text() {
      return shown;
    },
  };
}
