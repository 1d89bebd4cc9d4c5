/**
 * What a box says of the traffic into it: a pill on its top edge with its calls per client request
 * (`×27 per request` at the end of a retry storm; nothing near ×1, which says nothing), and a line
 * under it with what its callers' sidecars refused and how often its hosts were ejected. The words
 * are pure functions; `createNodeTraffic` draws them into the boxes' groups and writes only changes.
 */
import type { BaseType, Selection } from 'd3';
import { formatCount } from '../../report/figure-format';
import { rateText } from './edge-look';
import type { NodeLayout } from './layout';
import { BOX } from './node-box';
import type { NodeFigures, TrafficView } from './traffic-view';
import { setText } from '../dom';
import { SVG, r2, write } from '../svg';

/** Calls per request within this of 1 are not shown: one call per request is the plain case (and requests still in flight at the end make it read 0.92). */
export const PER_REQUEST_NOISE = 0.1;

/**
 * `×27/req`, `×2.9/req`, `×0.5/req`, or '' when it carries nothing (unknown, none, about 1). Short,
 * so that it shares the box's top edge with a breaker pill; the tooltip and the legend say it in full.
 */
export function perRequestText(perRequest: number): string {
  if (!(perRequest > 0) || Math.abs(perRequest - 1) < PER_REQUEST_NOISE) return '';
  const digits = perRequest >= 10 ? 0 : 1;
  return `×${Number(perRequest.toFixed(digits))}/req`;
}

/** The pill's tooltip: `26.3 calls into it per request the clients sent; whole run (…)`. */
export function perRequestTitle(perRequest: number, window: string): string {
  return `${Number(perRequest.toFixed(2))} calls into it per request the clients sent; ${window}`;
}

/**
 * The line under a box: whole run, `breaker refused 410 · pool full 12 · 3 ejections`; live, `40/s
 * refused by callers' sidecars`. '' when there is nothing to say.
 */
export function refusalText(f: NodeFigures, view: TrafficView): string {
  if (view.mode === 'live') {
    if (f.unreached === 0) return '';
    const seconds = Math.max(view.toMs - view.fromMs, 1e-9) / 1000;
    return `${rateText(f.unreached / seconds)} refused by callers’ sidecars`;
  }
  const parts: string[] = [];
  if (f.breakerRefused > 0) parts.push(`breaker refused ${formatCount(f.breakerRefused)}`);
  if (f.poolRefused > 0) parts.push(`pool full ${formatCount(f.poolRefused)}`);
  if (f.ejections > 0) parts.push(`${formatCount(f.ejections)} ejection${f.ejections === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** The traffic marks of a diagram's boxes. */
export interface NodeTrafficMarks {
  /** Shows `view`'s figures; `window` names its window for tooltips. */
  update(view: TrafficView, window: string): void;
}

interface Marks {
  readonly node: NodeLayout;
  readonly pill: SVGGElement;
  readonly pillTitle: SVGTitleElement;
  readonly pillRect: SVGRectElement;
  readonly pillText: SVGTextElement;
  readonly line: SVGTextElement;
  shown: string;
}

/** Adds a calls-per-request pill and a refusals line to each box of `nodes` (but clients'). */
export function createNodeTraffic<Parent extends BaseType, ParentDatum>(
  nodes: Selection<SVGGElement, NodeLayout, Parent, ParentDatum>,
): NodeTrafficMarks {
  const marks: Marks[] = [];
  nodes.each(function (node) {
    if (node.kind === 'client') return;
    const doc = this.ownerDocument;
    const pill = doc.createElementNS(SVG, 'g');
    pill.setAttribute('class', 'per-request empty');
    pill.setAttribute('data-testid', 'per-request');
    const pillRect = doc.createElementNS(SVG, 'rect');
    pillRect.setAttribute('rx', '6.5');
    pillRect.setAttribute('height', String(BOX.badgeHeight));
    pillRect.setAttribute('x', String(r2(node.box.x + BOX.pad)));
    pillRect.setAttribute('y', String(r2(node.breakerAt.y)));
    const pillTitle = doc.createElementNS(SVG, 'title');
    const pillText = doc.createElementNS(SVG, 'text');
    pillText.setAttribute('y', String(r2(node.breakerAt.y + BOX.badgeHeight - 3.5)));
    pill.append(pillTitle, pillRect, pillText);
    const line = doc.createElementNS(SVG, 'text');
    line.setAttribute('class', 'refusals');
    line.setAttribute('data-testid', 'refusals');
    line.setAttribute('x', String(r2(node.box.x)));
    line.setAttribute('y', String(r2(node.box.y + node.box.h + 11)));
    this.append(pill, line);
    marks.push({ node, pill, pillTitle, pillRect, pillText, line, shown: '' });
  });
  return {
    update(view: TrafficView, window: string): void {
      for (const m of marks) {
        const f = view.nodes[m.node.node];
        if (f === undefined) continue;
        const text = perRequestText(f.perRequest);
        const refusals = refusalText(f, view);
        const key = `${text}|${refusals}|${f.perRequest}|${window}`;
        if (key === m.shown) continue;
        m.shown = key;
        // The figure behind the pill moves every slice; what is drawn of it seldom does.
        write(m.pill, 'class', `per-request${text === '' ? ' empty' : ''}`);
        write(m.pill, 'data-per-request', String(f.perRequest));
        write(m.pill, 'data-window', view.mode);
        setText(m.pillText, text);
        setText(m.pillTitle, text === '' ? '' : perRequestTitle(f.perRequest, window));
        const width = Math.ceil(text.length * BOX.badgeChar + 10);
        write(m.pillRect, 'width', String(width));
        write(m.pillText, 'x', String(r2(m.node.box.x + BOX.pad + width / 2)));
        setText(m.line, refusals);
      }
    },
  };
}
