/**
 * The outcome classes of a request or a try (ok, 4xx, 429, 5xx, timeout): the report's series count
 * by them and the page colours by them.
 */
/** How a request (or one try of it) ended, for colours and shapes. Indices into `OUTCOMES`. */
export const OUTCOMES = ['ok', '4xx', '429', '5xx', 'timeout'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_OK = 0;
export const OUTCOME_4XX = 1;
export const OUTCOME_429 = 2;
export const OUTCOME_5XX = 3;
export const OUTCOME_TIMEOUT = 4;
/** A try whose reply has not come back yet. */
export const OUTCOME_PENDING = 255;

/** The outcome class of an HTTP status (499 and 504 are timeouts). */
export function outcomeOf(status: number): number {
  if (status === 499 || status === 504) return OUTCOME_TIMEOUT;
  if (status === 429) return OUTCOME_429;
  if (status >= 500) return OUTCOME_5XX;
  if (status >= 400) return OUTCOME_4XX;
  return OUTCOME_OK;
}
