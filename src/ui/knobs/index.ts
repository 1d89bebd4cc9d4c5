/** The page's parameter sliders: what a scenario file offers to turn, and the panel that turns it. */
export { applyKnob, findKnobs, MAX_KNOBS, type Knob, type KnobUnit } from './knobs';
export { KNOB_THROTTLE_MS, renderKnobs } from './knob-panel';
export { groupKnobs, knobValueText, type KnobGroup } from './knob-panel-model';
