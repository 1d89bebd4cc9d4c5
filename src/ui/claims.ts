/**
 * A lesson's claims as the page shows them: each sentence and check, the verdict on the run shown
 * (with the value it measured), and, once the replications are in, on how many seeds it holds. Pure,
 * so that it is tested without a page.
 */
import type { ClaimData, ClaimResult } from '../worker/protocol';
import { figureDecimal, figurePercent, MISSING } from './figure-format';

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

/** A number written in a check with this unit (`97%`, `2.5ms`, `1.5s`, `3x`); not inside a figure's name. */
function hasUnit(check: string, units: string): boolean {
  return new RegExp(`(?<![\\w.:-])\\d+(?:\\.\\d+)?\\s*(?:${units})(?![\\w])`).test(check);
}

/** The names of the figures a check reads (`p50` of `mesh:p50`), numbers and keywords left out. */
export function figureNames(check: string): string[] {
  return check
    .split(/\s+|[()*/+<>=]+|\s-\s/)
    .filter((token) => /^[A-Za-z]/.test(token) && token !== 'between' && token !== 'and')
    .map((token) => token.slice(token.indexOf(':') + 1));
}

/** A latency in ms: end-to-end percentiles, a component's mean wait, a mesh edge's percentiles. */
const LATENCY = /^(?:p50|p90|p99|p999|mean|max|latencyMs\..+|.+\.meanWaitMs|edge\..+\.(?:p50|p99))$/;
/** A share of answered requests, 0 to 1. */
const SHARE = /^(?:successRate|share\..+|.+\.utilization)$/;

/**
 * A measured value in the unit of its check: a percentage when the check writes one or reads only
 * shares, ms when it writes a duration or reads only latencies, a factor with `x`; else a plain
 * number as `meshsim check` prints it.
 */
export function formatClaimValue(check: string, value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  const names = figureNames(check);
  const all = (pattern: RegExp) => names.length > 0 && names.every((name) => pattern.test(name));
  if (check.includes('%') || all(SHARE)) return figurePercent(value, 2);
  if (hasUnit(check, 'us|ms|s|m') || all(LATENCY)) return `${figureDecimal(value)} ms`;
  if (hasUnit(check, 'x')) return `${figureDecimal(value)}x`;
  return figureDecimal(value);
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
        value: formatClaimValue(claim.check, shown.value),
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
          ? formatClaimValue(claim.check, low)
          : `${formatClaimValue(claim.check, low)} to ${formatClaimValue(claim.check, high)}`;
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
