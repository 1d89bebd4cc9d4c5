/**
 * The edges' traffic drawn on the diagram: each edge's line gets a width from its calls/s and a
 * colour from its error share, and a label (calls/s, p99, error share) in a pill on the edge, placed
 * clear of boxes and other labels (`label-placement.ts`). A label with no room, or every label of a
 * dense diagram, shows only while its edge is hovered or focused. Each label carries its raw figures
 * as `data-` attributes and says, in its tooltip, which window it covers.
 *
 * Ids come from user files: they are set as text or attributes only, never parsed as markup.
 */
import type { Selection } from 'd3';
import { testIdPart } from '../results-table';
import { edgeLabelLines, edgeTitle, edgeWidth, errorTone } from './edge-look';
import { pointOnEdge } from './edge-path';
import { inside, placeLabels } from './label-placement';
import { sumEdgeFigures } from './group-figures';
import type { EdgeLayout, TopologyLayout } from './layout';
import type { Rect } from './node-box';
import type { TrafficView } from './traffic-view';
import { setText } from '../dom';
import { SVG, r2, write } from '../svg';

/** Edges from which a diagram is dense: its labels show on hover or focus only. */
export const DENSE_EDGES = 40;

/** A label's text at scale 1, layout units: font size, line height, character advance, padding. */
export const EDGE_LABEL = { font: 9.5, line: 11, char: 5.3, padX: 4, padY: 3, chars: 12, lines: 3 } as const;

/** The drawn edge traffic of one diagram. */
export interface EdgeTrafficMarks {
  /** Shows `view`'s figures; `window` names its window for tooltips (`last 1 s to 00:07.3`). */
  update(view: TrafficView, window: string): void;
  /** Labels that have a place of their own (the others show on hover or focus). */
  readonly placed: number;
  /**
   * Shows unasked only the placed labels wholly inside `view` (the part of the layout the diagram's
   * box shows at its zoom and pan, layout units); the others show on hover or focus, like those with
   * no room: half a label at the box's edge tells nothing, and panned into view it shows again.
   */
  clip(view: Rect): void;
}

interface Label {
  readonly edge: EdgeLayout;
  readonly from: string;
  readonly to: string;
  /** What a collapsed group's edge stands for, before its tooltip's figures; '' for an edge of its own. */
  readonly merged: string;
  readonly group: SVGGElement;
  readonly line: SVGPathElement;
  readonly hit: SVGPathElement;
  readonly title: SVGTitleElement;
  readonly label: SVGGElement;
  readonly pill: SVGRectElement;
  readonly text: SVGTextElement;
  readonly at: { readonly x: number; readonly y: number };
  readonly onDemand: boolean;
  /** Placed, but out of the view shown: it shows on demand until panned into view. */
  outside: boolean;
  /** Pointed at or focused: an on-demand label shows. */
  hovered: boolean;
  /** What the line and label look like (lines, tone, width), the window named, and whether the lines are drawn. */
  look: string;
  window: string;
  lines: readonly string[];
  tone: string;
  /** The line's stroke width, layout units (NaN before the first figures). */
  width: number;
  drawn: boolean;
}

/**
 * Adds labels to `layer` (drawn above the boxes) for the edges of `groups` (one `g.edge` per
 * `EdgeLayout`, each holding its `path.edge-line`). `scale` enlarges the text so that it stays
 * readable when the diagram is shown smaller than its layout (1: layout size); `arrowId` is the id
 * of the diagram's arrowhead marker, with `-some` and `-many` for the error tones; labels stay
 * inside `visible`, the part of the layout plane the diagram's box shows (default: the layout).
 */
