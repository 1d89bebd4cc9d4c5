/**
 * The topology diagram as SVG: edges (dashed, with a lock, under mTLS), a box per client, gateway and
 * service with its id, a kind badge and a cell per instance, and each sidecar as a strip on its
 * workload's box; over the boxes, the ejection line, breaker pill and note rows of `node-status.ts`.
 * Drawn once per topology from `layoutTopology`; `update` then only sets attributes and texts from a
 * frame, so that playback costs no DOM churn. A `<canvas>` laid over it is left for the dot layer
 * (`dots.ts`).
 *
 * Ids come from user files: they are set with `.text()` only, never parsed as markup.
 */
import { select, zoom, zoomIdentity, zoomTransform, type Selection, type ZoomTransform } from 'd3';
import type { FrameData, TopologyData } from '../../worker/frames';
import { testIdPart } from '../results-table';
import { pointOnEdge, pathData, type Point } from './edge-path';
import { busyShare, ejectedNote, instanceState, nodeStats, queueShare } from './instance-state';
import { nodeTitle, topologySummary } from './labels';
import {
  layoutTopology,
  type EdgeLayout,
  type LayoutGroups,
  type NodeLayout,
  type Rect,
  type SidecarLayout,
  type TopologyLayout,
} from './layout';
import { createNodeStatus } from './node-status';
import { BOX } from './node-box';
import {
  fitPanned,
  fitStacked,
  fitStage,
  focusZoom,
  MAX_ZOOM,
  NARROW_STAGE_PX,
  openingZoom,
  READABLE_SCALE,
  type StageFit,
} from './stage-fit';
import { canStack, stackLayout } from './stacked-layout';
import { createEdgeTraffic, EDGE_LABEL } from './edge-labels';
import { createNodeTraffic } from './node-traffic';
import { createOutOfViewCues } from './out-of-view';
import { createGroupMarks, drawGroupHulls } from './group-view';
import { boxTransform, MAP_BOX_MAGNIFY, naturalNode } from './box-magnify';
import type { TopologyGroup } from './groups';
import type { TrafficView } from './traffic-view';
import './topology.css';
import { setText } from '../dom';
import { r2, write } from '../svg';

/** Where a keyboard reaches the dots' requests (WCAG 2.1.1): the dots themselves are no tab stops. */
export const DOTS_BY_KEYBOARD =
  'Each moving dot is a sampled request; the Trace tab lists them, to open one by keyboard.';

/** The drawn diagram. */
export interface Diagram {
  /** The wrapper holding the SVG and the canvas over it; put it where the diagram goes. */
  readonly element: HTMLDivElement;
  readonly svg: SVGSVGElement;
  /** Same box as the SVG, for `createDotLayer`; it lets pointer events through to the SVG. */
  readonly canvas: HTMLCanvasElement;
  readonly layout: TopologyLayout;
  /**
   * Shows the state of every instance at the end of this frame (ejected ones included), its callers'
   * breakers and its notes. Throws if its columns do not fit the topology.
   */
  update(frame: FrameData): void;
  /**
   * Shows the edges' and boxes' traffic of `view` (a live window or the whole run); `window` names
   * the window for tooltips (`last 1 s to 00:07.3`).
   */
  setTraffic(view: TrafficView, window: string): void;
  /**
   * Components that took no time of their own over the run (a gateway with no overhead): their line
   * of figures says so instead of `busy 0%`.
   */
  setIdle(ids: ReadonlySet<string>): void;
  /** Edge labels that have a place of their own; the others show on hover or focus. */
  readonly labelsPlaced: number;
  /**
   * Calls `listener` as the reader zooms or pans (wheel, drag; a double click resets), with the view
   * in layout units: a point p of the layout shows at k·p + (x, y). The dot layer follows it.
   */
  onView(listener: (view: ZoomTransform) => void): void;
  /**
   * Shows `view` (as `onView` reports it) without calling the `onView` listener, which the caller
   * tells itself: diagrams of several variants side by side pan together, so that one hop is compared
   * across them.
   */
  showView(view: ZoomTransform): void;
  /** Removes the diagram from the page. */
  destroy(): void;
}

