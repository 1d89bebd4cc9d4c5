/**
 * Which side refused a try answered at once (see `answeredByCaller` in the model's view): the
 * diagram bounces a refused dot off the side that refused it.
 */
import { answeredByCaller } from '../model/observe';
import type { Span } from '../model/trace';
import { REFUSED_BY_CALLEE, REFUSED_BY_CALLER } from './frames';

/**
 * `REFUSED_BY_CALLER` when call span `span` was answered by its caller itself, else
 * `REFUSED_BY_CALLEE`: the value of `DotColumns.refusedBy` for its dot.
 */
export function refusalSide(span: Pick<Span, 'notes'>): number {
  return answeredByCaller(span) ? REFUSED_BY_CALLER : REFUSED_BY_CALLEE;
}
