/**
 * Direct labels beside the ends of lines or bands must not overlap: `dodge` moves them apart along one
 * axis by as little as it can, keeping their order and a band they must stay in.
 */

/**
 * Positions for labels wanted at `wanted` (any order), at least `gap` apart and inside `[lo, hi]`
 * where the band is wide enough, in the order given. Greedy: sorted, each is pushed past the one
 * before it, then the last ones are pulled back inside `hi` and the first ones inside `lo`.
 */
export function dodge(wanted: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a] - wanted[b] || a - b);
  const placed = order.map((i) => Math.min(hi, Math.max(lo, wanted[i])));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  const last = placed.length - 1;
  if (last >= 0 && placed[last] > hi) {
    placed[last] = hi;
    for (let k = last - 1; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
  }
  if (last >= 0 && placed[0] < lo) {
    // The band is too narrow for all of them: keep the gaps from lo down and let the last ones spill.
    placed[0] = lo;
    for (let k = 1; k <= last; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  }
  const out = new Array<number>(wanted.length);
  order.forEach((i, k) => (out[i] = placed[k]));
  return out;
}

/** A one-line label's horizontal extent and baseline, px. */
export interface LabelBox {
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
}

/**
 * Baselines for labels that may sit anywhere in the plane, so that no two overlap: in the order
 * given (earlier labels keep their place), each takes the nearest free line, trying `lineHeight`
 * down, then up, then two down and so on, within `[lo, hi]`; one that finds no free line stays put.
 */
export function separate(labels: readonly LabelBox[], lineHeight: number, lo: number, hi: number): number[] {
  const placed: LabelBox[] = [];
  const clashes = (box: LabelBox): boolean =>
    placed.some((p) => box.x0 < p.x1 && p.x0 < box.x1 && Math.abs(box.y - p.y) < lineHeight);
  return labels.map((label) => {
    let y = label.y;
    for (let step = 1; clashes({ ...label, y }) && step <= 12; step++) {
      const shift = Math.ceil(step / 2) * lineHeight * (step % 2 === 1 ? 1 : -1);
      const candidate = label.y + shift;
      if (candidate >= lo && candidate <= hi && !clashes({ ...label, y: candidate })) y = candidate;
    }
    if (clashes({ ...label, y })) y = label.y;
    placed.push({ ...label, y });
    return y;
  });
}
