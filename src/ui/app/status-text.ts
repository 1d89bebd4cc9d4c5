/**
 * What the status line says about a run, in the reader's words: how far it is, where it stopped, what
 * ran and how far its replications are. Pure, so that it is tested without a page.
 */
import { formatSpan, plural } from '../../report/figure-format';
import type { Report, RunProgress } from '../../worker/protocol';

/** `Running setup 2 of 3 (mesh): 4 s of 16 s simulated · 25%`; `variants` names the setups, once known. */
export function progressText(p: RunProgress, variants: readonly string[]): string {
  const share = `${Math.floor(p.fraction * 100)}%`;
  const name = variants[p.variantIndex] ? ` (${variants[p.variantIndex]})` : '';
  const setup = p.variantCount > 1 ? ` setup ${p.variantIndex + 1} of ${p.variantCount}${name}` : '';
  return `Running${setup}: ${formatSpan(p.now, 'rounded')} of ${formatSpan(p.end, 'rounded')} simulated · ${share}`;
}

/** How far a run stopped part way got, from the last progress it sent (none: it had not begun). */
export function stoppedText(reached: RunProgress | undefined): string {
  if (reached === undefined) return 'Stopped before any time was simulated.';
  return `Stopped at ${formatSpan(reached.fraction * reached.end, 'rounded')} of ${formatSpan(reached.end, 'rounded')} simulated.`;
}

/** How far the replications of a run are, as the status line says it. */
export interface ReplicationsState {
  /** Replications the file asks for. */
  readonly count: number;
  /** Replications done, the first run included. */
  readonly done: number;
  /** Seed of replication 0. */
  readonly seed: number;
  readonly state: 'running' | 'complete' | 'stopped' | 'failed';
  /** Why they failed. */
  readonly message?: string;
}

/**
 * The status line of a finished run: what ran (`durationMs` of simulated time, when known), after
 * `note` (a sentence, when the run has one to say first), and how far its `replications` are.
 */
export function doneText(
  report: Report,
  durationMs: number | undefined,
  note: string | undefined,
  replications: ReplicationsState | undefined,
): string {
  const setups =
    report.variants.length > 1 ? plural(report.variants.length, 'setup', { grouped: true }) : 'the scenario';
  const simulated =
    durationMs === undefined ? '' : ` for ${formatSpan(durationMs, 'rounded')} of simulated time`;
  const ran = `${note === undefined ? '' : `${note} `}Ran ${setups}${simulated} · seed ${report.seed}`;
  const done = `${ran}.`;
  const r = replications;
  if (!r || r.count < 2) return ran;
  const seeds = `seeds ${r.seed} to ${r.seed + r.count - 1}`;
  switch (r.state) {
    case 'running':
      return `${done} Replications ${r.done} of ${r.count} (${seeds})…`;
    case 'complete':
      return `${done} ${r.count} replications compared (${seeds}).`;
    case 'stopped':
      return `${done} Replications stopped after ${r.done} of ${r.count}.`;
    case 'failed':
      return `${done} Replications failed: ${r.message ?? 'unknown error'}`;
  }
}

/** An error's message as the status line shows it. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