/** Options of `createDiagram`. */
export interface DiagramOptions {
  /** Room to lay out in, layout units; the SVG scales to its box. Default: the container's size, else 960 × 440. */
  readonly width?: number;
  readonly height?: number;
  /** Groups of services the diagram may fold (`diagramGroups`); default none. */
  readonly groups?: readonly TopologyGroup[];
  /** Ids of the groups drawn as one box each; the others are drawn expanded. Default none. */
  readonly collapsed?: ReadonlySet<string>;
  /** Called when the reader presses a group (its box, or an expanded group's name) with the group's id. */
  readonly onToggleGroup?: (group: string) => void;
  /**
   * Whether a narrow stage (a phone) may stack the diagram top to bottom, as tall as it needs; default
   * true. Variants side by side on a phone pass false: each keeps its left-to-right shape in a
   * compact box that opens readable on its left part and pans, so that the variants stand one above
   * the other within a screen or two instead of a column of boxes each.
   */
  readonly stack?: boolean;
  /**
   * An expanded group to open on (the one the reader just expanded): when the whole diagram would
   * draw its text under the readable size, it opens zoomed in to that size on this group, its
   * neighbours around it as context; a double click shows the whole. Default: none.
   */
  readonly focus?: string;
}

/** An instance cell's data. */
interface CellDatum {
  readonly cell: Rect;
  readonly bar: Rect;
  readonly slot: number;
  readonly concurrency: number;
  readonly queueLimit: number;
}

/** A sidecar cell's data. */
interface StripCellDatum {
  readonly cell: Rect;
  readonly slot: number;
  readonly concurrency: number;
}

type Group<Datum> = Selection<SVGGElement, Datum, SVGGElement, unknown>;
type Shape<Datum> = Selection<SVGRectElement, Datum, SVGGElement, unknown>;

/** Makes the `<marker>` ids of diagrams on one page unique (the compare view shows two). */
let diagrams = 0;

/** Appends a `<rect>` of class `className` at `box(datum)` to each element of `parent`. */
function rect<Datum, Parent extends Element>(
  parent: Selection<SVGGElement, Datum, Parent, unknown>,
  className: string,
  box: (d: Datum) => Rect,
): Selection<SVGRectElement, Datum, Parent, unknown> {
  return parent
    .append('rect')
    .attr('class', className)
    .attr('x', (d) => r2(box(d).x))
    .attr('y', (d) => r2(box(d).y))
    .attr('width', (d) => r2(box(d).w))
    .attr('height', (d) => r2(box(d).h));
}

/** The smallest rect holding all of `rects` (at least one). */
function unionOf(rects: readonly Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.w));
  const bottom = Math.max(...rects.map((r) => r.y + r.h));
  return { x, y, w: right - x, h: bottom - y };
}

