/**
 * The page side of a chart over time, shared by the latency, throughput and amplification charts: it
 * redraws when the rows shown, the size or the options change, and otherwise only moves the cursor, so
 * that calling `update` on every animation frame of playback stays cheap.
 */
import { createChartHost } from './mount';
import { svgString, type SvgNode } from './scene';
import { createSeriesStore, type SeriesStore } from './series';
import {
  chartVariants,
  cursorNode,
  cursorX,
  defaultTimeChartHeight,
  type TimeChartOptions,
  type TimeFrame,
} from './time-layout';

/** A chart over simulated time, tied to the playback time. */
export interface TimeChart<O extends TimeChartOptions> {
  /** The chart's `<svg>` (replaced only if a scene changes its root, which none does). */
  readonly element: SVGSVGElement;
  /**
   * Shows the rows of `store` up to playback time `t` (simulated ms), and the cursor at `t`; with
   * `options`, changes those first, so that a new run's store and options cost one drawing, not two.
   */
  update(store: SeriesStore, t: number, options?: Partial<O>): void;
  /** Changes some options (names, variants, axis...) and redraws. */
  configure(options: Partial<O>): void;
  /** The chart as it is now, as a standalone SVG document. */
  toSvgString(): string;
  /**
   * The chart drawn from `store` at playback time `t` (default `Infinity`: the whole run, without a
   * cursor), at its size and with its options, as a standalone SVG document; what the page shows does
   * not change. An export draws the whole run this way, wherever the playhead is.
   */
  svgAt(store: SeriesStore, t?: number): string;
  /** Stops watching the container's size and removes the chart. */
  destroy(): void;
}

/** Options of the page side: the chart's height (px; default fits 136 px per panel). */
export interface SizeOptions {
  readonly height?: number;
}

/** What one kind of chart over time provides: its pure model and scene parts. */
export interface TimeChartKind<M extends { readonly frame: TimeFrame }, O extends TimeChartOptions> {
  /** Prefix of the ids of the chart's defs (patterns), made unique per chart. */
  readonly idPrefix: string;
  /** The height without `SizeOptions.height`, px; default `defaultTimeChartHeight` of one panel per variant. */
  readonly defaultHeight?: (variants: number) => number;
  model(store: SeriesStore, t: number, width: number, height: number, options: O): M;
  /** Everything but the cursor; kept while the rows shown do not change. */
  body(model: M, idPrefix: string): SvgNode;
  /** The whole scene from the body and the cursor. */
  root(model: M, body: SvgNode, cursor: SvgNode): SvgNode;
}

let charts = 0;

/**
 * Least wall time between two drawings of a chart out of sight, ms: playback updates each chart on
 * every frame, and a chart below the fold (its layout and paint already skipped by the page's
 * `content-visibility`) would still rebuild its model whenever the playhead enters a new slice.
 * Out of sight it draws at most twice a second, so it is current, to half a second, for a screen
 * reader or a scroll; back in sight it draws at once.
 */
export const OUT_OF_SIGHT_INTERVAL_MS = 500;

/** Mounts a chart of `kind` in `container`; it shows an empty store until the first `update`. */
export function createTimeChart<
  M extends { readonly frame: TimeFrame },
  O extends TimeChartOptions & SizeOptions,
>(container: Element, initial: O, kind: TimeChartKind<M, O>): TimeChart<O> {
  const idPrefix = `${kind.idPrefix}${++charts}`;
  let options = initial;
  let store = createSeriesStore(
    Math.max(1, options.names?.length ?? 0, ...(options.variants ?? []).map((v) => v + 1)),
  );
  let t = 0;
  let cache: { store: SeriesStore; key: string; model: M; body: SvgNode } | null = null;
  let scene: SvgNode | null = null;

  function heightOf(of: SeriesStore): number {
    return (
      options.height ?? (kind.defaultHeight ?? defaultTimeChartHeight)(chartVariants(of, options).length)
    );
  }

  function draw(): void {
    const width = host.width();
    const variants = chartVariants(store, options);
    const height = heightOf(store);
    // The model depends on t only through the rows shown.
    const key = `${store.version}|${width}|${height}|${variants.map((v) => store.upTo(v, t)).join(',')}`;
    if (cache === null || cache.store !== store || cache.key !== key) {
      const model = kind.model(store, t, width, height, options);
      cache = { store, key, model, body: kind.body(model, idPrefix) };
    }
    const frame = cache.model.frame;
    scene = kind.root(cache.model, cache.body, cursorNode(frame, cursorX(frame, t), t));
    host.render(scene);
  }

  const host = createChartHost(container, draw);
  draw();
  // In sight until an IntersectionObserver (where there is one) says otherwise.
  let inSight = true;
  let drawnAt = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const drawNow = (): void => {
    clearTimeout(pending);
    pending = undefined;
    drawnAt = performance.now();
    draw();
  };
  const sight =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver(
          (entries) => {
            inSight = entries[entries.length - 1]?.isIntersecting ?? true;
            if (inSight && pending !== undefined) drawNow();
          },
          // Any part in the window: scrolled to, it draws in the next frame, from where it was
          // at most half a second before.
          { threshold: 0 },
        );
  sight?.observe(container);
  /** Draws now, or, out of sight, once the interval since the last drawing has passed. */
  const drawSoon = (): void => {
    const wait = drawnAt + OUT_OF_SIGHT_INTERVAL_MS - performance.now();
    if (inSight || wait <= 0) drawNow();
    else pending ??= setTimeout(drawNow, wait);
  };
  return {
    get element() {
      return host.svg;
    },
    update(next, time, patch) {
      // A new run's series or options draw at once, in sight or not (an export, a test or a scroll
      // must never find the run before's); only the playhead's moves wait out of sight.
      const fresh = patch !== undefined || next !== store;
      if (patch) {
        options = { ...options, ...patch };
        cache = null;
      }
      store = next;
      t = time;
      if (fresh) drawNow();
      else drawSoon();
    },
    configure(patch) {
      options = { ...options, ...patch };
      cache = null;
      drawNow();
    },
    toSvgString: () => (scene === null ? '' : svgString(scene)),
    svgAt(of, at = Infinity) {
      const model = kind.model(of, at, host.width(), heightOf(of), options);
      const frame = model.frame;
      return svgString(
        kind.root(model, kind.body(model, idPrefix), cursorNode(frame, cursorX(frame, at), at)),
      );
    },
    destroy: () => {
      clearTimeout(pending);
      sight?.disconnect();
      host.destroy();
    },
  };
}
