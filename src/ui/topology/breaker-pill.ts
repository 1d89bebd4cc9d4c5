/**
 * The pill on a box's top edge that shows its callers' circuit breakers: amber `half-open` while they
 * let trial calls through, vermillion `breaker open` while they fail calls fast; nothing while closed.
 * Pure: the words, the tone and the width, so that the SVG code only copies them.
 */
import { BREAKER_HALF_OPEN, BREAKER_OPEN } from '../../worker/frames';
import { BOX } from './node-box';

/** What the pill shows for a breaker state. */
export interface BreakerLook {
  readonly text: string;
  /** CSS class of the pill: its colour. */
  readonly tone: 'half-open' | 'open';
  /** Width of the pill, layout units (estimated from the text, as the kind badge is). */
  readonly width: number;
  /** Tooltip, for the pointer and for screen readers. */
  readonly title: string;
}

function look(text: string, tone: BreakerLook['tone'], title: string): BreakerLook {
  return { text, tone, width: Math.ceil(text.length * BOX.badgeChar + 10), title };
}

const HALF_OPEN = look(
  'half-open',
  'half-open',
  'Circuit breaker half-open: callers let a few trial calls through to see whether it recovered',
);
const OPEN = look(
  'breaker open',
  'open',
  'Circuit breaker open: callers fail their calls to it fast, without sending them',
);

/**
 * The pill of `state` (a `FrameData.breaker` value): the half-open or the open look, or null while
 * closed (and for values it does not know), when no pill shows.
 */
export function breakerLook(state: number): BreakerLook | null {
  return state === BREAKER_OPEN ? OPEN : state === BREAKER_HALF_OPEN ? HALF_OPEN : null;
}
