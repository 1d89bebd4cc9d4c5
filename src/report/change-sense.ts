/**
 * Whether a change between two setups is for the better, for the worse, or neither, the one rule
 * every view that paints a change follows (the compare view, the key-figure tiles):
 *
 * 1. A change with no interval (a single run) is neither: one seed cannot tell an effect from noise.
 * 2. A change whose 95 % interval holds zero is neither: the seeds disagree on its sign.
 * 3. A change that prints as zero (`+0.000x`, `0 ms`) is neither: the reader sees no change.
 * 4. A figure without a good direction (a count that follows the offered load, a utilization) is
 *    neither, however clear its change.
 * 5. Otherwise: better when it moves in the figure's good direction, worse when it moves against it.
 */
import { formatChange, printsAsZero } from './figure-format';
import type { BetterDirection, DeltaKind, FigureUnit } from './report-figures';

/** How a change reads: `better` and `worse` are painted, `neutral` is not. */
export type ChangeSense = 'better' | 'worse' | 'neutral';

/** What the rule needs to know of a figure: which way is better, and how its change prints. */
export interface SensedFigure {
  /** Which way is better; none for a figure without a good direction. */
  readonly better?: BetterDirection;
  readonly unit: FigureUnit;
  readonly digits?: number;
  readonly delta: DeltaKind;
}

/** A mean change and the half-width of its 95 % interval (NaN without one). */
export interface Change {
  readonly mean: number;
  readonly halfWidth: number;
}

/**
 * The sense of `change` in `figure` (see the rule above). `printed` is the change as the view shows
 * it, when it prints it its own way; by default the model's format ({@link formatChange}).
 */
export function changeSense(
  figure: SensedFigure,
  change: Change,
  printed: string = formatChange(figure, change.mean),
): ChangeSense {
  const { mean, halfWidth } = change;
  if (!Number.isFinite(mean) || !Number.isFinite(halfWidth)) return 'neutral';
  if (!(Math.abs(mean) > halfWidth)) return 'neutral';
  if (printsAsZero(printed) || figure.better === undefined) return 'neutral';
  const up = mean > 0;
  return up === (figure.better === 'higher') ? 'better' : 'worse';
}
