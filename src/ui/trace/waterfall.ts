/**
 * The trace waterfall: a header with the request's facts, a time axis, and one table row per span,
 * indented by nesting, with a bar coloured by kind (its wait for a worker hatched), the outcome as a
 * marker and text, and the span's notes in a row under it behind a disclosure button. Everything a
 * trace names goes in as text. The layout is computed by `waterfall-model.ts`; this file only builds
 * elements.
 */
import { h } from '../dom';
import { outcomeMarker } from './marker';
import { headerBlock, legend, status } from './waterfall-header';
import type { TraceData } from './trace-data';
import {
  barPlacement,
  barText,
  noteParts,
  notesUnfoldedAtFirst,
  waterfallHeader,
  waterfallRows,
  type WaterfallHeader,
  type WaterfallRow,
} from './waterfall-model';
import { formatSpanDuration, waterfallScale, type WaterfallScale } from './waterfall-scale';
import './trace.css';

/** Options of `renderWaterfall`. */
export interface WaterfallOptions {
  /** Simulated ms at which the trace was taken: open spans are drawn up to it. Default: the latest
   * time the trace itself knows of. */
  readonly asOf?: number;
  /** Level of the heading that names the trace; default 3. */
  readonly headingLevel?: 2 | 3 | 4 | 5 | 6;
}

/** What survives a redraw of the same trace in the same container: which rows show their notes. */
interface ViewState {
  readonly traceId: string;
  readonly unfolded: Set<number>;
}

const states = new WeakMap<HTMLElement, ViewState>();
let views = 0;

/**
 * Draws the waterfall of `trace` into `container`, replacing what it held. Drawing the same trace
 * again (say, as its open spans close) keeps which notes are shown and where the focus was.
 */
export function renderWaterfall(
  container: HTMLElement,
  trace: TraceData,
  options: WaterfallOptions = {},
): void {
  const rows = waterfallRows(trace, options.asOf);
  const header = waterfallHeader(trace, options.asOf);
  // The track is a share of a narrow panel: three ticks keep their labels apart.
  const scale = waterfallScale(rows, 100, 3);
  const previous = states.get(container);
  const state: ViewState =
    previous?.traceId === trace.id
      ? previous
      : {
          traceId: trace.id,
          unfolded: new Set(
            notesUnfoldedAtFirst(rows) ? rows.filter((r) => r.notes.length > 0).map((r) => r.id) : [],
          ),
        };
  states.set(container, state);
  const focus = focusedControl(container);
  const id = `waterfall-${++views}`;

  const view = h('section', { class: 'waterfall', 'aria-labelledby': `${id}-title` });
  view.append(headerBlock(header, id, options.headingLevel ?? 3));
  if (rows.length === 0) {
    view.append(h('p', { class: 'wf-empty' }, 'This trace has no spans.'));
    container.replaceChildren(view);
    return;
  }
  const withNotes = rows.filter((r) => r.notes.length > 0);
  const allButton =
    withNotes.length > 0
      ? h('button', { type: 'button', class: 'wf-all-notes', 'data-control': 'all' })
      : null;
  view.append(h('div', { class: 'wf-tools' }, legend(rows), allButton));
  const table = spanTable(rows, header, scale, id, state);
  view.append(table);

  const syncAllButton = () => {
    if (!allButton) return;
    const everyShown = withNotes.every((r) => state.unfolded.has(r.id));
    allButton.textContent = everyShown ? 'Hide all notes' : 'Show all notes';
    allButton.dataset.unfold = everyShown ? 'false' : 'true';
  };
  const show = (span: number, shown: boolean) => {
    const toggle = table.querySelector<HTMLButtonElement>(`button.wf-toggle[data-span="${span}"]`);
    const notes = table.querySelector<HTMLElement>(`#${id}-notes-${span}`);
    if (!toggle || !notes) return;
    toggle.setAttribute('aria-expanded', String(shown));
    notes.hidden = !shown;
    if (shown) state.unfolded.add(span);
    else state.unfolded.delete(span);
  };
  table.addEventListener('click', (event) => {
    const toggle = (event.target as Element).closest<HTMLButtonElement>('button.wf-toggle');
    if (!toggle) return;
    const span = Number(toggle.dataset.span);
    show(span, !state.unfolded.has(span));
    syncAllButton();
  });
  allButton?.addEventListener('click', () => {
    const unfold = allButton.dataset.unfold === 'true';
    for (const row of withNotes) show(row.id, unfold);
    syncAllButton();
  });
  syncAllButton();

  container.replaceChildren(view);
  if (focus !== null) view.querySelector<HTMLElement>(`[data-control="${focus}"]`)?.focus();
}

/** The `data-control` of the control in `container` that has the focus, if any. */
function focusedControl(container: HTMLElement): string | null {
  const active = document.activeElement;
  return active instanceof HTMLElement && container.contains(active)
    ? (active.dataset.control ?? null)
    : null;
}

