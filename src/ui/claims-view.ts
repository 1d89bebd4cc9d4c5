/**
 * "What this lesson claims", after the step it proves: one line per claim (a mark for its verdict on
 * the run shown, its sentence, and on how many of the replications' seeds it holds), which opens on
 * the detail: the verdict with the measured value and the bounds in words, the seeds' range, and the
 * check expression. One line each keeps the lesson's steps and their claims readable without a long
 * scroll. Every string goes in as text.
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
    ' · measured ',
    verdict.subject
      ? h('span', { class: 'claim-subject', 'data-testid': 'claim-subject' }, `on ${verdict.subject}: `)
      : null,
    h('span', { class: 'claim-value', 'data-testid': 'claim-value' }, verdict.value),
    verdict.expected
      ? h('span', { class: 'claim-expected', 'data-testid': 'claim-expected' }, ` · ${verdict.expected}`)
      : null,
    verdict.error ? h('span', { class: 'claim-error' }, ` (${verdict.error})`) : null,
  );
}

/** The detail under a claim's line: how it is measured, read once the reader opens it. */
function howMeasured(item: ClaimItem): HTMLElement {
  return h(
    'div',
    { class: 'claim-detail' },
    h('p', { class: 'claim-how-title' }, 'How it is measured'),
    h('code', { class: 'claim-check', 'data-testid': 'claim-check' }, item.check),
    h(
      'p',
      { class: 'claim-how-note' },
      'Each figure is read from the report of the variant named before its colon; ',
      h('code', {}, 'meshsim check'),
      ' runs the same check on every seed.',
    ),
  );
}

/** The claim's one line: its verdict as a mark (named in words for a screen reader), its sentence, its seeds. */
function claimLine(item: ClaimItem): HTMLElement {
  const verdict = item.verdict;
  const [mark, words] = !verdict
    ? ['…', 'not run yet']
    : verdict.holds
      ? ['✓', 'holds']
      : ['✗', 'does not hold'];
  const seeds = item.seeds;
  return h(
    'summary',
    { class: 'claim-line', 'data-testid': 'claim-line' },
    h('span', { class: 'claim-line-mark', 'aria-hidden': 'true' }, mark),
    h('span', { class: 'sr-only' }, `${words}: `),
    h('span', { class: 'claim-say', 'data-testid': 'claim-say' }, item.say),
    seeds
      ? h(
          'span',
          {
            class: `claim-line-seeds ${seeds.held === seeds.of ? 'holds' : seeds.held === 0 ? 'fails' : 'mixed'}`,
            title: `holds on ${seeds.held} of ${seeds.of} seeds`,
          },
          `${seeds.held}/${seeds.of}`,
          h('span', { class: 'sr-only' }, ' seeds'),
        )
      : null,
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
  // Verdicts arrive seed by seed and redraw the list: a disclosure the reader opened stays open.
  const opened = new Set(
    [...host.querySelectorAll<HTMLDetailsElement>('details.claim-how')]
      .filter((d) => d.open)
      .map((d) => d.dataset.check),
  );
  // ...and a reader who moves through the claims by keyboard keeps the focus on the same line.
  const focused = document.activeElement?.closest<HTMLDetailsElement>('details.claim-how');
  const focusedCheck = focused && host.contains(focused) ? focused.dataset.check : undefined;
  host.replaceChildren(
    // Under the title of the step whose observations they check: a level below it.
    h('h3', { class: 'eyebrow claims-title' }, 'What this lesson claims'),
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
          h(
            'details',
            { class: 'claim-how', 'data-testid': 'claim-how', 'data-check': item.check },
            claimLine(item),
            verdictLine(item),
            seedsLine(item),
            howMeasured(item),
          ),
        ),
      ),
    ),
  );
  for (const details of host.querySelectorAll<HTMLDetailsElement>('details.claim-how')) {
    if (opened.has(details.dataset.check)) details.open = true;
    if (focusedCheck !== undefined && details.dataset.check === focusedCheck) {
      details.querySelector<HTMLElement>('summary')?.focus({ preventScroll: true });
    }
  }
}
