/**
 * The balancers' names and their options' facts, without imports: what `balancers.ts` declares its
 * checks against and the page's sliders read (see `option-kinds.ts`).
 */
import type { OptionTable } from './option-kinds';

/**
 * The most instances `LEAST_REQUEST` draws per pick (its `choiceCount`): beyond a few, more draws
 * change nothing but the cost of a pick, and an importer reads a larger count as this.
 */
export const MAX_CHOICE_COUNT = 100;

/** The most points `RING_HASH` gives an instance (its `pointsPerEndpoint`). */
export const MAX_POINTS_PER_ENDPOINT = 10_000;

/** Every balancer, in the order the format reference lists them, with its options' kinds and bounds. */
export const BALANCER_TABLE = {
  ROUND_ROBIN: {},
  RANDOM: {},
  LEAST_REQUEST: {
    choiceCount: { kind: 'count', lowest: 1, highest: MAX_CHOICE_COUNT },
    activeRequestBias: { kind: 'number', lowest: 0, highest: 10 },
  },
  LEAST_CONNECTIONS: {},
  RING_HASH: {
    pointsPerEndpoint: { kind: 'count', lowest: 1, highest: MAX_POINTS_PER_ENDPOINT },
  },
  EWMA: {
    decay: { kind: 'duration', lowest: 1 },
    defaultRtt: { kind: 'duration', lowest: 1 },
  },
} as const satisfies OptionTable;
