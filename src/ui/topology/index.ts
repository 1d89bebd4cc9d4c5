/**
 * The topology diagram of the page: `createDiagram` draws the SVG and leaves a canvas over it for
 * `createDotLayer`; `createLegend` explains both. Everything below them is pure and usable alone.
 */
export { layoutTopology, outerLeft, SPACING } from './layout';
export type { EdgeLayout, NodeLayout, NoteRowLayout, Rect, SidecarLayout, TopologyLayout } from './layout';
export { pointOnEdge, pathData, cubicPath, straightPath, PATH_SAMPLES } from './edge-path';
export type { EdgePath, Point } from './edge-path';
export { createDiagram } from './diagram';
export { diagramGroups, findGroups, groupPrefix, COLLAPSE_ABOVE_BOXES } from './groups';
export type { TopologyGroup } from './groups';
export type { Diagram, DiagramOptions } from './diagram';
export { createDotLayer, fitCanvasToBox, fitTransform } from './dots';
export type { DotCanvas, DotContext, DotLayer, DotLayerOptions, Fit } from './dots';
export { DotScene, DEFAULT_PENDING_HOLD_MS } from './dot-scene';
export { DotBuffer, DEFAULT_DOT_CAPACITY } from './dot-buffer';
export { DOT_STYLES, RETRY_COLOR, dotClass } from './dot-style';
export type { DotShape, DotStyle } from './dot-style';
export { createLegend, shapePathData } from './legend';
export { busyShare, queueShare, instanceState, nodeStats, ejectedNote } from './instance-state';
export type { InstanceState } from './instance-state';
export { breakerLook } from './breaker-pill';
export type { BreakerLook } from './breaker-pill';
export { noteShare, fitNote } from './node-notes';
export { boxExtras, GATEWAY_NOTE_ROWS } from './node-box';
export { topologySummary, nodeTitle } from './labels';
export { liveTraffic, runTraffic, idleComponents, liveWindowText, runWindowText } from './traffic-view';
export type { EdgeFigures, EdgeWindowMode, NodeFigures, TrafficView } from './traffic-view';
export { createTrafficLegend, createEdgeWindowControl, traceShareText } from './traffic-legend';
export type { EdgeWindowControl } from './traffic-legend';
export {
  edgeLabelLines,
  edgeTitle,
  edgeWidth,
  errorTone,
  rateText,
  latencyText,
  shareText,
} from './edge-look';
export { placeLabels } from './label-placement';
export { perRequestText, refusalText } from './node-traffic';
export { MAX_DOTS_PER_EDGE_SECOND } from './dot-scene';
