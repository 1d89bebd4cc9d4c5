/**
 * Text that may remember where each of its characters came from. The inline Markdown passes
 * (`inline-markdown.ts`) only ever drop characters, so each pass's output can keep, per UTF-16 unit,
 * the index it had in the line first given: that is how a link's text is still known to be the
 * link's after emphasis around and inside it has been taken apart. Text that needs no such memory
 * (no link in it may be followed) goes untraced, and costs nothing more than its string.
 */

/** A text and, when traced, for each of its UTF-16 units its index in the original line. */
export interface TracedText {
  readonly text: string;
  /** `origin[i]` is where `text[i]` was in the original line; increasing. Undefined: not traced. */
  readonly origin: Int32Array | undefined;
}

/** `text` as its own original (every unit at its own index), or untraced when `trace` is false. */
export function traced(text: string, trace = true): TracedText {
  if (!trace) return { text, origin: undefined };
  const origin = new Int32Array(text.length);
  for (let i = 0; i < origin.length; i++) origin[i] = i;
  return { text, origin };
}

/** Builds a text from ranges of one source, in order, traced when the source is. */
export class TracedBuilder {
  private readonly chunks: string[] = [];
  private readonly origin: Int32Array | undefined;
  private length = 0;

  constructor(private readonly source: TracedText) {
    // Never longer than the source: the passes only drop characters.
    this.origin = source.origin && new Int32Array(source.text.length);
  }

  /** Appends the source's units from `from` up to (not including) `to`. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    this.chunks.push(this.source.text.slice(from, to));
    this.origin?.set(this.source.origin!.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** The text built so far. */
  done(): TracedText {
    return { text: this.chunks.join(''), origin: this.origin?.subarray(0, this.length) };
  }
}

/** The part of `t` from `from` up to `to`, traced as `t` is. */
export function slice(t: TracedText, from: number, to: number): TracedText {
  return { text: t.text.slice(from, to), origin: t.origin?.subarray(from, to) };
}
