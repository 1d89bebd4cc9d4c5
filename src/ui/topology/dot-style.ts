/**
 * How a sampled try looks, by the outcome of its answer: a colour from the Okabe-Ito palette (the same
 * values as `style.css`) and a shape, so that outcomes stay apart without colour vision too. One table
 * serves the canvas and any legend.
 */
import { OUTCOME_PENDING, OUTCOMES } from '../../worker/frames';

export type DotShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'ring' | 'dot';

/** The look of one outcome class. */
export interface DotStyle {
  /** `ok`, `4xx`, `429`, `5xx`, `timeout` (the `OUTCOMES`), then `pending`. */
  readonly key: string;
  /** For a legend. */
  readonly label: string;
  readonly color: string;
  readonly shape: DotShape;
}

/**
 * By class: the `OUTCOMES` indices, then pending. 4xx takes the palette's reddish purple so that it
 * and 429 (orange) differ in colour as well as shape.
 */
export const DOT_STYLES: readonly DotStyle[] = [
  { key: OUTCOMES[0], label: 'ok', color: '#009e73', shape: 'circle' },
  { key: OUTCOMES[1], label: '4xx', color: '#cc79a7', shape: 'square' },
  { key: OUTCOMES[2], label: '429', color: '#e69f00', shape: 'triangle' },
  { key: OUTCOMES[3], label: '5xx', color: '#d55e00', shape: 'diamond' },
  { key: OUTCOMES[4], label: 'timeout', color: '#5f6778', shape: 'ring' },
  { key: 'pending', label: 'no answer yet', color: '#8a93a3', shape: 'dot' },
];

/** Class of a try still waiting for its answer, and the number of classes. */
export const PENDING_CLASS = OUTCOMES.length;
export const DOT_CLASSES = OUTCOMES.length + 1;

/** Colour of the ring around a retry's dot (the palette's blue). */
export const RETRY_COLOR = '#0072b2';

/** The class of an outcome code (`OUTCOMES` index or `OUTCOME_PENDING`); unknown codes count as pending. */
export function dotClass(outcome: number): number {
  return outcome !== OUTCOME_PENDING && outcome >= 0 && outcome < OUTCOMES.length ? outcome : PENDING_CLASS;
}

/** A shape is drawn by stroking its outline (a ring) rather than by filling it. */
export function isStroked(shape: DotShape): boolean {
  return shape === 'ring';
}

/** The path calls a shape needs; a 2D canvas context has them all. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  closePath(): void;
}

const TAU = 2 * Math.PI;

/**
 * Adds one shape of size `r` (about its radius) centred on (x, y) to the current path, as a closed
 * subpath of its own, so that many dots of one class go in one path and one fill.
 */
export function traceShape(path: PathSink, shape: DotShape, x: number, y: number, r: number): void {
  switch (shape) {
    case 'circle':
    case 'ring':
      path.moveTo(x + r, y);
      path.arc(x, y, r, 0, TAU);
      return;
    case 'dot':
      path.moveTo(x + 0.6 * r, y);
      path.arc(x, y, 0.6 * r, 0, TAU);
      return;
    case 'square': {
      const s = 0.85 * r;
      path.rect(x - s, y - s, 2 * s, 2 * s);
      return;
    }
    case 'triangle':
      path.moveTo(x, y - 1.2 * r);
      path.lineTo(x + 1.1 * r, y + 0.8 * r);
      path.lineTo(x - 1.1 * r, y + 0.8 * r);
      path.closePath();
      return;
    case 'diamond':
      path.moveTo(x, y - 1.25 * r);
      path.lineTo(x + 1.25 * r, y);
      path.lineTo(x, y + 1.25 * r);
      path.lineTo(x - 1.25 * r, y);
      path.closePath();
      return;
  }
}
