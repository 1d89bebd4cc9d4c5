/**
 * The trace panel's two views, the waterfall of one request and the list to pick it from: the page
 * imports this module when a trace is first shown (`import('./trace/trace-views')`), not with itself.
 */
export { renderWaterfall } from './waterfall';
export { renderTraceList } from './trace-list';
