/**
 * The fuzzer's seeded random source: one stream per case, from (seed, index), so that any case can be
 * made again alone, in any order and on any worker.
 */
import seedrandom from 'seedrandom';

/** Draws from one seeded stream. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** Whether a draw falls under `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One key of `weights`, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/** The stream of case `index` of the run seeded `seed`. */
export function caseRandom(seed: number, index: number): Random {
  const uniform = seedrandom.alea(`meshsim-fuzz\u0000${seed}\u0000${index}`);
  const next = (): number => uniform();
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    weighted: (weights) => {
      const entries = Object.entries(weights) as [never, number][];
      let draw = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, w] of entries) {
        draw -= w;
        if (draw < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
  };
}
