/**
 * The knob panel: one labelled range input per knob, grouped under the file's parts, with the value
 * and its unit beside it. Native range inputs, so arrows, Page Up/Down, Home and End work and screen
 * readers hear the value with its unit (`aria-valuetext`). Names come from the user's file and go in
 * as text only.
 */
import { h } from '../dom';
import { groupKnobs, knobValueText } from './knob-panel-model';
import { createThrottle, type Throttle } from './knob-throttle';
import type { Knob } from './knobs';
import './knobs.css';

/** Least time between two `onChange` calls for one knob while it is dragged, ms. */
export const KNOB_THROTTLE_MS = 150;

/** One knob's row, kept across redraws so that a drag survives the page re-rendering the panel. */
interface Row {
  knob: Knob;
  readonly element: HTMLElement;
  readonly label: HTMLLabelElement;
  readonly input: HTMLInputElement;
  readonly output: HTMLOutputElement;
  readonly throttle: Throttle<number>;
  /** A pointer is down on the input (some browsers do not focus a range input on click). */
  held: boolean;
}

interface Panel {
  rows: Map<string, Row>;
  /** The groups and ids last laid out; the same again only updates the rows. */
  layout: string | null;
  onChange: (knob: Knob, value: number) => void;
}

const panels = new WeakMap<HTMLElement, Panel>();
let serial = 0;

/**
 * Draws `knobs` into `container`. `onChange` gets the knob and its new value on `input` events, at
 * most once per `KNOB_THROTTLE_MS` per knob, the last value of a drag always. Each input carries
 * `data-testid="knob-<id>"`.
 *
 * Drawing again into the same container (after the page applied a value, say) keeps the rows of the
 * knobs whose ids stay, and leaves the one being dragged or focused alone: its range and value do not
 * jump under the pointer. The others take their new values and ranges.
 */
export function renderKnobs(
  container: HTMLElement,
  knobs: readonly Knob[],
  onChange: (knob: Knob, value: number) => void,
): void {
  const panel = panels.get(container) ?? { rows: new Map<string, Row>(), layout: null, onChange };
  panels.set(container, panel);
  panel.onChange = onChange;

  const rows = new Map<string, Row>();
  for (const knob of knobs) {
    if (rows.has(knob.id)) continue;
    const row = panel.rows.get(knob.id) ?? createRow(panel, knob);
    row.knob = knob;
    update(row);
    rows.set(knob.id, row);
  }
  for (const [id, row] of panel.rows) if (!rows.has(id)) row.throttle.cancel();
  panel.rows = rows;

  const shown = [...rows.values()].map((row) => row.knob);
  const layout = shown.map((k) => `${k.group}\u0000${k.id}`).join('\u0001');
  if (layout === panel.layout) return;
  panel.layout = layout;
  const focused = shown.map((k) => rows.get(k.id)?.input).find((input) => input === document.activeElement);
  container.replaceChildren(
    shown.length === 0
      ? h('p', { class: 'knobs-empty' }, 'No parameters to turn in this file.')
      : h(
          'div',
          { class: 'knobs' },
          ...groupKnobs(shown).map((group) =>
            h(
              'fieldset',
              { class: 'knob-group' },
              h('legend', {}, group.name),
              ...group.knobs.map((k) => rows.get(k.id)?.element),
            ),
          ),
        ),
  );
  focused?.focus();
}

function createRow(panel: Panel, knob: Knob): Row {
  const id = `knob-input-${++serial}`;
  const input = h('input', { type: 'range', id, class: 'knob-input', 'data-testid': `knob-${knob.id}` });
  const label = h('label', { for: id, class: 'knob-label' });
  // The input's aria-valuetext says the same to screen readers, without a live region's chatter.
  const output = h('output', { for: id, class: 'knob-value', 'aria-hidden': 'true' });
  const row: Row = {
    knob,
    element: h('div', { class: 'knob' }, label, input, output),
    label,
    input,
    output,
    throttle: createThrottle((value: number) => panel.onChange(row.knob, value), KNOB_THROTTLE_MS),
    held: false,
  };
  input.addEventListener('input', () => {
    const value = Number(input.value);
    show(row, value);
    row.throttle.push(value);
  });
  input.addEventListener('pointerdown', () => (row.held = true));
  for (const type of ['pointerup', 'pointercancel', 'change']) {
    input.addEventListener(type, () => (row.held = false));
  }
  return row;
}

/** Writes the row's knob into it, unless the user is on it. */
function update(row: Row): void {
  const { knob, input } = row;
  row.label.replaceChildren(...breakable(knob.label));
  if (row.held || document.activeElement === input) return;
  // Bounds before the value, which the browser clamps and snaps to them.
  input.min = String(knob.min);
  input.max = String(knob.max);
  input.step = String(knob.step);
  input.value = String(knob.value);
  show(row, knob.value);
}

/**
 * `label` as text with a line-break opportunity (`<wbr>`) inside each camelCase name, before a capital
 * that follows a lower-case letter or a digit, so that a policy's option (`maxPendingRequests`) wraps
 * between its words in the narrow label column rather than at its last letter.
 */
function breakable(label: string): Node[] {
  return label
    .split(/(?<=[a-z0-9])(?=[A-Z])/)
    .flatMap((part, i) => [...(i === 0 ? [] : [h('wbr')]), document.createTextNode(part)]);
}

function show(row: Row, value: number): void {
  const text = knobValueText(row.knob, value);
  row.output.textContent = text;
  row.input.setAttribute('aria-valuetext', text);
}
