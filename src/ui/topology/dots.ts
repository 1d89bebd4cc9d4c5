/**
 * The sampled tries as dots on a canvas over the diagram, drawn for a playback time. A canvas rather
 * than SVG elements because thousands of dots move every animation frame. The loop allocates nothing
 * and draws each outcome class as one path with one fill (no save/restore or style change per dot):
 * a first pass places the live dots and counts them per class, a second sorts their indices by class
 * (a counting sort), then each class is traced and filled at once.
 */
import type { FrameData } from '../../worker/frames';
import { DOT_HIDDEN, DOT_WAITING } from './dot-motion';
import { DotScene, type DotSceneOptions } from './dot-scene';
import { DOT_CLASSES, DOT_STYLES, RETRY_COLOR, isStroked, traceShape, type DotStyle } from './dot-style';
import type { Point } from './edge-path';
import type { TopologyLayout } from './layout';

/** The canvas calls the layer makes; a `CanvasRenderingContext2D` has them all. */
export type DotContext = Pick<
  CanvasRenderingContext2D,
  | 'setTransform'
  | 'clearRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'rect'
  | 'closePath'
  | 'fill'
  | 'stroke'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
>;

/** What the layer needs of a canvas; an `HTMLCanvasElement` is one. */
export interface DotCanvas {
  width: number;
  height: number;
  getContext(contextId: '2d'): DotContext | null;
}

export interface DotLayerOptions extends DotSceneOptions {
  /** Size of a dot, CSS px (about its radius). Default 3.5. */
  readonly radius?: number;
  /** How far from a dot a click still hits it, CSS px. Default 6. */
  readonly hitRadius?: number;
  /** Look per class (`DOT_STYLES` order). Default `DOT_STYLES`. */
  readonly styles?: readonly DotStyle[];
}

/** Dots over one diagram. */
export interface DotLayer {
  /** Adds a frame's sampled tries; feed frames in time order as playback reaches them. */
  addFrame(frame: FrameData): void;
  /**
   * Draws the dots alive at simulated time `t`, ms, and drops those whose time is past: after seeking
   * backwards, `clear()` and add the frames around the new time again.
   */
  draw(t: number): void;
  /** Dots drawn by the last `draw`. */
  readonly drawn: number;
  /** Draws each leg of a trip over at least `ms` simulated ms (hops shorter than that would jump). */
  setMinLeg(ms: number): void;
  /** The trace id of the dot drawn nearest (x, y) at time `t` within the hit radius, or null. x, y: CSS px from the canvas's top left. */
  hitTest(x: number, y: number, t: number): string | null;
  /** Fits the canvas to its CSS size and the screen's pixel ratio; clears it. */
  resize(cssWidth: number, cssHeight: number, devicePixelRatio?: number): void;
  /** Follows the diagram's zoom: a point p of the layout shows at k·p + (x, y), layout units. */
  setView(k: number, x: number, y: number): void;
  /** Drops every dot. */
  clear(): void;
  /** Dots held. */
  readonly size: number;
}

