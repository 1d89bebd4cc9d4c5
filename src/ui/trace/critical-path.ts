/**
 * The critical path of a trace: the chain of spans that determined when the request ended. Shorten
 * any of them and the answer comes sooner; shorten anything else and it does not.
 */
import type { SpanData } from './trace-data';

// Times of one trace are compared with this slack, ms, so that a child ending "at" its parent's
// end up to float rounding still counts as ending then.
const SLACK = 1e-6;

/**
 * Which spans are on the critical path from span `root`, indexed like `spans`; `children` lists
 * each span's children (as `spanTree` gives them) and `endOf` gives a span's end, ms, with open
 * spans ending at the latest time the trace knows of.
 *
 * 1. Mark `root` and set the cursor to its end.
 * 2. Among its children that end by the cursor, take the one that ends last (ties: the one that
 *    starts last, then the higher id); it is on the path: walk it the same way from step 1.
 * 3. Move the cursor to that child's start and repeat step 2 with the children not yet taken;
 *    stop when none ends by the cursor. The gaps are the span's own time.
 *
 * A child that ends after its parent (a try the caller gave up on, whose callee finished it
 * anyway) did not determine its parent's end and is never taken.
 */
export function criticalSpans(
  spans: readonly SpanData[],
  children: readonly (readonly number[])[],
  root: number,
  endOf: (span: SpanData) => number,
): boolean[] {
  const critical = spans.map(() => false);
  if (root < 0 || root >= spans.length) return critical;
  const later = (a: number, b: number) => {
    const ea = endOf(spans[a]);
    const eb = endOf(spans[b]);
    if (Math.abs(ea - eb) > SLACK) return ea > eb;
    return spans[a].start !== spans[b].start ? spans[a].start > spans[b].start : a > b;
  };
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop()!;
    critical[id] = true;
    const taken = new Set<number>();
    let cursor = endOf(spans[id]);
    for (;;) {
      let best = -1;
      for (const c of children[id]) {
        if (taken.has(c) || !(endOf(spans[c]) <= cursor + SLACK)) continue;
        if (best < 0 || later(c, best)) best = c;
      }
      if (best < 0) break;
      taken.add(best);
      stack.push(best);
      cursor = spans[best].start;
    }
  }
  return critical;
}
