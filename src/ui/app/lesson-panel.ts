/**
 * The Lesson tab: the scenario's name and its steps, each "try this" button that sets values and runs
 * again, the sliders beside the action that sets them (the others in "More to turn"), and the claims.
 * The sliders' and buttons' YAML editing loads apart from the page (`knobs/scenario-edits.ts`).
 */
import type { ScenarioSummary } from '../../worker/protocol';
import { h } from '../dom';
import { rememberFocus, type FocusMemory } from '../knobs/focus-memory';
import { renderKnobs } from '../knobs/knob-panel';
import type { Knob } from '../knobs/knobs';
import { lessonKnobHosts, showScenario, type ScenarioElements } from '../scenario-view';
import type { ClaimsPanel } from './claims-panel';
import type { Replications } from './replication-runs';

/** The sliders' and try-this buttons' YAML editing, loaded apart from the page (see `scenario-edits.ts`). */
const scenarioEdits = () => import('../knobs/scenario-edits');

/** The text the lesson's controls edit. */
export interface LessonText {
  getText(): string;
  setText(text: string): void;
}

/** What the lesson's controls do besides editing the text. */
export interface LessonHooks {
  /** Runs the text again for a control the reader used; `focus` goes back to it once the run is drawn. */
  rerun(focus: FocusMemory): void;
  /** The replications of the latest run, for the claims' verdicts. */
  replications(): Replications | undefined;
}

/** The lesson of the scenario shown. */
export interface LessonPanel {
  /** The scenario shown, once a run or a check has read one. */
  readonly summary: ScenarioSummary | undefined;
  /** Shows `summary`'s lesson, sliders and claims. */
  show(summary: ScenarioSummary): void;
  /** Draws the sliders again (after a run: the text may have changed). */
  showKnobs(): Promise<void>;
  /** Draws the claims again (the replications moved on). */
  showClaims(): void;
}

/** The lesson in `ui`, its controls editing `text`, its claims in `claims`. */
export function createLessonPanel(
  ui: ScenarioElements,
  text: LessonText,
  claims: ClaimsPanel,
  hooks: LessonHooks,
): LessonPanel {
  let summaryShown: ScenarioSummary | undefined;
  /** Some slider of the lesson shown goes beside no "try this" action (its "More to turn" step is drawn). */
  let moreToTurn = false;

  /** A slider moved: write its value into the text and run again at once (a run still going is abandoned). */
  const onKnob = (knob: Knob, value: number): void => {
    const focus = rememberFocus();
    void scenarioEdits().then(({ applyKnob }) => {
      const next = applyKnob(text.getText(), knob, value);
      if (next === text.getText()) return;
      text.setText(next);
      hooks.rerun(focus);
    });
  };

  /** The button of the lesson's `tryThis[index]`: sets its values and runs again. */
  const tryThisButton = (index: number): HTMLElement => {
    const label = summaryShown?.tryThis[index]?.label ?? '';
    const button = h(
      'button',
      { type: 'button', class: 'try', 'data-testid': 'try-this' },
      label.charAt(0).toUpperCase() + label.slice(1),
    );
    button.addEventListener('click', () => {
      // The action of the file shown now: an edit may have changed what it sets.
      const action = summaryShown?.tryThis[index];
      if (!action) return;
      const focus = rememberFocus();
      void scenarioEdits().then(({ applySettings }) => {
        text.setText(applySettings(text.getText(), action.set));
        hooks.rerun(focus);
      });
    });
    return button;
  };

  /** The lesson as steps; true when they were drawn anew (another lesson, or its text changed). */
  const showLesson = (summary: ScenarioSummary): boolean =>
    showScenario(ui, summary, { actionButton: tryThisButton, hasMoreToTurn: moreToTurn });

  /** The sliders in the lesson: each beside the action that sets its value, the others in "More to turn". */
  const showKnobs = (): Promise<void> =>
    scenarioEdits().then(({ findKnobs, placeKnobs }) => {
      const summary = summaryShown;
      if (!summary) return;
      const now = text.getText();
      const placed = placeKnobs(now, summary.tryThis, findKnobs(now));
      if (moreToTurn !== placed.rest.length > 0) {
        moreToTurn = placed.rest.length > 0;
        showLesson(summary);
      }
      const hosts = lessonKnobHosts(ui.steps);
      hosts.beside.forEach((host, i) => {
        const knobs = placed.beside[i] ?? [];
        host.hidden = knobs.length === 0;
        renderKnobs(host, knobs, onKnob);
      });
      if (hosts.rest) renderKnobs(hosts.rest, placed.rest, onKnob);
    });

  const showClaims = (): void => claims.show(summaryShown?.expect ?? [], hooks.replications());

  return {
    get summary() {
      return summaryShown;
    },
    show(summary) {
      summaryShown = summary;
      // A lesson drawn anew has empty places for its sliders: fill them without waiting for the run.
      if (showLesson(summary)) void showKnobs();
      showClaims();
    },
    showKnobs,
    showClaims,
  };
}