export function createEdgeTraffic(
  layer: Selection<SVGGElement, unknown, null, undefined>,
  groups: Selection<SVGGElement, EdgeLayout, SVGGElement, unknown>,
  layout: TopologyLayout,
  scale: number,
  arrowId: string,
  visible: Rect = { x: 0, y: 0, w: layout.width, h: layout.height },
): EdgeTrafficMarks {
  const size = {
    w: (EDGE_LABEL.chars * EDGE_LABEL.char + 2 * EDGE_LABEL.padX) * scale,
    h: (EDGE_LABEL.lines * EDGE_LABEL.line + 2 * EDGE_LABEL.padY) * scale,
  };
  const obstacles: Rect[] = layout.nodes.map((n) => {
    const left = n.sidecar ? n.sidecar.strip.x : n.box.x;
    // The box, the pills on its top edge (calls per request, breaker, a group's count) and the
    // refusals line under it, as large as the box is drawn.
    const top = Math.min(n.box.y - 12 * n.magnify, n.group === null ? Infinity : n.badge.y);
    return { x: left, y: top, w: n.box.x + n.box.w - left, h: n.box.y + n.box.h + 14 * n.magnify - top };
  });
  const dense = layout.edges.length > DENSE_EDGES;
  const places = dense
    ? layout.edges.map(() => null)
    : placeLabels(
        layout.edges,
        layout.edges.map(() => size),
        obstacles,
        undefined,
        visible,
      );
  const labels: Label[] = [];
  const node = layer.node()!;
  groups.each((edge, i, elements) => {
    const group = elements[i];
    const line = group.querySelector<SVGPathElement>('path.edge-line')!;
    const hit = group.ownerDocument.createElementNS(SVG, 'path');
    hit.setAttribute('class', 'edge-hit');
    hit.setAttribute('d', line.getAttribute('d') ?? '');
    group.insertBefore(hit, line);
    const title = group.ownerDocument.createElementNS(SVG, 'title');
    group.append(title);
    const place = places[i];
    const mid = pointOnEdge(edge, 0.5, { x: 0, y: 0 });
    const at = place ?? { x: mid.x, y: mid.y, anchorX: mid.x, anchorY: mid.y };
    const label = group.ownerDocument.createElementNS(SVG, 'g');
    const from = layout.nodes[edge.from].id;
    const to = layout.nodes[edge.to].id;
    const merged =
      edge.edges.length > 1
        ? `${edge.edges.length} calls together (calls/s and errors added up, p99 the slowest's): `
        : '';
    label.setAttribute('class', `edge-label${place ? '' : ' on-demand'}`);
    label.setAttribute('data-testid', `edge-label-${testIdPart(from)}-${testIdPart(to)}`);
    label.setAttribute('data-from', from);
    label.setAttribute('data-to', to);
    label.setAttribute('transform', `translate(${r2(at.x)},${r2(at.y)}) scale(${r2(scale)})`);
    const pill = group.ownerDocument.createElementNS(SVG, 'rect');
    pill.setAttribute('class', 'edge-label-pill');
    pill.setAttribute('rx', '4');
    const text = group.ownerDocument.createElementNS(SVG, 'text');
    if (at.anchorY !== at.y) {
      // Moved off its edge: a short leader back to it, in the label's own (scaled) units.
      const leader = group.ownerDocument.createElementNS(SVG, 'line');
      leader.setAttribute('class', 'edge-label-leader');
      leader.setAttribute('x1', '0');
      leader.setAttribute('y1', '0');
      leader.setAttribute('x2', String(r2((at.anchorX - at.x) / scale)));
      leader.setAttribute('y2', String(r2((at.anchorY - at.y) / scale)));
      label.append(leader);
    }
    label.append(pill, text);
    node.append(label);
    // One tab stop for all the edges (a roving tabindex): the arrow keys move between them.
    group.setAttribute('tabindex', labels.length === 0 ? '0' : '-1');
    const show = (on: boolean) => {
      entry.hovered = on;
      label.classList.toggle('hover', on);
      if (on && !entry.drawn) drawLines(entry);
    };
    group.addEventListener('mouseenter', () => show(true));
    group.addEventListener('mouseleave', () => show(false));
    group.addEventListener('focus', () => show(true));
    group.addEventListener('blur', () => show(false));
    const entry: Label = {
      edge,
      from,
      to,
      merged,
      group,
      line,
      hit,
      title,
      label,
      pill,
      text,
      at,
      onDemand: !place,
      outside: false,
      hovered: false,
      look: '',
      window: '',
      lines: [],
      tone: 'none',
      width: Number.NaN,
      drawn: false,
    };
    labels.push(entry);
  });
  roveFocus(labels.map((l) => l.group));
  return {
    placed: places.filter((p) => p !== null).length,
    clip(view: Rect): void {
      for (const l of labels) {
        if (l.onDemand) continue;
        const box = { x: l.at.x - size.w / 2, y: l.at.y - size.h / 2, w: size.w, h: size.h };
        const outside = !inside(box, view);
        if (outside === l.outside) continue;
        l.outside = outside;
        l.label.classList.toggle('on-demand', outside);
        if (shown(l) && !l.drawn && l.lines.length > 0) drawLines(l);
      }
    },
    update(view: TrafficView, window: string): void {
      for (const l of labels) {
        // A collapsed group's edge stands for several: its figures are theirs added up.
        const f = sumEdgeFigures(view.edges, l.edge.edges);
        if (f === undefined) continue;
        const lines = edgeLabelLines(f);
        const tone = errorTone(f.errorShare);
        const width = r2(edgeWidth(f.rps));
        const look = `${lines.join('|')}|${tone}|${width}`;
        const changed = look !== l.look;
        if (changed) {
          l.look = look;
          l.lines = lines;
          l.tone = tone;
          // Most slices change a label's figures but not its edge's tone or width: those stay unwritten.
          const classes = l.group.getAttribute('class')!.replace(/ tone-\w+/g, '');
          write(l.group, 'class', `${classes} tone-${tone}`);
          if (width !== l.width) {
            l.width = width;
            l.line.style.strokeWidth = String(width);
          }
          write(l.line, 'marker-end', `url(#${arrowId}${tone === 'none' ? '' : `-${tone}`})`);
          // A label nobody sees (no room, not pointed at) is drawn when it is.
          l.drawn = false;
          if (shown(l)) drawLines(l);
        }
        if (changed || window !== l.window) {
          l.window = window;
          const title = l.merged + edgeTitle(l.from, l.to, f, window);
          setText(l.title, title);
        }
        // The raw figures, for tests and tools, always those of the view shown.
        const label = l.label;
        write(label, 'data-window', view.mode);
        write(label, 'data-tries', String(f.tries));
        write(label, 'data-rps', String(f.rps));
        write(label, 'data-error-share', String(f.errorShare));
        write(label, 'data-client-error-share', String(f.clientErrorShare));
        write(label, 'data-p99', String(f.p99));
        write(label, 'data-edges', String(l.edge.edges.length));
      }
    },
  };
}

