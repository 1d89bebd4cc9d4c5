/**
 * The scenario text's reading and writing behind the sliders and the "try this" buttons: which values a
 * file offers to turn, and the text with one turned or a lesson's settings applied. They parse YAML with
 * the `yaml` package, as big as the rest of the page's own script, so the page imports this module when
 * it first shows sliders or buttons (`import('./knobs/scenario-edits')`), not with itself.
 */
export { applyKnob, findKnobs } from './knobs';
export { applySettings } from './try-this';
export { placeKnobs } from '../lesson/lesson-knobs';
