/**
 * What the list of traced requests shows: rows filtered by outcome and sorted, slowest first by
 * default, each with its share of the slowest duration for a small bar.
 */
import { OUTCOMES, outcomeOf, statusText, type Outcome } from './outcome';

/** One traced request as the list needs it. */
export interface TraceListItem {
  /** `client#n`. */
  readonly id: string;
  /** The answer's status; 0 while the client waits. */
  readonly status: number;
  /** From sending to the answer, ms; NaN while the client waits. */
  readonly durationMs: number;
}

/** A column the list sorts by. */
export type TraceListSort = 'duration' | 'id' | 'status';

/** Which requests the list shows: all, one outcome, or those still waiting. */
export type TraceListFilter = 'all' | Outcome | 'open';

/** The filters in the order the list offers them. */
export const TRACE_LIST_FILTERS: readonly TraceListFilter[] = ['all', ...OUTCOMES, 'open'];

export interface TraceListOptions {
  readonly sort: TraceListSort;
  /** Largest first (latest id first for `id`). */
  readonly descending: boolean;
  readonly filter: TraceListFilter;
}

/** Slowest first, every outcome. */
export const DEFAULT_TRACE_LIST_OPTIONS: TraceListOptions = {
  sort: 'duration',
  descending: true,
  filter: 'all',
};

/** One row of the list. */
export interface TraceListRow extends TraceListItem {
  readonly outcome: Outcome | null;
  /** The client still waits for the answer. */
  readonly open: boolean;
  /** `200`, `429 throttled`, `open`. */
  readonly statusText: string;
  /** The duration as a share of the slowest listed request's, 0 to 1; 0 while open. */
  readonly share: number;
}

const byId = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The rows for `items` under `options`. Requests still waiting have no duration and no status: they
 * sort last whichever the column and direction. Ties go by duration (slowest first), then by id.
 */
export function traceListRows(
  items: readonly TraceListItem[],
  options: TraceListOptions = DEFAULT_TRACE_LIST_OPTIONS,
): TraceListRow[] {
  const rows = items.map(toRow).filter((row) => matches(row, options.filter));
  let slowest = 0;
  for (const row of rows) if (!row.open && row.durationMs > slowest) slowest = row.durationMs;
  const sign = options.descending ? -1 : 1;
  const primary = (a: TraceListRow, b: TraceListRow): number => {
    if (options.sort === 'id') return sign * byId(a.id, b.id);
    if (a.open !== b.open) return a.open ? 1 : -1;
    if (a.open) return 0;
    return sign * (options.sort === 'status' ? a.status - b.status : a.durationMs - b.durationMs);
  };
  const tie = (a: TraceListRow, b: TraceListRow) =>
    (a.open === b.open ? (b.open ? 0 : b.durationMs - a.durationMs) : a.open ? 1 : -1) || byId(a.id, b.id);
  return rows
    .sort((a, b) => primary(a, b) || tie(a, b))
    .map((row) => ({ ...row, share: slowest > 0 && !row.open ? row.durationMs / slowest : 0 }));
}

/** How many of `items` each filter shows. */
export function traceListCounts(items: readonly TraceListItem[]): Record<TraceListFilter, number> {
  const counts = Object.fromEntries(TRACE_LIST_FILTERS.map((f) => [f, 0])) as Record<TraceListFilter, number>;
  for (const item of items) {
    const row = toRow(item);
    counts.all++;
    counts[row.open ? 'open' : (row.outcome ?? 'open')]++;
  }
  return counts;
}

/** The options after a click on column `sort`: the same column flips direction, another starts
 * slowest, latest or highest first. */
export function sortedBy(options: TraceListOptions, sort: TraceListSort): TraceListOptions {
  return options.sort === sort
    ? { ...options, descending: !options.descending }
    : { ...options, sort, descending: true };
}

function toRow(item: TraceListItem): TraceListRow {
  const open = !(item.status > 0) || !Number.isFinite(item.durationMs);
  return {
    id: item.id,
    status: item.status,
    durationMs: item.durationMs,
    outcome: open ? null : outcomeOf(item.status),
    open,
    statusText: statusText(item.status, open),
    share: 0,
  };
}

function matches(row: TraceListRow, filter: TraceListFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'open') return row.open;
  return row.outcome === filter;
}
