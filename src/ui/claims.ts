/**
 * A lesson's claims as the page shows them: each sentence and check, the verdict on the run shown
 * (with the value it measured), and, once the replications are in, on how many seeds it holds. Pure,
 * so that it is tested without a page.
 */
import type { ClaimData, ClaimResult } from '../worker/protocol';
import { formatClaimValue, MISSING } from '../worker/comparison';

/** The verdicts known so far: `runs[0]` is the run shown (seed `seed`), the others further replications. */
export interface ClaimRuns {
  /** Each run's results, in the file's claim order; the first is the run shown. */
  readonly runs: readonly (readonly ClaimResult[])[];
  /** Seed of the run shown. */
  readonly seed: number;
  /** Replications the file asks for (1: the run shown only). */
  readonly replications: number;
  /** How the replications went: still running, all in, or stopped before the end. */
  readonly state: 'running' | 'complete' | 'stopped';
}

export interface ClaimItem {
  readonly say: string;
  readonly check: string;
  /** The verdict on the run shown; undefined before the file (as it reads now) has run. */
  readonly verdict?: {
    readonly holds: boolean;
    /** The measured value as text (`2.28 ms`, `82.20%`, `1.00`), or why there is none. */
    readonly value: string;
    readonly error?: string;
  };
  /** Over the replications, when the file asks for two or more and they are all in. */
  readonly seeds?: {
    readonly held: number;
    readonly of: number;
    /** The measured values' range: `2.28 ms to 2.34 ms`. */
    readonly range: string;
  };
}

/** The items of `claims` with what `known` says about them (nothing when it is about another text). */
export function claimItems(claims: readonly ClaimData[], known: ClaimRuns | undefined): ClaimItem[] {
  const matches = (results: readonly ClaimResult[]): boolean =>
    results.length === claims.length && results.every((r, i) => r.check === claims[i].check);
  const runs = known && known.runs.length > 0 && matches(known.runs[0]) ? known.runs : [];
  return claims.map((claim, i) => {
    if (runs.length === 0) return { say: claim.say, check: claim.check };
    const shown = runs[0][i];
    const item: ClaimItem = {
      say: claim.say,
      check: claim.check,
      verdict: {
        holds: shown.holds,
        value: formatClaimValue(shown.unit, shown.value),
        error: shown.error,
      },
    };
    if (!known || known.replications < 2 || known.state !== 'complete') return item;
    const all = runs.map((results) => results[i]);
    const values = all.map((r) => r.value).filter((x) => Number.isFinite(x));
    const low = Math.min(...values);
    const high = Math.max(...values);
    const range =
      values.length === 0
        ? MISSING
        : low === high
          ? formatClaimValue(shown.unit, low)
          : `${formatClaimValue(shown.unit, low)} to ${formatClaimValue(shown.unit, high)}`;
    return { ...item, seeds: { held: all.filter((r) => r.holds).length, of: all.length, range } };
  });
}

/** The line over the claims: which run the verdicts are about and how far the other seeds are. */
export function claimsNote(known: ClaimRuns | undefined): string {
  if (!known || known.runs.length === 0) return 'Run the lesson to check them.';
  const { seed, replications: n, state } = known;
  if (n < 2) return `Checked on this run (seed ${seed}).`;
  const seeds = `seeds ${seed} to ${seed + n - 1}`;
  if (state === 'complete') return `Checked on this run (seed ${seed}) and on ${seeds}.`;
  if (state === 'stopped') return `Checked on this run (seed ${seed}); the other seeds were stopped.`;
  return `Checked on this run (seed ${seed}); checking ${seeds}: ${known.runs.length} of ${n} done…`;
}
