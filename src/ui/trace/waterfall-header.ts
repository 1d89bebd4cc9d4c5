/**
 * The top of the trace waterfall: the trace's id, method and path, its status, total time and span
 * count, and the legend of span kinds. Text only; the facts come from `waterfallHeader`.
 */
import { h } from '../dom';
import { outcomeMarker } from './marker';
import type { SpanKind } from './trace-data';
import type { WaterfallHeader, WaterfallRow } from './waterfall-model';
import { formatSpanDuration } from './waterfall-scale';

const KIND_WORDS: Readonly<Record<SpanKind, string>> = {
  request: 'the client’s request',
  call: 'one try of a call, as the caller saw it',
  work: 'an instance’s work',
  sidecar: 'a sidecar’s pass',
  backoff: 'the wait before a retry',
};

/** The heading (at `level`, with id `${id}-title`) and the facts of a trace. */
export function headerBlock(header: WaterfallHeader, id: string, level: number): HTMLElement {
  const title = h(
    `h${level}` as 'h3',
    { class: 'wf-title', id: `${id}-title` },
    'Trace ',
    h('span', { class: 'wf-id' }, header.id),
  );
  const spans = [`${header.spans}`];
  if (header.retries > 0) spans.push(`${header.retries} ${header.retries === 1 ? 'retry' : 'retries'}`);
  if (header.openSpans > 0) spans.push(`${header.openSpans} open`);
  return h(
    'header',
    { class: 'wf-head' },
    title,
    h(
      'p',
      { class: 'wf-request' },
      h('span', { class: 'wf-method' }, header.method),
      ' ',
      h('span', { class: 'wf-path' }, header.path),
    ),
    h(
      'dl',
      { class: 'wf-facts' },
      fact('Status', status(header.open ? 'open' : header.outcome, header.statusText)),
      fact(header.open ? 'So far' : 'Total', formatSpanDuration(header.totalMs)),
      fact('Spans', spans.join(', ')),
    ),
  );
}

function fact(term: string, value: Node | string): HTMLElement {
  return h('div', { class: 'wf-fact' }, h('dt', {}, term), h('dd', {}, value));
}

/** An outcome's marker and its text (`open` while waiting). */
export function status(outcome: WaterfallRow['outcome'] | 'open', text: string): HTMLElement {
  return h('span', { class: 'wf-status-text' }, text ? outcomeMarker(outcome) : null, text);
}

/** What the colours and patterns of the bars mean, for the kinds present. */
export function legend(rows: readonly WaterfallRow[]): HTMLElement {
  const kinds = (['request', 'call', 'work', 'sidecar', 'backoff'] as const).filter((k) =>
    rows.some((r) => r.kind === k),
  );
  const item = (swatch: string, text: string, title?: string) =>
    h('li', { title }, h('span', { class: `wf-swatch ${swatch}`, 'aria-hidden': 'true' }), text);
  return h(
    'ul',
    { class: 'wf-legend', 'aria-label': 'Legend' },
    ...kinds.map((k) => item(`kind-${k}`, k, KIND_WORDS[k])),
    rows.some((r) => r.queuedEnd > r.start) ? item('wf-swatch-wait', 'waiting for a worker') : null,
    item('wf-swatch-critical', 'critical path', 'the spans that decided when the answer came'),
  );
}
