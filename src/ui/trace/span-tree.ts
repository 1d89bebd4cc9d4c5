/**
 * The parent-child structure of a trace's spans, children in start order. A span whose parent is
 * missing (or that would close a loop) is taken as a root, so a damaged trace still draws whole.
 */
import type { SpanData } from './trace-data';

/** Roots and children by span position; both in start order (ties: by id). */
export interface SpanTree {
  /** Spans without a (valid) parent, in start order: the request span, and any orphans. */
  readonly roots: readonly number[];
  /** `children[i]`: the spans whose parent is span i. */
  readonly children: readonly (readonly number[])[];
  /** Spans in depth-first order, each after its parent, siblings by start time. */
  readonly order: readonly number[];
  /** `depth[i]`: 0 for a root, its parent's depth + 1 otherwise. */
  readonly depth: readonly number[];
}

/** Builds the tree of `spans`, where `spans[i].parent` is the index of span i's parent or -1. */
export function spanTree(spans: readonly SpanData[]): SpanTree {
  const n = spans.length;
  const byStart = (a: number, b: number) => spans[a].start - spans[b].start || a - b;
  const children: number[][] = spans.map(() => []);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = spans[i].parent;
    if (Number.isInteger(p) && p >= 0 && p < n && p !== i) children[p].push(i);
    else candidates.push(i);
  }
  for (const list of children) list.sort(byStart);
  const order: number[] = [];
  const depth: number[] = spans.map(() => -1);
  const roots: number[] = [];
  const visit = (root: number) => {
    roots.push(root);
    const stack: [number, number][] = [[root, 0]];
    while (stack.length > 0) {
      const [id, d] = stack.pop()!;
      if (depth[id] >= 0) continue;
      depth[id] = d;
      order.push(id);
      const kids = children[id];
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k], d + 1]);
    }
  };
  candidates.sort(byStart);
  for (const root of candidates) visit(root);
  // Spans left unvisited sit on a loop of parents; each loop enters at its earliest span.
  for (;;) {
    let next = -1;
    for (let i = 0; i < n; i++) if (depth[i] < 0 && (next < 0 || byStart(i, next) < 0)) next = i;
    if (next < 0) break;
    visit(next);
  }
  // A span entered from a loop is listed as a child of its parent there; drop that link.
  const tree = children.map((kids) => kids.filter((k) => !roots.includes(k)));
  return { roots, children: tree, order, depth };
}
