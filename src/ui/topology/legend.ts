/**
 * The key to the diagram: a glyph and a word per outcome and the retry ring on one line, and the
 * sidecar strip and the mTLS edge for the "Key" disclosure. The glyphs are drawn by the same
 * `traceShape` as the dots, so key and canvas cannot differ.
 */
import { DOT_STYLES, RETRY_COLOR, isStroked, traceShape, type DotShape, type PathSink } from './dot-style';
import './topology.css';
import { SVG } from '../svg';

/** Collects path calls as SVG path data. */
export class SvgPath implements PathSink {
  private d = '';

  moveTo(x: number, y: number): void {
    this.d += `M${n(x)},${n(y)}`;
  }
  lineTo(x: number, y: number): void {
    this.d += `L${n(x)},${n(y)}`;
  }
  /** Full circles only, as two half arcs (the only arcs `traceShape` draws). */
  arc(x: number, y: number, radius: number): void {
    const r = n(radius);
    this.d += `M${n(x + radius)},${n(y)}A${r},${r} 0 1 1 ${n(x - radius)},${n(y)}A${r},${r} 0 1 1 ${n(x + radius)},${n(y)}Z`;
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.d += `M${n(x)},${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`;
  }
  closePath(): void {
    this.d += 'Z';
  }
  toString(): string {
    return this.d;
  }
}

function n(x: number): number {
  return Math.round(x * 100) / 100;
}

/** SVG path data of a dot shape of size `r` centred on (x, y). */
export function shapePathData(shape: DotShape, x: number, y: number, r: number): string {
  const path = new SvgPath();
  traceShape(path, shape, x, y, r);
  return path.toString();
}

function glyph(d: string, color: string, stroked: boolean, dashed = false): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('viewBox', '0 0 14 14');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', stroked ? 'none' : color);
  if (stroked) {
    path.setAttribute('stroke', color);
    path.setAttribute('stroke-width', '1.5');
  }
  if (dashed) path.setAttribute('stroke-dasharray', '3 2');
  svg.append(path);
  return svg;
}

/** A `<li>` of a key: its mark, then its words. */
function keyItem(mark: SVGSVGElement, text: string): HTMLLIElement {
  const li = document.createElement('li');
  li.append(mark, document.createTextNode(text));
  return li;
}

/**
 * A one-line `<ul class="topology-legend">` of what the dots mean: a glyph and a word per outcome, and
 * the retry ring. The rest of the key (edges, boxes) waits behind the "Key" disclosure
 * (`createTrafficLegend`), so that the key never pushes the play row off the first screen.
 */
export function createLegend(): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'topology-legend outcome-legend';
  list.setAttribute('aria-label', 'What the dots mean');
  for (const style of DOT_STYLES) {
    list.append(
      keyItem(glyph(shapePathData(style.shape, 7, 7, 4), style.color, isStroked(style.shape)), style.label),
    );
  }
  list.append(keyItem(glyph(shapePathData('ring', 7, 7, 5.5), RETRY_COLOR, true), 'retry'));
  return list;
}

/** The key's items for the mesh's marks: the sidecar strip on a box and the dashed mTLS edge. */
export function meshKeyItems(): HTMLLIElement[] {
  return [
    keyItem(glyph('M2,2h4v10h-4Z', '#0072b2', true), 'sidecar (a strip on its workload’s box)'),
    keyItem(glyph('M1,7H13', '#0072b2', true, true), 'mTLS between sidecars'),
  ];
}
