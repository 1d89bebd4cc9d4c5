/** The trace views: the waterfall of one request and the list to pick it from, and their models. */
export type { SpanData, SpanKind, TraceData } from './trace-data';
export { OUTCOMES, OUTCOME_LOOKS, OUTCOME_WORDS, outcomeOf, statusText } from './outcome';
export type { MarkerShape, Outcome, OutcomeLook } from './outcome';
export { outcomeMarker } from './marker';
export { spanTree, type SpanTree } from './span-tree';
export { criticalSpans } from './critical-path';
export {
  NOTES_UNFOLDED_UP_TO,
  barPlacement,
  barText,
  noteParts,
  notesUnfoldedAtFirst,
  spanLabel,
  waterfallHeader,
  waterfallRows,
} from './waterfall-model';
export type { BarPlacement, NoteParts, WaterfallHeader, WaterfallRow } from './waterfall-model';
export { formatSpanDuration, waterfallScale } from './waterfall-scale';
export type { AxisTick, TimeUnit, WaterfallScale } from './waterfall-scale';
export {
  DEFAULT_TRACE_LIST_OPTIONS,
  TRACE_LIST_FILTERS,
  sortedBy,
  traceListCounts,
  traceListRows,
} from './trace-list-model';
export type {
  TraceListFilter,
  TraceListItem,
  TraceListOptions,
  TraceListRow,
  TraceListSort,
} from './trace-list-model';
export { renderWaterfall, type WaterfallOptions } from './waterfall';
export { renderTraceList, TRACE_LIST_PAGE } from './trace-list';