/** Draws `topology` into `container` (appended; the container's other children stay). */
export function createDiagram(
  container: HTMLElement,
  topology: TopologyData,
  options: DiagramOptions = {},
): Diagram {
  const stage = select(container).append('div').attr('class', 'topology-stage');
  // The diagram's own box: what the container leaves it (a title line above it takes the rest).
  const own = stage.node() as HTMLDivElement;
  const width = options.width ?? (own.clientWidth || container.clientWidth || 960);
  let height = options.height ?? (own.clientHeight || container.clientHeight || 440);
  const groups = options.groups ?? [];
  let layoutOptions: LayoutGroups = { groups, collapsed: options.collapsed };
  const natural = layoutTopology(topology, 0, 0, layoutOptions);
  let stageFit: StageFit;
  let layout: TopologyLayout;
  // A phone reads the diagram downwards, as tall as it needs at a readable size (the page scrolls).
  const stacked =
    options.height === undefined && options.stack !== false && width < NARROW_STAGE_PX && canStack(natural)
      ? fitStacked(stackLayout(natural, 0, width / READABLE_SCALE), width)
      : undefined;
  if (stacked) {
    layout = stackLayout(natural, stacked.room.width, width / READABLE_SCALE);
    height = layout.height * stacked.scale;
    own.style.height = `${r2(height)}px`;
    stageFit = stacked;
  } else {
    // Laid out in the stage's shape at the scale the boxes can be drawn at, so that it fills the stage.
    // Room above and below the boxes for a row of edge labels (at 11 px, clear of the pills on a
    // box's top edge and the line under it), so that a short stage still shows them.
    const labelRow =
      (EDGE_LABEL.lines * EDGE_LABEL.line + 2 * EDGE_LABEL.padY) * (MIN_TEXT_PX / EDGE_LABEL.font) + 14;
    stageFit = fitStage({ width: natural.width, height: natural.height + 2 * labelRow }, { width, height });
    // Variants side by side on a wide stage share its height: one too small to read whole opens at
    // the readable size, its edge labels between its columns, and pans sideways (all together).
    if (options.stack === false && width >= NARROW_STAGE_PX) {
      const labelWidth =
        (EDGE_LABEL.chars * EDGE_LABEL.char + 2 * EDGE_LABEL.padX) * (MIN_TEXT_PX / EDGE_LABEL.font);
      stageFit = fitPanned(stageFit, natural, natural.columns, labelWidth, { width, height });
    } else if (groups.length === 0 && width >= NARROW_STAGE_PX && stageFit.scale < READABLE_SCALE) {
      // A long chain alone on a laptop's stage: its columns closer (its labels go above and below),
      // whole if that reads, else readable on its first boxes and panned to the rest. A large
      // topology keeps its whole map of groups.
      layoutOptions = { ...layoutOptions, leastColumnGap: TIGHT_COLUMN_GAP };
      const tight = layoutTopology(topology, 0, 0, layoutOptions);
      const room = { width: tight.width, height: tight.height + 2 * labelRow };
      stageFit = fitPanned(fitStage(room, { width, height }), room, tight.columns, 0, { width, height });
    } else if (
      groups.length > 0 &&
      groups.every((g) => options.collapsed?.has(g.id)) &&
      width >= NARROW_STAGE_PX &&
      stageFit.scale < READABLE_SCALE
    ) {
      // A map of collapsed groups drawn small: the group boxes carry larger type, and the boxes
      // beside them (the client, the gateway) are drawn as large, their room reserved.
      layoutOptions = { ...layoutOptions, magnify: MAP_BOX_MAGNIFY };
      const grown = layoutTopology(topology, 0, 0, layoutOptions);
      stageFit = fitStage({ width: grown.width, height: grown.height + 2 * labelRow }, { width, height });
    }
    layout = layoutTopology(topology, stageFit.room.width, stageFit.room.height, layoutOptions);
  }
  const stageSize = { width, height };
  const toggleGroup = (group: string): void => options.onToggleGroup?.(group);
  const arrowId = `meshsim-arrow-${++diagrams}`;

  const svg = stage
    .append('svg')
    .attr('class', 'topology')
    .attr('viewBox', `0 0 ${r2(layout.width)} ${r2(layout.height)}`)
    .attr('preserveAspectRatio', 'xMidYMid meet')
    .attr('role', 'img')
    // The dots cannot take the focus: the label says where the keyboard finds their requests.
    .attr('aria-label', `${topologySummary(topology)} ${DOTS_BY_KEYBOARD}`);
  // One arrowhead per error tone, in the line's colour; sized in user units, so a wide line keeps a small head.
  const defs = svg.append('defs');
  for (const [suffix, tone] of [
    ['', 'none'],
    ['-some', 'some'],
    ['-many', 'many'],
  ] as const) {
    defs
      .append('marker')
      .attr('id', arrowId + suffix)
      .attr('viewBox', '0 0 8 8')
      .attr('refX', 7)
      .attr('refY', 4)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('markerUnits', 'userSpaceOnUse')
      .attr('orient', 'auto')
      .append('path')
      .attr('class', `arrow tone-${tone}`)
      .attr('d', 'M0,0.5L8,4L0,7.5Z');
  }

  // Everything drawn sits in one group that zooming transforms; the defs stay outside it.
  const root = svg.append('g').attr('class', 'zoom-root');
  drawGroupHulls(
    root.append('g').attr('class', 'group-hulls').node()!,
    layout.hulls,
    new Map(groups.map((g) => [g.id, g.members.length])),
    toggleGroup,
  );
  const edgeGroups = drawEdges(root.append('g').attr('class', 'edges'), layout.edges, layout, arrowId);

  const nodes = root
    .append('g')
    .attr('class', 'nodes')
    .selectAll<SVGGElement, NodeLayout>('g')
    // A magnified box's content is drawn at its natural size and scaled as one (`box-magnify.ts`).
    .data(layout.nodes.map(naturalNode))
    .join('g')
    .attr('transform', (d, i) => boxTransform(layout.nodes[i]))
    .attr('class', (d, i) => `node ${d.kind}${layout.nodes[i].magnify === 1 ? '' : ' magnified'}`)
    .style('--magnify', (d, i) =>
      layout.nodes[i].magnify === 1 ? null : String(r2(layout.nodes[i].magnify)),
    )
    .attr('data-id', (d) => d.id)
    .attr('data-testid', (d) => `topology-node-${testIdPart(d.id)}`);
  nodes.append('title').text(nodeTitle);

  const strips = nodes
    .filter((d) => d.sidecar !== null)
    .append('g')
    .attr('class', 'sidecar')
    .datum((d) => d.sidecar as SidecarLayout);
  strips.append('title').text((d) => d.id);
  rect(strips, 'strip', (d) => d.strip);
  const stripCells: Group<StripCellDatum> = strips
    .selectAll<SVGGElement, StripCellDatum>('g')
    .data((s) => s.cells.map((cell, i) => ({ cell, slot: s.slot + i, concurrency: s.concurrency })))
    .join('g')
    .attr('class', 'sc-cell');
  rect(stripCells, 'sc-bg', (d) => d.cell);
  const stripBusy: Shape<StripCellDatum> = rect(stripCells, 'sc-busy', (d) => d.cell).attr('height', 0);

  rect(nodes, 'box', (d) => d.box).attr('rx', 6);
  nodes
    .append('text')
    .attr('class', 'label')
    .attr('x', (d) => r2(d.labelX))
    .attr('y', (d) => r2(d.labelY))
    .text((d) => d.label);
  const badges = nodes
    .filter((d) => d.badgeText !== '')
    .append('g')
    .attr('class', 'badge');
  rect(badges, 'badge-pill', (d) => d.badge).attr('rx', 6.5);
  badges
    .append('text')
    .attr('x', (d) => r2(d.badge.x + d.badge.w / 2))
    .attr('y', (d) => r2(d.badge.y + d.badge.h - 3.5))
    .text((d) => d.badgeText);

  const cells: Group<CellDatum> = nodes
    .selectAll<SVGGElement, CellDatum>('g.cell')
    .data((d) =>
      d.cells.map((cell, i) => ({
        cell,
        bar: d.bars[i],
        slot: d.slot + i,
        concurrency: d.concurrency,
        queueLimit: d.queueLimit,
      })),
    )
    .join('g')
    .attr('class', 'cell up')
    .attr('data-slot', (d) => d.slot);
  rect(cells, 'cell-bg', (d) => d.cell).attr('rx', 2);
  const cellBusy: Shape<CellDatum> = rect(cells, 'cell-busy', (d) => d.cell).attr('height', 0);
  cells
    .append('path')
    .attr('class', 'cell-cross')
    .attr('d', ({ cell: c }) => {
      const [x0, y0, x1, y1] = [r2(c.x + 2), r2(c.y + 2), r2(c.x + c.w - 2), r2(c.y + c.h - 2)];
      return `M${x0},${y0}L${x1},${y1}M${x1},${y0}L${x0},${y1}`;
    });
  // An ejected instance's mark: a short stripe across its top-left corner (down is a full cross).
  cells
    .append('path')
    .attr('class', 'cell-stripe')
    .attr('d', ({ cell: c }) => `M${r2(c.x)},${r2(c.y + 5)}L${r2(c.x + 5)},${r2(c.y)}`);
  rect(cells, 'queue-bg', (d) => d.bar);
  const queueFill: Shape<CellDatum> = rect(cells, 'queue-fill', (d) => d.bar).attr('width', 0);
  // Two lines of figures (`queue 7`, `busy 71%`): short lines keep the boxes narrow.
  const stats = nodes
    .filter((d) => d.cells.length > 0)
    .append('text')
    .attr('class', 'stats')
    .attr('x', (d) => r2(d.statsX))
    .attr('y', (d) => r2(d.statsY));
  stats
    .append('tspan')
    .attr('x', (d) => r2(d.statsX))
    .attr('y', (d) => r2(d.statsY - BOX.statsLine));
  stats
    .append('tspan')
    .attr('x', (d) => r2(d.statsX))
    .attr('y', (d) => r2(d.statsY));
  // A collapsed group's box sums its members: it has marks of its own, not a box's.
  const single = nodes.filter((d) => d.group === null);
  const status = createNodeStatus(single);
  const nodeTraffic = createNodeTraffic(single);
  const groupMarks = createGroupMarks(
    nodes.filter((d) => d.group !== null),
    topology,
    toggleGroup,
  );
  // The opening view: the whole layout (`meet`), or on a phone its left part zoomed in to be read.
  const fit = Math.min(width / layout.width, height / layout.height);
  const focused = layout.hulls.filter((hull) => hull.group === options.focus).map((hull) => hull.rect);
  // Side by side on a phone, each variant opens on where its requests enter (its clients and
  // gateway), which a tall layout would otherwise leave below a blank top-left corner.
  const entry = layout.nodes.filter((n) => n.kind === 'client' || n.kind === 'gateway').map((n) => n.box);
  const opening =
    focused.length > 0 && !stageFit.zoomedIn
      ? focusZoom(unionOf(focused), layout, stageSize, READABLE_SCALE)
      : stageFit.zoomedIn && options.stack === false && entry.length > 0
        ? focusZoom(unionOf(entry), layout, stageSize, stageFit.scale)
        : openingZoom(stageFit, layout, stageSize);
  // Edge labels are at least MIN_TEXT_PX at the opening view, however small the diagram is drawn:
  // a label with no room at that size shows when its edge is pointed at or focused.
  const shown = fit * opening.k;
  const labelPx = Math.max(MIN_TEXT_PX, EDGE_LABEL.font * shown);
  // Rounded up to the hundredth the SVG writes, so that rounding never takes a label under its size.
  const labelScale = Math.min(2.5, Math.max(1, Math.ceil((100 * labelPx) / (EDGE_LABEL.font * shown)) / 100));
  const labelLayer = root.append('g').attr('class', 'edge-labels');
  // What the box shows of the layout: all of it, and the margins `meet` leaves around it.
  const visible: Rect = {
    x: (layout.width - width / fit) / 2,
    y: (layout.height - height / fit) / 2,
    w: width / fit,
    h: height / fit,
  };
  const edgeTraffic = createEdgeTraffic(labelLayer, edgeGroups, layout, labelScale, arrowId, visible);
  // Labels too small to read (a phone's narrow box) wait for the reader to zoom in, or to point at an edge.
  const labelPxAt1 = EDGE_LABEL.font * labelScale * fit;
  const readableAt = (k: number) => labelLayer.classed('too-small', labelPxAt1 * k < MIN_LABEL_PX);
  readableAt(1);
  let idle: ReadonlySet<string> = new Set();

  const canvas = stage.append('canvas').attr('class', 'topology-dots').attr('aria-hidden', 'true');

  // Zoom and pan, for topologies too big to read whole (a hundred services): from 1x to 12x, never
  // past the drawing's edges; a double click goes back to the whole picture.
  let viewListener: ((view: ZoomTransform) => void) | undefined;
  const zooming = zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, MAX_ZOOM])
    .translateExtent([
      [0, 0],
      [layout.width, layout.height],
    ])
    .on('zoom', (event: { transform: ZoomTransform }) => {
      root.attr('transform', event.transform.toString());
      readableAt(event.transform.k);
      markCut();
      clipLabels(event.transform);
      if (!quiet) viewListener?.(event.transform);
    });
  // A drawing wider than its box fades out at the side it goes on, until the reader pans there: the
  // cut is seen as "more this way", not as a box drawn wrong.
  const markCut = (): void => {
    const box = (svg.node() as SVGSVGElement).getBoundingClientRect();
    const drawn = (root.node() as SVGGElement).getBoundingClientRect();
    own.classList.toggle('more-left', drawn.left < box.left - 2);
    own.classList.toggle('more-right', drawn.right > box.right + 2);
  };
  // The part of the layout the box shows at a zoom: a layout point p shows at k·p + (x, y) in the
  // SVG's user units, whose box spans the layout and the margins `meet` leaves around it.
  const clipLabels = (view: { k: number; x: number; y: number }): void => {
    const left = (layout.width - width / fit) / 2;
    const top = (layout.height - height / fit) / 2;
    const x0 = (left - view.x) / view.k;
    const y0 = (top - view.y) / view.k;
    edgeTraffic.clip({ x: x0, y: y0, w: width / fit / view.k, h: height / fit / view.k });
    outOfView(x0, x0 + width / fit / view.k);
  };
  // The boxes a panned view leaves out, named at its cut edges; pressing one pans most of a view there.
  const outOfView = createOutOfViewCues(own, layout.nodes, (side) => {
    const step = (0.8 * width) / fit / zoomTransform(svg.node() as SVGSVGElement).k;
    svg.call(zooming.translateBy, side === 'right' ? -step : step, 0);
  });
  // True while a view is shown from outside (`showView`), which must not echo back to the others.
  let quiet = false;
  svg
    .call(zooming)
    .on('dblclick.zoom', null)
    .on('dblclick', () => svg.call(zooming.transform, zoomIdentity));
  svg.append('title').text('Scroll to zoom, drag to pan, double-click to see the whole diagram');
  if (opening.k > 1)
    svg.call(zooming.transform, zoomIdentity.translate(opening.x, opening.y).scale(opening.k));
  else {
    markCut();
    clipLabels({ k: 1, x: 0, y: 0 });
  }

  return {
    element: stage.node() as HTMLDivElement,
    svg: svg.node() as SVGSVGElement,
    canvas: canvas.node() as HTMLCanvasElement,
    layout,
    update(frame: FrameData): void {
      const slots = Math.min(frame.busy.length, frame.up.length, frame.ejected.length);
      if (slots < topology.slots) {
        throw new Error(
          `frame of variant ${frame.variant} has ${slots} instance slots; ` +
            `topology '${topology.variant}' needs ${topology.slots}`,
        );
      }
      const nodeCount = Math.min(frame.breaker.length, frame.notes.length);
      if (nodeCount < topology.nodes.length) {
        throw new Error(
          `frame of variant ${frame.variant} has breaker states and notes for ${nodeCount} nodes; ` +
            `topology '${topology.variant}' has ${topology.nodes.length}`,
        );
      }
      // Each write below is skipped when the value is the one already shown: a steady box then costs
      // no style or layout work, which on a large diagram is most of an animation frame.
      cells.each(function (d) {
        const state = instanceState(frame.up[d.slot], frame.known[d.slot], frame.ejected[d.slot]);
        write(this, 'class', `cell ${state}`);
      });
      cellBusy.each(function (d) {
        const h = d.cell.h * busyShare(frame.busy[d.slot], d.concurrency);
        write(this, 'y', String(r2(d.cell.y + d.cell.h - h)));
        write(this, 'height', String(r2(h)));
        const saturated = frame.busy[d.slot] >= d.concurrency && frame.queued[d.slot] > 0;
        write(this, 'class', saturated ? 'cell-busy saturated' : 'cell-busy');
      });
      queueFill.each(function (d) {
        write(this, 'width', String(r2(d.bar.w * queueShare(frame.queued[d.slot], d.queueLimit))));
        const full = d.queueLimit >= 0 && frame.queued[d.slot] >= d.queueLimit;
        write(this, 'class', full ? 'queue-fill full' : 'queue-fill');
      });
      stripBusy.each(function (d) {
        const h = d.cell.h * busyShare(frame.busy[d.slot], d.concurrency);
        write(this, 'y', String(r2(d.cell.y + d.cell.h - h)));
        write(this, 'height', String(r2(h)));
      });
      stats.each(function (d) {
        const line = idle.has(d.id) ? IDLE_STATS : nodeStats(frame, d.slot, d.cells.length, d.concurrency);
        // A box with no ejection line of its own says it on its line of figures.
        const ejected = d.ejectedY === null ? ejectedNote(frame, d.slot, d.cells.length) : '';
        const text = ejected === '' ? line : `${ejected} · ${line}`;
        // The last figure on the second line, the others on the first.
        const cut = text.lastIndexOf(' · ');
        const first = cut < 0 ? '' : text.slice(0, cut);
        const second = cut < 0 ? text : text.slice(cut + 3);
        const [top, bottom] = [this.firstChild, this.lastChild];
        if (top instanceof Element) setText(top, first);
        if (bottom instanceof Element) setText(bottom, second);
      });
      status.update(frame);
      groupMarks.update(frame);
    },
    setTraffic(view: TrafficView, window: string): void {
      edgeTraffic.update(view, window);
      nodeTraffic.update(view, window);
      groupMarks.setTraffic(view, window);
    },
    setIdle(ids: ReadonlySet<string>): void {
      idle = ids;
    },
    get labelsPlaced() {
      return edgeTraffic.placed;
    },
    onView(listener): void {
      viewListener = listener;
      // A diagram that opens zoomed in (a phone) tells its dots at once.
      const now = zoomTransform(svg.node() as SVGSVGElement);
      if (now.k !== 1 || now.x !== 0 || now.y !== 0) listener(now);
    },
    showView(view: ZoomTransform): void {
      quiet = true;
      try {
        svg.call(zooming.transform, view);
      } finally {
        quiet = false;
      }
    },
    destroy(): void {
      svg.on('.zoom', null);
      stage.remove();
    },
  };
}

