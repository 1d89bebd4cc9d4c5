/**
 * The lesson's claims with the verdicts of the latest run and its replications (`claims-view.ts`,
 * loaded when a file with claims is first shown: most runs have none).
 */
import type { ClaimData } from '../../worker/protocol';
import type { ClaimRuns } from '../claims';
import type { renderClaims } from '../claims-view';
import { lazy } from '../lazy';
import type { Replications } from './replication-runs';

/** The claims of the file shown, drawn in the Lesson tab. */
export interface ClaimsPanel {
  /** Draws `claims` with the verdicts of `replications` (none yet: undefined); hides the host when there are no claims. */
  show(claims: readonly ClaimData[], replications: Replications | undefined): void;
}

/** The verdicts `replications` hold so far, as the claims view reads them. */
export function claimRuns(r: Replications | undefined): ClaimRuns | undefined {
  return (
    r && {
      runs: r.state === 'complete' ? r.claims : r.claims.filter((c) => c !== undefined),
      seed: r.seed,
      replications: r.count,
      state: r.state === 'complete' ? 'complete' : r.state === 'running' ? 'running' : 'stopped',
    }
  );
}

/** The claims panel drawn into `host`; `load` fetches its view (tests give their own). */
export function createClaimsPanel(
  host: HTMLElement,
  load: () => Promise<{ readonly renderClaims: typeof renderClaims }> = () => import('../claims-view'),
): ClaimsPanel {
  const view = lazy(load);
  /** What to draw once the view has loaded: the latest call wins. */
  let due: { claims: readonly ClaimData[]; known: ClaimRuns | undefined } | undefined;
  const draw = (): void => {
    const loaded = view.now;
    if (!loaded || !due) return;
    loaded.renderClaims(host, due.claims, due.known);
    due = undefined;
  };
  return {
    show(claims, replications) {
      due = { claims, known: claimRuns(replications) };
      // No claims to show and none drawn: nothing to load.
      if (claims.length === 0 && !view.now) {
        host.hidden = true;
        host.replaceChildren();
        due = undefined;
        return;
      }
      if (view.now) draw();
      else view.get().then(draw, () => undefined);
    },
  };
}