/** Scale and offset from layout units to CSS px. */
export interface Fit {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

/**
 * How a `layoutW` × `layoutH` drawing fits a `cssW` × `cssH` box, whole and centred: the mapping of the
 * SVG's `viewBox` under `preserveAspectRatio="xMidYMid meet"`, so that dots land on the diagram.
 */
export function fitTransform(layoutW: number, layoutH: number, cssW: number, cssH: number): Fit {
  const scale = Math.max(1e-6, Math.min(cssW / layoutW, cssH / layoutH));
  return { scale, x: (cssW - layoutW * scale) / 2, y: (cssH - layoutH * scale) / 2 };
}

/** Faint dots wait at their callee; their alpha and size. */
const WAITING_ALPHA = 0.35;
const WAITING_SIZE = 0.7;

/** A dot layer drawing on `canvas`, over a diagram of `layout`. */
export function createDotLayer(
  canvas: DotCanvas,
  layout: TopologyLayout,
  options: DotLayerOptions = {},
): DotLayer {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('createDotLayer: the canvas has no 2D context');
  const ctx: DotContext = context;
  const scene = new DotScene(layout, options);
  const buffer = scene.buffer;
  const styles = options.styles ?? DOT_STYLES;
  if (styles.length !== DOT_CLASSES) {
    throw new Error(`createDotLayer: styles must have ${DOT_CLASSES} entries, got ${styles.length}`);
  }
  const radius = options.radius ?? 3.5;
  const hitRadius = options.hitRadius ?? 6;

  // Scratch columns, one slot per buffer index, and the counting sort's tables: allocated once.
  const px = new Float32Array(buffer.capacity);
  const py = new Float32Array(buffer.capacity);
  const bucket = new Int8Array(buffer.capacity);
  const order = new Int32Array(buffer.capacity);
  const buckets = 2 * DOT_CLASSES; // per class: moving, then waiting
  const counts = new Int32Array(buckets);
  const starts = new Int32Array(buckets + 1);
  const cursor = new Int32Array(buckets);
  const at: Point = { x: 0, y: 0 };
  const burstAt: Point = { x: 0, y: 0 };

  let cssW = canvas.width;
  let cssH = canvas.height;
  let ratio = 1;
  let box = fitTransform(layout.width, layout.height, cssW, cssH);
  let view = { k: 1, x: 0, y: 0 };
  /** Layout units to CSS px: the reader's zoom, then the fit into the box. */
  let fit: Fit = box;
  const refit = (): void => {
    fit = { scale: box.scale * view.k, x: box.x + box.scale * view.x, y: box.y + box.scale * view.y };
  };

  let drawn = 0;

  function draw(t: number): void {
    buffer.expire(t);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(ratio * fit.scale, 0, 0, ratio * fit.scale, ratio * fit.x, ratio * fit.y);
    const r = radius / fit.scale;

    // 1. Place the live dots and count them per bucket.
    counts.fill(0);
    let live = 0;
    drawn = 0;
    for (let k = 0, i = buffer.head; k < buffer.size; k++, i = i + 1 === buffer.capacity ? 0 : i + 1) {
      const phase = scene.locate(i, t, at);
      if (phase === DOT_HIDDEN) {
        bucket[i] = -1;
        continue;
      }
      px[i] = at.x;
      py[i] = at.y;
      const b = 2 * buffer.kind[i] + (phase === DOT_WAITING ? 1 : 0);
      bucket[i] = b;
      counts[b]++;
      live++;
    }
    drawn = live;
    if (live === 0) return;
    // 2. Counting sort of their indices by bucket.
    starts[0] = 0;
    for (let b = 0; b < buckets; b++) {
      starts[b + 1] = starts[b] + counts[b];
      cursor[b] = starts[b];
    }
    for (let k = 0, i = buffer.head; k < buffer.size; k++, i = i + 1 === buffer.capacity ? 0 : i + 1) {
      if (bucket[i] >= 0) order[cursor[bucket[i]]++] = i;
    }
    // 3. One path per bucket.
    for (let b = 0; b < buckets; b++) {
      if (counts[b] === 0) continue;
      const style = styles[b >> 1];
      const waiting = (b & 1) === 1;
      const size = waiting ? WAITING_SIZE * r : r;
      ctx.globalAlpha = waiting ? WAITING_ALPHA : 1;
      ctx.beginPath();
      for (let j = starts[b]; j < starts[b + 1]; j++)
        traceShape(ctx, style.shape, px[order[j]], py[order[j]], size);
      if (isStroked(style.shape)) {
        ctx.strokeStyle = style.color;
        ctx.lineWidth = 1.6 / fit.scale;
        ctx.stroke();
      } else {
        ctx.fillStyle = style.color;
        ctx.fill();
      }
    }
    // 4. A ring around each moving retry.
    ctx.globalAlpha = 1;
    ctx.beginPath();
    let rings = 0;
    const ring = 1.9 * r;
    for (let j = 0; j < live; j++) {
      const i = order[j];
      if (buffer.retry[i] === 0 || (bucket[i] & 1) === 1) continue;
      ctx.moveTo(px[i] + ring, py[i]);
      ctx.arc(px[i], py[i], ring, 0, 2 * Math.PI);
      rings++;
    }
    if (rings > 0) {
      ctx.strokeStyle = RETRY_COLOR;
      ctx.lineWidth = 1 / fit.scale;
      ctx.stroke();
    }
    // 5. A burst at the refusing box for each refusal turning there: a ring in its outcome's colour
    // that widens and fades, so a gateway answering 429 at once is seen doing it.
    for (let j = 0; j < live; j++) {
      const i = order[j];
      const grown = scene.burst(i, t, burstAt);
      if (grown === 0) continue;
      ctx.globalAlpha = 0.9 * (1 - grown) + 0.1;
      ctx.beginPath();
      const size = r * (1.6 + 2.4 * grown);
      ctx.moveTo(burstAt.x + size, burstAt.y);
      ctx.arc(burstAt.x, burstAt.y, size, 0, 2 * Math.PI);
      ctx.strokeStyle = styles[buffer.kind[i]].color;
      ctx.lineWidth = 1.8 / fit.scale;
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  return {
    addFrame: (frame) => scene.addFrame(frame),
    get drawn() {
      return drawn;
    },
    setMinLeg: (ms) => {
      scene.minLegMs = Math.max(0, ms);
    },
    draw,
    hitTest(x, y, t) {
      const i = scene.nearest((x - fit.x) / fit.scale, (y - fit.y) / fit.scale, t, hitRadius / fit.scale);
      return i < 0 ? null : buffer.trace[i];
    },
    resize(width, height, devicePixelRatio = 1) {
      cssW = width;
      cssH = height;
      ratio = devicePixelRatio > 0 ? devicePixelRatio : 1;
      canvas.width = Math.max(1, Math.round(cssW * ratio));
      canvas.height = Math.max(1, Math.round(cssH * ratio));
      box = fitTransform(layout.width, layout.height, cssW, cssH);
      refit();
    },
    setView(k, x, y) {
      view = { k, x, y };
      refit();
    },
    clear: () => buffer.clear(),
    get size() {
      return buffer.size;
    },
  };
}

/**
 * Keeps a layer's canvas sized to its box and the screen's pixel ratio, calling `redraw` after each
 * change (resizing clears a canvas). Returns the function that stops watching. Browser only.
 */
export function fitCanvasToBox(canvas: HTMLCanvasElement, layer: DotLayer, redraw: () => void): () => void {
  const fitNow = (): void => {
    layer.resize(canvas.clientWidth, canvas.clientHeight, window.devicePixelRatio || 1);
    redraw();
  };
  // The observer's first report comes after the next layout and before that frame is painted: the
  // canvas is sized then, without forcing a layout of the page for each diagram drawn.
  const observer = new ResizeObserver(fitNow);
  observer.observe(canvas);
  return () => observer.disconnect();
}