/** Least space between the columns of a chain too long for its stage, layout units (usually 40). */
const TIGHT_COLUMN_GAP = 28;

/** Least size of the diagram's text at the opening view, CSS px (its fonts are at least 11 layout units). */
const MIN_TEXT_PX = 11;

/**
 * Smallest edge label text drawn unasked, CSS px (the diagram's least text size, less the rounding of
 * a hundredth): smaller shows on hover or focus, or once zoomed in.
 */
const MIN_LABEL_PX = MIN_TEXT_PX - 0.05;

/** What a component that takes no time of its own shows instead of `queue 0 · busy 0%`. */
const IDLE_STATS = 'no cost modelled';

/**
 * The edges, each a path with an arrowhead; an mTLS edge gets a dashed line and a lock a third of
 * the way along (its middle is its traffic label's).
 */
function drawEdges(
  parent: Selection<SVGGElement, unknown, null, undefined>,
  edges: readonly EdgeLayout[],
  layout: TopologyLayout,
  arrowId: string,
): Selection<SVGGElement, EdgeLayout, SVGGElement, unknown> {
  const groups = parent
    .selectAll<SVGGElement, EdgeLayout>('g')
    .data(edges)
    .join('g')
    .attr('class', (d) => `edge${d.mtls ? ' mtls' : ''}${d.failover ? ' failover' : ''}`)
    .attr('data-from', (d) => layout.nodes[d.from].id)
    .attr('data-to', (d) => layout.nodes[d.to].id);
  groups.append('path').attr('class', 'edge-line').attr('d', pathData).attr('marker-end', `url(#${arrowId})`);
  groups
    .filter((d) => d.failover)
    .append('title')
    .text('failover: taken only while the service called has no healthy endpoint');
  const mid: Point = { x: 0, y: 0 };
  const locks = groups
    .filter((d) => d.mtls)
    .append('g')
    .attr('class', 'lock')
    .attr('transform', (d) => {
      pointOnEdge(d, 0.2, mid);
      return `translate(${r2(mid.x)},${r2(mid.y)})`;
    });
  locks.append('title').text('mTLS');
  locks.append('circle').attr('class', 'lock-halo').attr('r', 7);
  locks.append('path').attr('class', 'lock-shackle').attr('d', 'M-2.3,-0.5V-2.6A2.3,2.3 0 0 1 2.3,-2.6V-0.5');
  locks
    .append('rect')
    .attr('class', 'lock-body')
    .attr('x', -3.6)
    .attr('y', -0.8)
    .attr('width', 7.2)
    .attr('height', 5.4)
    .attr('rx', 1);
  return groups;
}
