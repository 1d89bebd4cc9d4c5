import { describe, expect, test } from 'vitest';
import {
  OUTCOME_429,
  OUTCOME_4XX,
  OUTCOME_5XX,
  OUTCOME_OK,
  OUTCOME_PENDING,
  OUTCOME_TIMEOUT,
} from '../../../src/worker/frames';
import { DOT_STYLES, RETRY_COLOR } from '../../../src/ui/topology/dot-style';
import { createDotLayer, fitTransform, type DotCanvas, type DotContext } from '../../../src/ui/topology/dots';
import { pointOnEdge } from '../../../src/ui/topology/edge-path';
import { layoutTopology } from '../../../src/ui/topology/layout';
import { frame, shop, type DotSpec } from './fixtures';

/** One fill or stroke of the fake context, with the subpaths added since `beginPath`. */
interface Paint {
  readonly op: 'fill' | 'stroke';
  readonly style: string;
  readonly alpha: number;
  readonly arcs: number;
  readonly rects: number;
  /** Subpaths started with moveTo (circles and rings start with one too). */
  readonly moves: number;
}

/** A 2D context that records paints instead of drawing. */
class FakeContext implements DotContext {
  fillStyle: string | CanvasGradient | CanvasPattern = '#000';
  strokeStyle: string | CanvasGradient | CanvasPattern = '#000';
  lineWidth = 1;
  globalAlpha = 1;
  readonly paints: Paint[] = [];
  readonly transforms: number[][] = [];
  clears = 0;
  private arcs = 0;
  private rects = 0;
  private moves = 0;

  setTransform(...args: (number | DOMMatrix2DInit | undefined)[]): void {
    this.transforms.push(args.map(Number));
  }
  clearRect(): void {
    this.clears++;
  }
  beginPath(): void {
    this.arcs = this.rects = this.moves = 0;
  }
  moveTo(): void {
    this.moves++;
  }
  lineTo(): void {}
  arc(): void {
    this.arcs++;
  }
  rect(): void {
    this.rects++;
  }
  closePath(): void {}
  fill(): void {
    this.paint('fill', String(this.fillStyle));
  }
  stroke(): void {
    this.paint('stroke', String(this.strokeStyle));
  }
  private paint(op: Paint['op'], style: string): void {
    const { arcs, rects, moves, globalAlpha: alpha } = this;
    this.paints.push({ op, style, alpha, arcs, rects, moves });
  }
}

class FakeCanvas implements DotCanvas {
  width = 300;
  height = 150;
  readonly context = new FakeContext();
  getContext(): DotContext {
    return this.context;
  }
}

const topo = shop();
const layout = layoutTopology(topo, 900, 420);

function dot(outcome: number, trace: string, extra: Partial<DotSpec> = {}): DotSpec {
  return { from: 'edge', to: 'catalog', depart: 0, arrive: 10, back: 50, outcome, trace, ...extra };
}

/** A layer drawn at CSS size = layout size, ratio 1, holding these dots (every one: no thinning). */
function layerWith(dots: DotSpec[]): { canvas: FakeCanvas; layer: ReturnType<typeof createDotLayer> } {
  const canvas = new FakeCanvas();
  const layer = createDotLayer(canvas, layout, { maxPerEdgeSecond: Infinity });
  layer.resize(layout.width, layout.height, 1);
  layer.addFrame(frame(topo, dots));
  return { canvas, layer };
}

const color = (outcome: number): string => DOT_STYLES[outcome].color;

