/**
 * "Where is the next closer?" answered in amortised constant time for a scan that only moves
 * forward. A left-to-right parser asks for the first place at or after `from` where a marker (`]`,
 * `**`) stands and some condition holds (it follows a non-space); asked again with a larger `from`,
 * the answer it found last still holds while it lies ahead, and otherwise the search resumes where
 * it is asked. So each place is looked at at most once over the whole scan, however many openers
 * never close: the linear replacement of a lazy regex group that searches to the end of the line for
 * every opener. The search jumps from one marker to the next with `indexOf`.
 */
export class ForwardSearch {
  /** The greatest `from` asked so far, and its answer. */
  private asked = 0;
  private found = -1;

  /**
   * Searches `text` for `marker` where `holds(index)` (default: everywhere) is true of its index.
   */
  constructor(
    private readonly text: string,
    private readonly marker: string,
    private readonly holds: (index: number) => boolean = () => true,
  ) {}

  /**
   * The least index `j >= from` where the marker stands and the condition holds, or the text's
   * length when there is none. Meant for a `from` that does not decrease from one call to the next;
   * one that does is answered right too, by searching between it and the greatest `from` asked.
   */
  from(from: number): number {
    if (from < this.asked) {
      const j = this.search(from, this.asked);
      return j < this.asked ? j : this.found;
    }
    this.asked = from;
    // Nothing before the last answer is asked for again, so the search resumes at `from`.
    if (this.found < from) this.found = this.search(from, this.text.length);
    return this.found;
  }

  /** The least index in [from, to) where the marker stands and holds, or `to`. */
  private search(from: number, to: number): number {
    for (
      let j = this.text.indexOf(this.marker, from);
      j >= 0 && j < to;
      j = this.text.indexOf(this.marker, j + 1)
    )
      if (this.holds(j)) return j;
    return to;
  }
}

/**
 * The least place at or after `from` where a match may start, when one can only start where one of
 * `markers` stands `offset` units further on; the text's length when there is none.
 */
export function nextStart(
  markers: readonly ForwardSearch[],
  from: number,
  offset: 0 | 1,
  length: number,
): number {
  let least = length;
  for (const marker of markers) {
    const at = marker.from(from + offset);
    if (at < length) least = Math.min(least, at - offset);
  }
  return least;
}
