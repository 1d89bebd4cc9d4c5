/**
 * What the knob panel shows, apart from the DOM: the knobs in their groups, and each value as text
 * with its unit.
 */
import type { Knob } from './knobs';

/** One heading of the panel and its knobs, in the order given. */
export interface KnobGroup {
  readonly name: string;
  readonly knobs: readonly Knob[];
}

/** The knobs by `group`, the groups in the order they first appear. */
export function groupKnobs(knobs: readonly Knob[]): KnobGroup[] {
  const groups = new Map<string, Knob[]>();
  for (const knob of knobs) {
    const list = groups.get(knob.group);
    if (list === undefined) groups.set(knob.group, [knob]);
    else list.push(knob);
  }
  return [...groups].map(([name, list]) => ({ name, knobs: list }));
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/**
 * `value` of `knob` as the panel prints it: `200 rps`, `4`, `250 ms`, `1.5 s`, `1 retry`,
 * `2 retries`, `14,500 req` (a limiter's count; the label names the period), `20 %`, `0.2`.
 */
export function knobValueText(knob: Knob, value: number): string {
  const n = number.format(value);
  switch (knob.unit) {
    case 'rps':
      return `${n} rps`;
    case 'count':
      return n;
    case 'ms':
      return value < 1000 ? `${n} ms` : `${number.format(value / 1000)} s`;
    case 'attempts':
      return `${n} ${value === 1 ? 'retry' : 'retries'}`;
    case 'per period':
      return `${n} req`;
    case 'percent':
      return `${n} %`;
    case 'number':
      return n;
  }
}