/** Whether a label is drawn now: it has a place in view, or its edge is pointed at or focused. */
function shown(l: Label): boolean {
  return (!l.onDemand && !l.outside) || l.hovered;
}

/**
 * Writes the label's lines, centred on its point, and fits its pill around them. Called on each slice
 * of playback whose figures changed: it writes only the attributes and texts that differ and keeps
 * the lines' nodes while their count stays, so the browser lays out only the texts that changed.
 */
function drawLines(l: Label): void {
  const { lines, tone } = l;
  l.drawn = true;
  const { line, char, padX, padY } = EDGE_LABEL;
  const height = lines.length * line + 2 * padY;
  const width = Math.max(...lines.map((s) => s.length)) * char + 2 * padX;
  write(l.pill, 'x', String(r2(-width / 2)));
  write(l.pill, 'y', String(r2(-height / 2)));
  write(l.pill, 'width', String(r2(width)));
  write(l.pill, 'height', String(r2(height)));
  write(
    l.label,
    'class',
    `edge-label tone-${tone}${l.onDemand || l.outside ? ' on-demand' : ''}${l.hovered ? ' hover' : ''}`,
  );
  const kept = l.text.children;
  if (kept.length === lines.length) {
    lines.forEach((s, i) => {
      const span = kept[i];
      write(span, 'y', String(r2(-height / 2 + padY + (i + 1) * line - 2.5)));
      setText(span, s);
    });
    return;
  }
  const spans = lines.map((s, i) => {
    const span = l.text.ownerDocument.createElementNS(SVG, 'tspan');
    span.setAttribute('x', '0');
    span.setAttribute('y', String(r2(-height / 2 + padY + (i + 1) * line - 2.5)));
    if (i === 0) span.setAttribute('class', 'rate');
    if (i === 2) span.setAttribute('class', 'problems');
    span.textContent = s;
    return span;
  });
  l.text.replaceChildren(...spans);
}

/** Keys that move the focus from one edge to another, and by how much (Infinity: to an end). */
const ROVING_KEYS: Readonly<Record<string, number>> = {
  ArrowRight: 1,
  ArrowDown: 1,
  ArrowLeft: -1,
  ArrowUp: -1,
  Home: -Infinity,
  End: Infinity,
};

/**
 * Makes `items` one tab stop: the one focused last holds tabindex 0, and the arrow keys (Home, End)
 * move to the next; they stop there, so the page's own arrow keys (stepping the clock) do not act.
 * A hundred services have about 300 edges: each a tab stop, the page behind them was out of reach.
 */
function roveFocus(items: readonly SVGElement[]): void {
  items.forEach((item, i) => {
    item.addEventListener('focus', () => {
      for (const other of items) other.setAttribute('tabindex', other === item ? '0' : '-1');
    });
    item.addEventListener('keydown', (event) => {
      const step = ROVING_KEYS[event.key];
      if (step === undefined || items.length === 0) return;
      event.preventDefault();
      event.stopPropagation();
      const next = Number.isFinite(step)
        ? (i + step + items.length) % items.length
        : step < 0
          ? 0
          : items.length - 1;
      items[next].focus();
    });
  });
}
