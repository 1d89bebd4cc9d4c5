/**
 * The thin DOM side of the charts: one `<svg>` in a container, patched from successive scenes so that
 * only attributes and texts that changed are written; sized to the container's width, which it
 * watches. Text is set as text content only. Everything else about a chart is pure and lives in its
 * own module.
 */
import { select, type Transition } from 'd3';
// `selection.transition()` is added to d3's selections by this module's side effect, which a bundler
// drops when only `select` is imported from d3.
import 'd3-transition';
import { SVG_NS, type SvgNode } from './scene';

/** How long an animated change of geometry takes, ms (0 when the reader asks for reduced motion). */
export const MOTION_MS = 250;

/** Geometry attributes worth animating; others (paths, text) are set at once. */
const ANIMATED = new Set(['x', 'y', 'width', 'height', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy']);

/** Whether the reader asked for reduced motion (true where it cannot be asked: no animation then). */
export function prefersReducedMotion(): boolean {
  const match = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
  return match === undefined ? true : match.matches;
}

function create(document: Document, node: SvgNode): Element {
  const element = document.createElementNS(SVG_NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) element.setAttribute(name, String(value));
  if (node.text !== undefined) element.textContent = node.text;
  for (const child of node.children) element.appendChild(create(document, child));
  return element;
}

function patchAttributes(element: Element, before: SvgNode, after: SvgNode, motion: boolean): void {
  let moving: Transition<Element, unknown, null, undefined> | null = null;
  for (const [name, value] of Object.entries(after.attrs)) {
    if (before.attrs[name] === value) continue;
    if (motion && after.animate && ANIMATED.has(name) && name in before.attrs) {
      // One transition per element: a second one of the same name would cancel the first.
      moving ??= select(element).transition().duration(MOTION_MS);
      moving.attr(name, String(value));
    } else {
      element.setAttribute(name, String(value));
    }
  }
  for (const name of Object.keys(before.attrs)) {
    if (!(name in after.attrs)) element.removeAttribute(name);
  }
}

/**
 * Makes `element` (drawn from `before`) show `after`, writing only what differs; returns the element
 * that now shows it (a new one when the tag changed).
 */
export function patch(element: Element, before: SvgNode, after: SvgNode, motion: boolean): Element {
  // Charts reuse the nodes of parts that did not change; those cost nothing here.
  if (before === after) return element;
  const document = element.ownerDocument;
  if (before.tag !== after.tag) {
    const replacement = create(document, after);
    element.parentNode?.replaceChild(replacement, element);
    return replacement;
  }
  patchAttributes(element, before, after, motion);
  if (after.text !== undefined) {
    if (before.text !== after.text) element.textContent = after.text;
    return element;
  }
  if (before.text !== undefined) element.textContent = '';
  const kids = before.text === undefined ? Array.from(element.children) : [];
  const shared = Math.min(kids.length, after.children.length);
  for (let i = 0; i < shared; i++) patch(kids[i], before.children[i], after.children[i], motion);
  for (let i = shared; i < after.children.length; i++)
    element.appendChild(create(document, after.children[i]));
  for (let i = kids.length - 1; i >= shared; i--) kids[i].remove();
  return element;
}

/**
 * Whether motion is allowed now, from a media query asked once (asking anew on every frame of every
 * chart costs more than drawing the cursor); no motion where it cannot be asked.
 */
function motionQuery(): { allowed(): boolean } {
  const query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
  return { allowed: () => query !== undefined && !query.matches };
}

/** One chart's `<svg>` in its container. */
export interface ChartHost {
  readonly svg: SVGSVGElement;
  /**
   * The container's width, px, as last measured (on its first layout and each resize, or at creation
   * where there is no ResizeObserver; `fallbackWidth` until then and while it has none, e.g. hidden).
   */
  width(): number;
  /** Shows `scene` (an `<svg>` node), writing only what changed since the last one. */
  render(scene: SvgNode): void;
  /** Stops watching the container and removes the `<svg>`. */
  destroy(): void;
}

/**
 * Appends an `<svg>` to `container` and calls `onResize` when the container's width changes
 * (through a ResizeObserver where there is one, else the window's resize event).
 */
export function createChartHost(container: Element, onResize: () => void, fallbackWidth = 480): ChartHost {
  const document = container.ownerDocument;
  let svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  container.appendChild(svg);
  let shown: SvgNode = { tag: 'svg', attrs: {}, children: [] };
  const motion = motionQuery();
  const measure = (): number => Math.floor(container.clientWidth) || fallbackWidth;
  const resized = (): void => {
    const now = measure();
    if (now === lastWidth) return;
    lastWidth = now;
    onResize();
  };
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resized);
  // Measured only when the container is laid out and then resized: reading clientWidth on every
  // update would force a layout of the whole page on each animation frame, once per chart, and
  // reading it here would force one per chart as the page starts. A ResizeObserver reports the
  // first size after the next layout and before that frame is painted, so the reader never sees
  // the fallback width; without one, the width is read at once.
  let lastWidth = observer ? fallbackWidth : measure();
  const view = document.defaultView;
  if (observer) observer.observe(container);
  else view?.addEventListener('resize', resized);
  return {
    get svg() {
      return svg;
    },
    width: () => lastWidth,
    render(scene) {
      svg = patch(svg, shown, scene, motion.allowed()) as SVGSVGElement;
      shown = scene;
    },
    destroy() {
      observer?.disconnect();
      if (!observer) view?.removeEventListener('resize', resized);
      svg.remove();
    },
  };
}
