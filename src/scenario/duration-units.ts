/**
 * The duration units the scenario format accepts, in a module of their own with no imports, so that
 * the report layer can hand them to the page (which may not import the scenario layer) without
 * bringing the checks along.
 */

/** Milliseconds in one of each duration unit the format accepts (`250ms`, `1.5s`, `2m`). */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
