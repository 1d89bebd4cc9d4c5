/**
 * Names what a panned diagram leaves out of view: a diagram opened at a readable size shows only its
 * first boxes (several variants side by side, a long chain), and a fade at the cut edge says "more
 * this way" but not what. A learner watching the retry storm side by side must know that payments
 * and the failing ledger are to the right; a button at each cut edge names them and pans there.
 */
import type { Rect } from './node-box';

/** The boxes named at most, the rest counted: `payments, ledger and 3 more →`. */
const MOST_NAMED = 2;

/** A box of the layout, by its id (user-given: set as text, never as HTML). */
export interface NamedBox {
  readonly id: string;
  readonly box: Rect;
}

/** The words of a cue naming `ids` in reading order, towards `side`. */
export function outOfViewText(ids: readonly string[], side: 'left' | 'right'): string {
  const named = ids.slice(0, MOST_NAMED).join(', ');
  const more = ids.length > MOST_NAMED ? ` and ${ids.length - MOST_NAMED} more` : '';
  return side === 'right' ? `${named}${more} →` : `← ${named}${more}`;
}

/** The boxes whose middle lies left of `x0` and right of `x1` (layout units), each in order of `x`. */
export function boxesOutside(
  boxes: readonly NamedBox[],
  x0: number,
  x1: number,
): { left: string[]; right: string[] } {
  const middle = (b: NamedBox) => b.box.x + b.box.w / 2;
  const sorted = [...boxes].sort((a, b) => middle(a) - middle(b));
  return {
    left: sorted.filter((b) => middle(b) < x0).map((b) => b.id),
    right: sorted.filter((b) => middle(b) > x1).map((b) => b.id),
  };
}

/**
 * Two buttons in `stage` (one per side, hidden while nothing is cut there) naming the boxes out of
 * view; pressing one calls `pan` with the side to go. `update` takes the part of the layout shown,
 * from `x0` to `x1` in layout units.
 */
export function createOutOfViewCues(
  stage: HTMLElement,
  boxes: readonly NamedBox[],
  pan: (side: 'left' | 'right') => void,
): (x0: number, x1: number) => void {
  const cue = (side: 'left' | 'right'): HTMLButtonElement => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `out-of-view out-of-view-${side}`;
    button.dataset.testid = `out-of-view-${side}`;
    button.hidden = true;
    button.addEventListener('click', () => pan(side));
    stage.append(button);
    return button;
  };
  const left = cue('left');
  const right = cue('right');
  const show = (button: HTMLButtonElement, ids: readonly string[], side: 'left' | 'right'): void => {
    button.hidden = ids.length === 0;
    const text = ids.length === 0 ? '' : outOfViewText(ids, side);
    if (button.textContent !== text) button.textContent = text;
    button.title = ids.length === 0 ? '' : `Out of view: ${ids.join(', ')}. Press to pan there.`;
  };
  return (x0, x1) => {
    const out = boxesOutside(boxes, x0, x1);
    show(left, out.left, 'left');
    show(right, out.right, 'right');
  };
}
