/**
 * The list of traced requests to pick one from: filters by outcome (with counts), a table sortable
 * by request, duration and status (slowest first at the start), each duration with a small bar, and
 * a button per request. The order and filter come from `trace-list-model.ts`.
 */
import { h } from '../dom';
import { formatCount } from '../../report/figure-format';
import { outcomeMarker } from './marker';
import { OUTCOME_WORDS } from './outcome';
import {
  DEFAULT_TRACE_LIST_OPTIONS,
  TRACE_LIST_FILTERS,
  sortedBy,
  traceListCounts,
  traceListRows,
  type TraceListFilter,
  type TraceListItem,
  type TraceListOptions,
  type TraceListRow,
  type TraceListSort,
} from './trace-list-model';
import { formatSpanDuration } from './waterfall-scale';
import './trace.css';

/** Rows drawn at first, and added by each "show more". */
export const TRACE_LIST_PAGE = 100;

/** What survives a redraw of the list in the same container. */
interface ListState {
  options: TraceListOptions;
  picked: string | null;
  shown: number;
}

const states = new WeakMap<HTMLElement, ListState>();

const FILTER_WORDS: Readonly<Record<TraceListFilter, string>> = {
  all: 'All',
  ok: 'OK',
  '4xx': '4xx',
  '429': '429',
  '5xx': '5xx',
  timeout: 'Timeout',
  open: 'Open',
};

const COLUMNS: readonly { sort: TraceListSort; text: string; numeric: boolean }[] = [
  { sort: 'id', text: 'Request', numeric: false },
  { sort: 'duration', text: 'Duration', numeric: true },
  { sort: 'status', text: 'Status', numeric: false },
];

/**
 * Draws the list of `traces` into `container`, replacing what it held; `onPick` gets the id of the
 * request chosen. Drawing it again (with more traces, say) keeps the sort, the filter and the pick.
 */
