/**
 * Outcome classes of an HTTP status, as the diagram and charts colour them: one Okabe-Ito colour and
 * one shape each, so that colour is never the only cue. The classes are the model's (`OUTCOMES`), the
 * looks the diagram's dots (`DOT_STYLES`): one definition of each for every view.
 */
import { OUTCOMES as OUTCOME_NAMES, outcomeOf as outcomeIndex, type Outcome } from '../../worker/frames';
import { DOT_STYLES, PENDING_CLASS, type DotShape } from '../topology/dot-style';

export type { Outcome };

/** Every outcome, in the order filters and legends list them. */
export const OUTCOMES: readonly Outcome[] = OUTCOME_NAMES;

/**
 * The outcome class of a status (499 and 504 are timeouts, 429 throttled; see the model's
 * `outcomeOf`); `null` for status 0: still open, or a span that has no status (a backoff).
 */
export function outcomeOf(status: number): Outcome | null {
  return status > 0 ? OUTCOMES[outcomeIndex(status)] : null;
}

/** Words for an outcome, for text beside its marker and for screen readers. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  ok: 'ok',
  '4xx': 'client error',
  '429': 'throttled',
  '5xx': 'server error',
  timeout: 'timed out',
};

/**
 * What to print for a status: `200`, `429 throttled`, `504 timed out`; `open` while waiting, and an
 * empty string for a closed span without a status.
 */
export function statusText(status: number, open: boolean): string {
  if (open) return 'open';
  const outcome = outcomeOf(status);
  if (outcome === null) return '';
  return outcome === 'ok' ? String(status) : `${status} ${OUTCOME_WORDS[outcome]}`;
}

/** The shape an outcome's marker has: the diagram's dot shapes. */
export type MarkerShape = DotShape;

/** How an outcome's marker looks: the colour and shape the topology diagram's dots use. */
export interface OutcomeLook {
  readonly color: string;
  readonly shape: MarkerShape;
}

/** By outcome, then `open` for a span or request still waiting for its answer: the dots' looks. */
export const OUTCOME_LOOKS: Readonly<Record<Outcome | 'open', OutcomeLook>> = Object.fromEntries([
  ...OUTCOMES.map((outcome, i) => [outcome, { color: DOT_STYLES[i].color, shape: DOT_STYLES[i].shape }]),
  ['open', { color: DOT_STYLES[PENDING_CLASS].color, shape: DOT_STYLES[PENDING_CLASS].shape }],
]) as Record<Outcome | 'open', OutcomeLook>;
