/**
 * `playback`: where, and how fast, the page starts playing a run. A lesson whose fault starts at
 * 20 s can start the diagram at 18 s, so the learner does not wait for it. The simulation is not
 * touched: it still runs from 0, and its report and claims are the same.
 */
import { bad, check, dflt, fields, opt, type Check } from '../checks';
import type { PlaybackSpec } from '../types';
import { duration } from '../units';

/**
 * The speeds the page offers, simulated ms per wall ms, slowest first. The page's playback clock
 * keeps the same list (a test holds the two equal).
 */
export const PLAYBACK_SPEEDS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];

const SPEED_EXPECTS = `one of the page's speeds: ${PLAYBACK_SPEEDS.join(', ')}`;

/** One of `PLAYBACK_SPEEDS`; anything else is refused with the nearest speeds as the hint. */
const speed: Check<number> = check(SPEED_EXPECTS, (node, path, r) => {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    return bad(
      r,
      node,
      path,
      'must be a number',
      SPEED_EXPECTS,
      'write a plain number: speed: 2 plays at 2×',
    );
  if (PLAYBACK_SPEEDS.includes(v)) return v;
  const above = PLAYBACK_SPEEDS.find((s) => s > v);
  const below = [...PLAYBACK_SPEEDS].reverse().find((s) => s < v);
  const near = [below, above].filter((s) => s !== undefined);
  return bad(
    r,
    node,
    path,
    `is not one of the page's speeds`,
    SPEED_EXPECTS,
    `did you mean ${near.join(' or ')}?`,
  );
});

/** The default: play from the start at the speed the reader chose. */
export const DEFAULT_PLAYBACK: PlaybackSpec = { start: 0 };

/** The `playback` mapping: `start` (a duration, default 0) and `speed` (optional). */
export const playback: Check<PlaybackSpec> = fields({
  start: dflt(duration(), 0),
  speed: opt(speed),
});
