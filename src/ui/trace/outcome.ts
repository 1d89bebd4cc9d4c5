/**
 * Outcome classes of an HTTP status, as the diagram and charts colour them: one Okabe-Ito colour and
 * one shape each, so that colour is never the only cue.
 */

/** How a span or request ended. */
export type Outcome = 'ok' | '4xx' | '429' | '5xx' | 'timeout';

/** Every outcome, in the order filters and legends list them. */
export const OUTCOMES: readonly Outcome[] = ['ok', '4xx', '429', '5xx', 'timeout'];

/**
 * The outcome class of a status: 499 and 504 are timeouts, 429 is its own class (throttled), other
 * 5xx and 4xx are errors, anything else below 400 is ok. `null` for status 0: still open, or a span
 * that has no status (a backoff).
 */
export function outcomeOf(status: number): Outcome | null {
  if (!(status > 0)) return null;
  if (status === 499 || status === 504) return 'timeout';
  if (status === 429) return '429';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return 'ok';
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

/** The shape an outcome's marker has. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'ring' | 'dot';

/** How an outcome's marker looks: the colour and shape the topology diagram's dots use. */
export interface OutcomeLook {
  readonly color: string;
  readonly shape: MarkerShape;
}

/** By outcome, then `open` for a span or request still waiting for its answer. */
export const OUTCOME_LOOKS: Readonly<Record<Outcome | 'open', OutcomeLook>> = {
  ok: { color: '#009e73', shape: 'circle' },
  '4xx': { color: '#cc79a7', shape: 'square' },
  '429': { color: '#e69f00', shape: 'triangle' },
  '5xx': { color: '#d55e00', shape: 'diamond' },
  timeout: { color: '#5f6778', shape: 'ring' },
  open: { color: '#8a93a3', shape: 'dot' },
};
