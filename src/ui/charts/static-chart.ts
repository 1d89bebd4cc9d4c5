/**
 * The page side of a chart drawn from a finished run's report (the latency distribution, the
 * utilization bars): it redraws when given new data or when its container changes width.
 */
import { createChartHost } from './mount';
import { svgString, type SvgNode } from './scene';

/** A chart of a report's data `D`. */
export interface StaticChart<D> {
  readonly element: SVGSVGElement;
  /** Shows `data`. */
  update(data: D): void;
  /** The chart as it is now, as a standalone SVG document. */
  toSvgString(): string;
  /** Stops watching the container's size and removes the chart. */
  destroy(): void;
}

/** Mounts a chart drawn by `scene(data, width)` in `container`, showing `initial` until `update`. */
export function createStaticChart<D>(
  container: Element,
  initial: D,
  scene: (data: D, width: number) => SvgNode,
): StaticChart<D> {
  let data = initial;
  let shown: SvgNode | null = null;
  const draw = (): void => {
    shown = scene(data, host.width());
    host.render(shown);
  };
  const host = createChartHost(container, draw);
  draw();
  return {
    get element() {
      return host.svg;
    },
    update(next) {
      data = next;
      draw();
    },
    toSvgString: () => (shown === null ? '' : svgString(shown)),
    destroy: () => host.destroy(),
  };
}
