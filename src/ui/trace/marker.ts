/** The small SVG marker of an outcome: a coloured shape, hidden from screen readers (text says it). */
import { OUTCOME_LOOKS, type Outcome } from './outcome';
import { SVG } from '../svg';

/** A 10 x 10 marker for `outcome` (`open` while waiting); `null` (no status) gives an empty box. */
export function outcomeMarker(outcome: Outcome | 'open' | null): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'trace-marker');
  svg.setAttribute('viewBox', '0 0 10 10');
  svg.setAttribute('width', '10');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  if (outcome === null) return svg;
  const { color, shape } = OUTCOME_LOOKS[outcome];
  const shapeElement = (tag: string, attributes: Record<string, string | number>) => {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    element.setAttribute(shape === 'ring' ? 'stroke' : 'fill', color);
    if (shape === 'ring') element.setAttribute('fill', 'none');
    return element;
  };
  switch (shape) {
    case 'circle':
      svg.append(shapeElement('circle', { cx: 5, cy: 5, r: 4 }));
      break;
    case 'ring':
      svg.append(shapeElement('circle', { cx: 5, cy: 5, r: 3.6, 'stroke-width': 1.8 }));
      break;
    case 'dot':
      svg.append(shapeElement('circle', { cx: 5, cy: 5, r: 2.5 }));
      break;
    case 'square':
      svg.append(shapeElement('rect', { x: 1.5, y: 1.5, width: 7, height: 7 }));
      break;
    case 'triangle':
      svg.append(shapeElement('path', { d: 'M5 0.8 9.6 9.2H0.4Z' }));
      break;
    case 'diamond':
      svg.append(shapeElement('path', { d: 'M5 0.3 9.7 5 5 9.7 0.3 5Z' }));
      break;
  }
  return svg;
}
