/**
 * How a run split over workers shares out its variants (see `split-client.ts`): the page's client
 * and each worker read a `RunShare` with these same functions, so they agree on who records what.
 * Every variant of the file as a worker reads it has a worker, whatever the page guessed: variants
 * past the assignment's end go round-robin.
 */

/** One worker's part of a run split over `of` workers (see `RunRequest.share`). */
export interface RunShare {
  /** This worker's part, 0 to `of - 1`. */
  readonly index: number;
  readonly of: number;
  /** The part of each variant, in file order; a variant past its end goes to part `i % of`. */
  readonly assign?: readonly number[];
}

/** The part that records variant `variant` (file order) of a run split as `share` says. */
export function partOfVariant(variant: number, share: Pick<RunShare, 'of' | 'assign'>): number {
  const part = share.assign?.[variant];
  return part !== undefined && part >= 0 && part < share.of ? part : variant % share.of;
}

/** The variants (file order) part `share.index` records, of a file of `count`. */
export function shareVariants(count: number, share: RunShare): number[] {
  return Array.from({ length: count }, (_, i) => i).filter((i) => partOfVariant(i, share) === share.index);
}

/**
 * Parts for variants that took `costs` (ms each, file order) over `of` workers: the costliest first,
 * each to the part with the least work so far (longest processing time first). A retry storm's
 * every-hop variant costs as much as its two others together: round-robin gave one worker it and
 * another variant, 1.25 times the balanced share.
 */
export function balancedAssignment(costs: readonly number[], of: number): number[] {
  const load = new Array<number>(of).fill(0);
  const assign = new Array<number>(costs.length).fill(0);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const v of order) {
    let least = 0;
    for (let p = 1; p < of; p++) if (load[p] < load[least]) least = p;
    assign[v] = least;
    load[least] += costs[v];
  }
  return assign;
}
