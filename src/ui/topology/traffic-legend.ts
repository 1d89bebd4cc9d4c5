/**
 * The key to the diagram's traffic marks, beside the dots' key: what an edge's width and colour mean,
 * what `×27/req` on a box means, how many requests a dot stands for; and the switch between the
 * edges' two windows (the last second before the playhead, or the whole run) with a caption saying
 * which one the diagram shows.
 */
import { h } from '../dom';
import { EDGE_WIDTH, MANY_ERRORS, edgeWidth } from './edge-look';
import type { EdgeWindowMode } from './traffic-view';
import { MAX_DOTS_PER_EDGE_SECOND } from './dot-scene';
import { SVG } from '../svg';
import { meshKeyItems } from './legend';

/** A small drawing of an edge: `width` in px, stroked with `color`. */
function line(width: number, color: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '14');
  svg.setAttribute('viewBox', '0 0 22 14');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M1,7H21');
  path.setAttribute('stroke', color);
  path.setAttribute('stroke-width', String(width));
  svg.append(path);
  return svg;
}

/** `1 in 12 requests`, `every request`. */
export function traceShareText(share: number): string {
  if (!(share > 0)) return 'no requests';
  if (share >= 1) return 'every request';
  return `1 in ${Math.round(1 / share)} requests`;
}

/**
 * The rest of the key, behind a "Key" disclosure (closed at first, so that the diagram's key is one
 * line): edge width by calls/s (log scale), edge colour by error share, calls per request, the dots'
 * sampling (`traceShare` of requests traced, at most `MAX_DOTS_PER_EDGE_SECOND` dots a second drawn on
 * an edge), the sidecar strip and the mTLS edge.
 */
export function createTrafficLegend(traceShare: number): HTMLDetailsElement {
  const list = document.createElement('ul');
  list.className = 'topology-legend traffic-legend';
  list.setAttribute('aria-label', 'Legend of the edges’ traffic');
  const item = (marks: Node[], text: string, testId?: string): void => {
    const li = document.createElement('li');
    if (testId) li.dataset.testid = testId;
    li.append(...marks, document.createTextNode(text));
    list.append(li);
  };
  const grey = '#9aa3b2';
  item(
    [line(edgeWidth(10), grey), line(edgeWidth(100), grey), line(edgeWidth(1000), grey)],
    `line width: 10, 100, 1k calls/s (+${EDGE_WIDTH.perDecade} px per ×10)`,
    'legend-width',
  );
  const many = `${Math.round(MANY_ERRORS * 100)} %`;
  item([line(2.5, '#e69f00')], `errors under ${many}`);
  item([line(2.5, '#d55e00')], `errors ${many} or more (5xx, reset, timeout; a 4xx is not one)`);
  item([h('span', { class: 'per-request-key' }, '×27/req')], 'calls into a box per client request');
  item(
    [],
    `a dot: one try of a traced request (${traceShareText(traceShare)}); a busy edge draws at most ${MAX_DOTS_PER_EDGE_SECOND} a second`,
    'legend-dots',
  );
  list.append(...meshKeyItems());
  return h('details', { class: 'legend-key', 'data-testid': 'legend-key' }, h('summary', {}, 'Key'), list);
}

/** The edges' window switch and its caption. */
export interface EdgeWindowControl {
  readonly element: HTMLElement;
  readonly mode: EdgeWindowMode;
  /** Says which window the diagram shows, e.g. `Edges: last 1 s of simulated time, to 00:07.3`. */
  setCaption(text: string): void;
}

/** Two segments, `last 1 s` and `whole run`, calling `onChange` with the mode chosen. */
export function createEdgeWindowControl(
  initial: EdgeWindowMode,
  onChange: (mode: EdgeWindowMode) => void,
): EdgeWindowControl {
  let mode = initial;
  const caption = h('span', { class: 'edge-window-caption', 'data-testid': 'edge-window-caption' });
  const segment = (value: EdgeWindowMode, label: string) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'segment',
        'aria-pressed': String(value === mode),
        'data-testid': `edge-window-${value}`,
      },
      label,
    );
    button.addEventListener('click', () => {
      if (mode === value) return;
      mode = value;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      onChange(mode);
    });
    return button;
  };
  const buttons = [segment('live', 'last 1 s'), segment('run', 'whole run')];
  const element = h(
    'div',
    { class: 'edge-window', role: 'group', 'aria-label': 'Which window the edges’ figures cover' },
    h('span', {}, 'Edges:'),
    ...buttons,
    caption,
  );
  return {
    element,
    get mode() {
      return mode;
    },
    setCaption(text: string): void {
      if (caption.textContent === text) return;
      caption.textContent = text;
      // A narrow row cuts the caption short with an ellipsis; the pointer still gets it whole.
      caption.title = text;
    },
  };
}
