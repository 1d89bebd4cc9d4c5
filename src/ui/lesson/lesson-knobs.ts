/**
 * Which slider goes beside which "try this" action: the one that turns a value the action sets
 * (`triple the beta testers` sets `clients.testers.arrival.rate`, the `testers rate` slider turns
 * it), so that the reader can press the lesson's suggestion or pick any value of their own in the
 * same place. Each slider appears once, beside the first action that sets its value; the others go
 * to the lesson's "More to turn" step.
 */
import type { Knob } from '../knobs';
import { parsedYaml } from '../knobs/parsed-yaml';
import { resolvePath } from '../knobs/try-this';

/** The sliders of the lesson, by place. */
export interface PlacedKnobs {
  /** For each action, in `tryThis` order, the sliders of the values it sets (often none). */
  readonly beside: readonly (readonly Knob[])[];
  /** The sliders beside no action, in the order given. */
  readonly rest: readonly Knob[];
}

const key = (path: readonly (string | number)[]): string => path.join('\u0000');

/** Places `knobs` (found in `text`) beside the actions of `tryThis` that set their values. */
export function placeKnobs(
  text: string,
  tryThis: readonly { readonly set: Readonly<Record<string, unknown>> }[],
  knobs: readonly Knob[],
): PlacedKnobs {
  const byPath = new Map(knobs.map((knob) => [key(knob.path), knob] as const));
  const placed = new Set<Knob>();
  const doc = tryThis.length > 0 && knobs.length > 0 ? parsedYaml(text) : undefined;
  const beside = tryThis.map((action) => {
    if (!doc || doc.errors.length > 0) return [];
    const mine: Knob[] = [];
    for (const path of Object.keys(action.set)) {
      const at = resolvePath(doc, path);
      const knob = at && byPath.get(key(at));
      if (knob && !placed.has(knob)) {
        placed.add(knob);
        mine.push(knob);
      }
    }
    return mine;
  });
  return { beside, rest: knobs.filter((knob) => !placed.has(knob)) };
}
