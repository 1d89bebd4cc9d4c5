/**
 * The scenario format's duration units, for the page: its sliders read and write durations in the
 * file's own unit, and the page reaches the scenario layer only through the report.
 */
export { DURATION_UNITS } from '../scenario/duration-units';
