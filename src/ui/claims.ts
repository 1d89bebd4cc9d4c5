/**
 * A lesson's claims as the page shows them: each sentence, the verdict on the run shown with the value
 * it measured and the bounds it is held to, in words (`25.9 calls per request`, `expected between 24
 * and 27`), and, once the replications are in, on how many seeds it holds. The check expression is
 * kept for the "How it is measured" disclosure. Pure, so that it is tested without a page.
 */
import type { ClaimData, ClaimResult } from '../worker/protocol';
import { claimExpectedWords, claimRangeWords, claimSubject, claimValueWords } from '../report/claim-wording';
import { MISSING } from '../report/figure-format';

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

/** One claim as the page shows it. */
export interface ClaimItem {
  /** The sentence the learner reads, as written in the file (shown as text). */
  readonly say: string;
  /** The check expression as written, for the disclosure under the claim. */
  readonly check: string;
  /** The verdict on the run shown; undefined before the file (as it reads now) has run. */
  readonly verdict?: {
    readonly holds: boolean;
    /** The variants the value is measured on (`gateway-only`, `mesh vs plain`); empty without variants. */
    readonly subject: string;
    /** The measured value in words (`25.9 calls per request`, `82.3% succeed`), or `—` when there is none. */
    readonly value: string;
    /** The bounds in words (`expected between 24 and 27`); empty when they could not be measured. */
    readonly expected: string;
    readonly error?: string;
  };
  /** Over the replications, when the file asks for two or more and they are all in. */
  readonly seeds?: {
    readonly held: number;
    readonly of: number;
    /** The measured values' range in words: `25.8 to 26.0 calls per request`. */
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
        subject: claimSubject(shown),
        value: claimValueWords(shown, shown.value),
        expected: claimExpectedWords(shown),
        error: shown.error,
      },
    };
    if (!known || known.replications < 2 || known.state !== 'complete') return item;
    const all = runs.map((results) => results[i]);
    const values = all.map((r) => r.value).filter((x) => Number.isFinite(x));
    const range =
      values.length === 0 ? MISSING : claimRangeWords(shown, Math.min(...values), Math.max(...values));
    return { ...item, seeds: { held: all.filter((r) => r.holds).length, of: all.length, range } };
  });
}

/**
 * The line over the claims: which run the verdicts are about (the whole of it, after warmup, not the
 * moment the playback shows) and how far the other seeds are.
 */
export function claimsNote(known: ClaimRuns | undefined): string {
  if (!known || known.runs.length === 0) return 'Run the lesson to check them.';
  const { seed, replications: n, state } = known;
  if (n < 2) return `Checked over this whole run (seed ${seed}).`;
  const seeds = `seeds ${seed} to ${seed + n - 1}`;
  if (state === 'complete') return `Checked over this whole run (seed ${seed}) and on ${seeds}.`;
  if (state === 'stopped') return `Checked over this whole run (seed ${seed}); the other seeds were stopped.`;
  return `Checked over this whole run (seed ${seed}); checking ${seeds}: ${known.runs.length} of ${n} done…`;
}