describe('createDotLayer draw', () => {
  test('draw paints each outcome class once, with its colour and shape', () => {
    const { canvas, layer } = layerWith([
      dot(OUTCOME_OK, 'a'),
      dot(OUTCOME_OK, 'b'),
      dot(OUTCOME_OK, 'c'),
      dot(OUTCOME_4XX, 'd'),
      dot(OUTCOME_429, 'e'),
      dot(OUTCOME_5XX, 'f'),
      dot(OUTCOME_TIMEOUT, 'g'),
    ]);
    layer.draw(5);
    expect(canvas.context.paints).toEqual([
      { op: 'fill', style: color(OUTCOME_OK), alpha: 1, arcs: 3, rects: 0, moves: 3 },
      { op: 'fill', style: color(OUTCOME_4XX), alpha: 1, arcs: 0, rects: 1, moves: 0 },
      { op: 'fill', style: color(OUTCOME_429), alpha: 1, arcs: 0, rects: 0, moves: 1 },
      { op: 'fill', style: color(OUTCOME_5XX), alpha: 1, arcs: 0, rects: 0, moves: 1 },
      { op: 'stroke', style: color(OUTCOME_TIMEOUT), alpha: 1, arcs: 1, rects: 0, moves: 1 },
    ]);
  });

  test('draw paints 2,000 dots of one class with one fill', () => {
    const dots = Array.from({ length: 2000 }, (_, i) => dot(OUTCOME_OK, `t${i}`, { depart: i / 1000 }));
    const { canvas, layer } = layerWith(dots);
    layer.draw(5);
    expect(canvas.context.paints).toHaveLength(1);
    expect(canvas.context.paints[0].arcs).toBe(2000);
  });

  test('draw rings retries, and paints waiting and pending dots faintly', () => {
    const { canvas, layer } = layerWith([
      dot(OUTCOME_OK, 'a', { retry: true }),
      dot(OUTCOME_OK, 'b', { depart: -20, arrive: -10 }),
      dot(OUTCOME_PENDING, 'c', { depart: -20, arrive: -10, back: NaN }),
    ]);
    layer.draw(5);
    const paints = canvas.context.paints;
    expect(paints).toContainEqual({
      op: 'fill',
      style: color(OUTCOME_OK),
      alpha: 1,
      arcs: 1,
      rects: 0,
      moves: 1,
    });
    expect(paints).toContainEqual({
      op: 'fill',
      style: color(OUTCOME_OK),
      alpha: 0.35,
      arcs: 1,
      rects: 0,
      moves: 1,
    });
    expect(paints).toContainEqual({
      op: 'fill',
      style: DOT_STYLES[5].color,
      alpha: 0.35,
      arcs: 1,
      rects: 0,
      moves: 1,
    });
    expect(paints.at(-1)).toEqual({
      op: 'stroke',
      style: RETRY_COLOR,
      alpha: 1,
      arcs: 1,
      rects: 0,
      moves: 1,
    });
  });

  test('draw paints nothing for dots not alive at t, and drops those past', () => {
    const { canvas, layer } = layerWith([
      dot(OUTCOME_OK, 'a'),
      dot(OUTCOME_OK, 'b', { depart: 60, arrive: 70, back: 90 }),
    ]);
    layer.draw(-1);
    expect(canvas.context.paints).toEqual([]);
    expect(layer.size).toBe(2);
    layer.draw(55);
    expect(canvas.context.paints).toEqual([]);
    expect(layer.size).toBe(1);
    expect(canvas.context.clears).toBe(2);
  });

  test('resize sizes the canvas in device pixels and scales drawing to fit', () => {
    const { canvas, layer } = layerWith([dot(OUTCOME_OK, 'a')]);
    layer.resize(layout.width / 2, layout.height / 2, 2);
    expect([canvas.width, canvas.height]).toEqual([Math.round(layout.width), Math.round(layout.height)]);
    layer.draw(5);
    // Reset for clearing, then layout units -> device pixels: 0.5 (fit) × 2 (ratio).
    expect(canvas.context.transforms).toEqual([
      [1, 0, 0, 1, 0, 0],
      [1, 0, 0, 1, 0, 0],
    ]);
  });
});

describe('createDotLayer hitTest', () => {
  test('hitTest returns the trace of the dot under the pointer, in CSS px', () => {
    const { layer } = layerWith([
      dot(OUTCOME_OK, 'web#7'),
      dot(OUTCOME_5XX, 'web#8', { from: 'edge', to: 'orders' }),
    ]);
    layer.resize(layout.width / 2, layout.height / 2, 2);
    const edge = layout.edges.find(
      (e) => layout.nodes[e.to].id === 'catalog' && layout.nodes[e.from].id === 'edge',
    );
    if (!edge) throw new Error('no edge -> catalog');
    const p = pointOnEdge(edge, 0.5, { x: 0, y: 0 });
    expect(layer.hitTest(p.x / 2 + 2, p.y / 2, 5)).toBe('web#7');
    expect(layer.hitTest(p.x / 2 + 8, p.y / 2, 5)).toBeNull();
    expect(layer.hitTest(p.x / 2, p.y / 2, 70)).toBeNull();
  });

  test('follows the zoom: a dot at layout point p shows at scale · (k · p + offset)', () => {
    const { layer } = layerWith([dot(OUTCOME_OK, 'web#7')]);
    layer.resize(layout.width / 2, layout.height / 2, 1);
    const edge = layout.edges.find(
      (e) => layout.nodes[e.to].id === 'catalog' && layout.nodes[e.from].id === 'edge',
    );
    if (!edge) throw new Error('no edge -> catalog');
    const p = pointOnEdge(edge, 0.5, { x: 0, y: 0 });
    // Zoomed 3x about the origin and moved 40 layout units left: the box then shows half of that.
    layer.setView(3, -40, 0);
    const x = (3 * p.x - 40) / 2;
    const y = (3 * p.y) / 2;
    expect(layer.hitTest(x + 1, y, 5)).toBe('web#7');
    expect(layer.hitTest(p.x / 2, p.y / 2, 5)).toBeNull();
    layer.setView(1, 0, 0);
    expect(layer.hitTest(p.x / 2 + 1, p.y / 2, 5)).toBe('web#7');
  });
});

describe('fitTransform', () => {
  test('fitTransform fits and centres like viewBox with xMidYMid meet', () => {
    expect(fitTransform(900, 400, 450, 400)).toEqual({ scale: 0.5, x: 0, y: 100 });
    expect(fitTransform(900, 400, 1800, 400)).toEqual({ scale: 1, x: 450, y: 0 });
  });
});

test('createDotLayer rejects a style table of the wrong length', () => {
  expect(() => createDotLayer(new FakeCanvas(), layout, { styles: DOT_STYLES.slice(1) })).toThrow(
    'styles must have 6 entries, got 5',
  );
});