export function renderTraceList(
  container: HTMLElement,
  traces: readonly TraceListItem[],
  onPick: (id: string) => void,
): void {
  const state = states.get(container) ?? {
    options: DEFAULT_TRACE_LIST_OPTIONS,
    picked: null,
    shown: TRACE_LIST_PAGE,
  };
  states.set(container, state);
  const counts = traceListCounts(traces);
  const focused =
    document.activeElement instanceof HTMLElement && container.contains(document.activeElement)
      ? (document.activeElement.dataset.control ?? null)
      : null;

  const filters = h('div', { class: 'tl-filters', role: 'group', 'aria-label': 'Show requests by outcome' });
  const caption = h('caption', { class: 'wf-sr' });
  const headRow = h('tr', {});
  const body = h('tbody', {});
  const more = h('p', { class: 'tl-more' });
  const table = h('table', { class: 'tl-table' }, caption, h('thead', {}, headRow), body);

  const draw = () => {
    const { options } = state;
    filters.replaceChildren(
      ...TRACE_LIST_FILTERS.filter((f) => f === 'all' || counts[f] > 0 || f === options.filter).map((f) =>
        h(
          'button',
          {
            type: 'button',
            class: 'tl-filter',
            'aria-pressed': String(f === options.filter),
            'data-control': `filter-${f}`,
            'data-filter': f,
          },
          f === 'all' ? null : outcomeMarker(f),
          FILTER_WORDS[f],
          h('span', { class: 'tl-count' }, formatCount(counts[f])),
        ),
      ),
    );
    headRow.replaceChildren(
      ...COLUMNS.map(({ sort, text, numeric }) => {
        const active = options.sort === sort;
        const direction = active ? (options.descending ? 'descending' : 'ascending') : 'none';
        return h(
          'th',
          { scope: 'col', class: numeric ? 'wf-num' : null, 'aria-sort': direction },
          h(
            'button',
            { type: 'button', class: 'tl-sort', 'data-control': `sort-${sort}`, 'data-sort': sort },
            text,
            h(
              'span',
              { class: 'tl-arrow', 'aria-hidden': 'true' },
              active ? (options.descending ? '▼' : '▲') : '',
            ),
          ),
        );
      }),
    );
    const rows = traceListRows(traces, options);
    caption.textContent = `Traced requests, ${describe(options)}`;
    body.replaceChildren(...rows.slice(0, state.shown).map((row) => listRow(row, row.id === state.picked)));
    if (rows.length === 0) {
      body.append(
        h(
          'tr',
          {},
          h(
            'td',
            { colspan: 3, class: 'tl-empty' },
            traces.length === 0 ? 'No request traced yet.' : 'None with this outcome.',
          ),
        ),
      );
    }
    more.replaceChildren();
    if (rows.length > state.shown) {
      more.append(
        `Showing ${formatCount(state.shown)} of ${formatCount(rows.length)}. `,
        h(
          'button',
          { type: 'button', class: 'tl-show-more', 'data-control': 'more' },
          `Show ${formatCount(Math.min(TRACE_LIST_PAGE, rows.length - state.shown))} more`,
        ),
      );
    }
  };

  filters.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-filter]');
    if (!button) return;
    state.options = { ...state.options, filter: button.dataset.filter as TraceListFilter };
    state.shown = TRACE_LIST_PAGE;
    redraw(`filter-${state.options.filter}`);
  });
  headRow.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-sort]');
    if (!button) return;
    const sort = button.dataset.sort as TraceListSort;
    state.options = sortedBy(state.options, sort);
    redraw(`sort-${sort}`);
  });
  more.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('button.tl-show-more')) return;
    const first = state.shown;
    state.shown += TRACE_LIST_PAGE;
    draw();
    // The first of the rows just added takes the focus, so that reading goes on where it stopped.
    body.querySelectorAll<HTMLButtonElement>('button.tl-pick')[first]?.focus();
  });
  body.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.tl-pick');
    if (!button) return;
    const id = button.dataset.id!;
    state.picked = id;
    for (const tr of body.querySelectorAll<HTMLTableRowElement>('tr[data-id]')) {
      if (tr.dataset.id === id) tr.setAttribute('aria-current', 'true');
      else tr.removeAttribute('aria-current');
    }
    onPick(id);
  });

  /** Draws again and puts the focus back on the control that was used (its element is new). */
  function redraw(control: string): void {
    draw();
    container.querySelector<HTMLElement>(`[data-control="${CSS.escape(control)}"]`)?.focus();
  }

  draw();
  container.replaceChildren(
    h('div', { class: 'trace-list' }, filters, h('div', { class: 'tl-scroll' }, table), more),
  );
  if (focused !== null)
    container.querySelector<HTMLElement>(`[data-control="${CSS.escape(focused)}"]`)?.focus();
}

function listRow(row: TraceListRow, picked: boolean): HTMLTableRowElement {
  const meter = h(
    'span',
    { class: 'tl-meter', 'aria-hidden': 'true' },
    h('span', { class: 'tl-meter-fill' }),
  );
  (meter.firstChild as HTMLElement).style.width = `${row.share * 100}%`;
  return h(
    'tr',
    { 'data-id': row.id, 'aria-current': picked ? 'true' : null, class: row.open ? 'open' : null },
    h(
      'th',
      { scope: 'row' },
      h(
        'button',
        { type: 'button', class: 'tl-pick', 'data-id': row.id, 'data-control': `pick-${row.id}` },
        row.id,
      ),
    ),
    h('td', { class: 'wf-num' }, meter, row.open ? '—' : formatSpanDuration(row.durationMs)),
    h(
      'td',
      {},
      h('span', { class: 'wf-status-text' }, outcomeMarker(row.open ? 'open' : row.outcome), row.statusText),
    ),
  );
}

/** The list's order and filter in words, for its caption. */
function describe(options: TraceListOptions): string {
  const order =
    options.sort === 'duration'
      ? options.descending
        ? 'slowest first'
        : 'fastest first'
      : options.sort === 'id'
        ? `by request, ${options.descending ? 'descending' : 'ascending'}`
        : options.descending
          ? 'highest status first'
          : 'lowest status first';
  const which =
    options.filter === 'all'
      ? ''
      : options.filter === 'open'
        ? ', still open only'
        : `, ${OUTCOME_WORDS[options.filter]} only`;
  return `${order}${which}`;
}
