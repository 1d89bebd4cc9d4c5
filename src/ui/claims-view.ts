/**
 * "What this lesson claims", under the lesson text: each claim's sentence, its check in monospace and
 * the verdict on the run shown, then on how many of the replications' seeds it holds. Every string
 * goes in as text.
 */
import { claimItems, claimsNote, type ClaimItem, type ClaimRuns } from './claims';
import { h } from './dom';
import type { ClaimData } from '../worker/protocol';

function verdictLine(item: ClaimItem): HTMLElement {
  const verdict = item.verdict;
  if (!verdict) return h('p', { class: 'claim-verdict', 'data-testid': 'claim-verdict' }, 'not run yet');
  return h(
    'p',
    {
      class: `claim-verdict ${verdict.holds ? 'holds' : 'fails'}`,
      'data-testid': 'claim-verdict',
      'data-holds': String(verdict.holds),
    },
    h('span', { class: 'claim-mark' }, verdict.holds ? '✓ holds' : '✗ does not hold'),
    ` · measured ${verdict.value}`,
    verdict.error ? h('span', { class: 'claim-error' }, ` (${verdict.error})`) : null,
  );
}

function seedsLine(item: ClaimItem): HTMLElement | null {
  const seeds = item.seeds;
  if (!seeds) return null;
  const all = seeds.held === seeds.of;
  return h(
    'p',
    {
      class: `claim-seeds ${all ? 'holds' : seeds.held === 0 ? 'fails' : 'mixed'}`,
      'data-testid': 'claim-seeds',
      'data-held': seeds.held,
      'data-of': seeds.of,
    },
    `holds on ${seeds.held} of ${seeds.of} seeds`,
    h('span', { class: 'claim-range' }, ` · ${seeds.range}`),
  );
}

/** Fills `host` with the claims of the file shown, or hides it when the file states none. */
export function renderClaims(
  host: HTMLElement,
  claims: readonly ClaimData[],
  known: ClaimRuns | undefined,
): void {
  host.hidden = claims.length === 0;
  if (claims.length === 0) {
    host.replaceChildren();
    return;
  }
  const items = claimItems(claims, known);
  host.replaceChildren(
    h('h2', { class: 'eyebrow claims-title' }, 'What this lesson claims'),
    h('p', { class: 'claims-note', 'data-testid': 'claims-note' }, claimsNote(known)),
    h(
      'ol',
      { class: 'claim-list' },
      ...items.map((item) =>
        h(
          'li',
          {
            class: `claim ${item.verdict ? (item.verdict.holds ? 'holds' : 'fails') : 'pending'}`,
            'data-testid': 'claim',
          },
          h('p', { class: 'claim-say' }, item.say),
          h('code', { class: 'claim-check' }, item.check),
          verdictLine(item),
          seedsLine(item),
        ),
      ),
    ),
  );
}