function spanTable(
  rows: readonly WaterfallRow[],
  header: WaterfallHeader,
  scale: WaterfallScale,
  id: string,
  state: ViewState,
): HTMLTableElement {
  const table = h(
    'table',
    { class: 'wf-table', 'aria-labelledby': `${id}-title` },
    h(
      'colgroup',
      {},
      h('col', { class: 'wf-col-label' }),
      h('col', { class: 'wf-col-track' }),
      h('col', { class: 'wf-col-took' }),
      h('col', { class: 'wf-col-status' }),
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'wf-label-head' }, 'Span'),
        h(
          'th',
          { scope: 'col', class: 'wf-axis-head' },
          h('span', { class: 'wf-sr' }, 'Timeline'),
          axis(scale),
        ),
        h('th', { scope: 'col', class: 'wf-num' }, 'Took'),
        h('th', { scope: 'col' }, 'Status'),
      ),
    ),
  );
  table.style.setProperty('--wf-step', `${(scale.step / scale.extent) * 100}%`);
  // Deep traces (a mesh doubles the hops) indent less per level, so that labels keep their room.
  const deepest = Math.max(1, ...rows.map((r) => r.depth));
  table.style.setProperty('--wf-indent', `${Math.max(6, Math.min(14, Math.floor(120 / deepest)))}px`);
  // A line at the answer when something went on after it (work a caller gave up on).
  const answerAt =
    !header.open && rows.some((r) => r.end > header.answeredAt) ? scale.x(header.answeredAt) : null;
  const body = h('tbody', {});
  for (const row of rows) {
    const notesId = `${id}-notes-${row.id}`;
    const shown = state.unfolded.has(row.id);
    body.append(spanRow(row, scale.extent, notesId, shown, answerAt));
    if (row.notes.length > 0) body.append(notesRow(row, notesId, shown));
  }
  table.append(body);
  return table;
}

function axis(scale: WaterfallScale): HTMLElement {
  const ticks = scale.ticks.map((tick, i) => {
    const element = h('span', { class: 'wf-tick', 'data-edge': i === 0 ? 'first' : null }, tick.label);
    element.style.left = `${tick.x}%`;
    return element;
  });
  return h('div', { class: 'wf-axis', 'aria-hidden': 'true' }, ...ticks);
}

function spanRow(
  row: WaterfallRow,
  extent: number,
  notesId: string,
  shown: boolean,
  answerAt: number | null,
): HTMLTableRowElement {
  const classes = ['wf-row', `kind-${row.kind}`];
  if (row.critical) classes.push('critical');
  if (row.open) classes.push('open');
  if (row.outlivesParent) classes.push('abandoned');

  const toggle =
    row.notes.length > 0
      ? h(
          'button',
          {
            type: 'button',
            class: 'wf-toggle',
            'aria-expanded': String(shown),
            'aria-controls': notesId,
            'data-span': row.id,
            'data-control': `notes-${row.id}`,
          },
          h('span', { class: 'wf-chevron', 'aria-hidden': 'true' }),
          h('span', { class: 'wf-count' }, String(row.notes.length)),
          h('span', { class: 'wf-sr' }, ` ${row.notes.length === 1 ? 'note' : 'notes'} on ${row.label}`),
        )
      : h('span', { class: 'wf-toggle-space', 'aria-hidden': 'true' });
  const label = h(
    'th',
    { scope: 'row', class: 'wf-label', title: row.label },
    h(
      'div',
      { class: 'wf-label-box' },
      toggle,
      h('span', { class: 'wf-name' }, row.label),
      h('span', { class: 'wf-sr' }, `, ${row.kind}${row.critical ? ', on the critical path' : ''}`),
    ),
  );
  label.style.setProperty('--depth', String(row.depth));

  const place = barPlacement(row, extent);
  const bar = h('span', { class: 'wf-bar', 'aria-hidden': 'true' });
  bar.style.left = `${place.left}%`;
  bar.style.width = `${place.width}%`;
  if (place.queued > 0) {
    const wait = h('span', { class: 'wf-wait' });
    wait.style.width = `${place.queued}%`;
    bar.append(wait);
  }
  const end = h(
    'span',
    { class: 'wf-end', 'aria-hidden': 'true' },
    outcomeMarker(row.open ? 'open' : row.outcome),
  );
  end.style.left = `${place.left + place.width}%`;
  const lane = h(
    'div',
    { class: 'wf-lane', title: barText(row) },
    h('span', { class: 'wf-sr' }, barText(row)),
    bar,
    end,
  );
  if (answerAt !== null) {
    const line = h('span', { class: 'wf-answer', 'aria-hidden': 'true' });
    line.style.left = `${answerAt}%`;
    lane.append(line);
  }
  const took = formatSpanDuration(row.end - row.start);
  return h(
    'tr',
    { class: classes.join(' '), 'data-span': row.id },
    label,
    h('td', { class: 'wf-track' }, lane),
    h('td', { class: 'wf-num' }, row.open ? `≥ ${took}` : took),
    h('td', { class: 'wf-status' }, status(row.open ? 'open' : row.outcome, row.statusText)),
  );
}

function notesRow(row: WaterfallRow, notesId: string, shown: boolean): HTMLTableRowElement {
  const list = h(
    'ul',
    { class: 'wf-notes', 'aria-label': `Notes on ${row.label}` },
    ...row.notes.map((note) => {
      const { source, text } = noteParts(note);
      return h(
        'li',
        {},
        source ? h('span', { class: 'wf-note-source' }, source) : null,
        source ? ' ' : null,
        text,
      );
    }),
  );
  list.style.setProperty('--depth', String(row.depth));
  const tr = h('tr', { class: 'wf-notes-row', id: notesId }, h('td', { colspan: 4 }, list));
  tr.hidden = !shown;
  return tr;
}
