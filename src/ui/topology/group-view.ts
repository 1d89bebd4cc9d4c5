/**
 * The groups drawn on the diagram. A collapsed group's box (its frame, name and pill are drawn with
 * the other boxes) gets its member strip, its load line and its traffic line, and acts as a button:
 * a click, Enter or space expands it. An expanded group's members stand on tinted bands (hulls); the
 * first band's name is the button that collapses it again. `update` and `setTraffic` write only
 * what changed, like the boxes'.
 *
 * Group and member ids come from user files: they are set as text or attributes only, never parsed.
 */
import type { BaseType, Selection } from 'd3';
import type { FrameData, TopologyData } from '../../worker/frames';
import { testIdPart } from '../results-table';
import { r2, svgChild, write } from '../svg';
import { errorTone } from './edge-look';
import { FIGURE_CHARS } from './group-box';
import {
  groupEdges,
  groupLoad,
  groupLoadText,
  groupTraffic,
  groupTrafficText,
  type GroupEdges,
} from './group-figures';
import type { GroupHull, NodeLayout } from './layout';
import type { TrafficView } from './traffic-view';

/** The drawn groups of one diagram. */
export interface GroupMarks {
  /** Shows each collapsed group's load at the end of `frame`. */
  update(frame: FrameData): void;
  /** Shows each collapsed group's traffic over `view`; `window` names the window for tooltips. */
  setTraffic(view: TrafficView, window: string): void;
}

interface Marks {
  readonly node: NodeLayout;
  readonly element: SVGGElement;
  readonly cells: readonly SVGRectElement[];
  readonly cellTitles: readonly SVGTitleElement[];
  readonly load: SVGTextElement;
  readonly traffic: SVGTextElement;
  readonly scratch: Float64Array;
  readonly edges: GroupEdges;
}

/**
 * The words of a group that tell a screen reader what it is and what a press does. A folded group's
 * begin with what its box shows, `figures` (its name, member count and lines of figures, in the
 * order drawn), so that a reader who sees the box can say its name (WCAG 2.5.3, label in name).
 */
export function groupButtonLabel(id: string, members: number, expanded: boolean, figures = ''): string {
  return expanded
    ? `Group ${id}, ${members} services shown; press to collapse them into one box`
    : `${figures || `${id} ${members} services`}: a group folded into one box; press to show its services`;
}

/** What a folded group's box shows, in the order it is drawn: `search 10 services busy 35% in 40/s`. */
function shownText(m: Marks): string {
  const group = m.node.group!;
  return [m.node.label, `${group.members.length} services`, m.load.textContent, m.traffic.textContent]
    .filter((part) => part)
    .join(' ');
}

/** Keeps a folded group's accessible name in step with the figures its box shows. */
function relabel(m: Marks): void {
  const group = m.node.group!;
  write(m.element, 'aria-label', groupButtonLabel(group.id, group.members.length, false, shownText(m)));
}

/** Writes `text` to one of a folded group's figure lines when it changed, and its accessible name with it. */
function showFigureLine(m: Marks, line: SVGTextElement, text: string): void {
  if (line.textContent === text) return;
  line.textContent = text;
  relabel(m);
}

/** Makes `element` a button that calls `press` on a click, Enter or space. */
function asButton(element: SVGElement, label: string, expanded: boolean, press: () => void): void {
  element.setAttribute('tabindex', '0');
  element.setAttribute('role', 'button');
  element.setAttribute('aria-expanded', String(expanded));
  element.setAttribute('aria-label', label);
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    press();
  });
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    press();
  });
}

/**
 * Draws the parts of each collapsed group's box of `boxes` (the `g.node` of boxes whose layout has a
 * `group`), making each a button that calls `toggle` with the group's id.
 */
export function createGroupMarks<Parent extends BaseType, ParentDatum>(
  boxes: Selection<SVGGElement, NodeLayout, Parent, ParentDatum>,
  topology: TopologyData,
  toggle: (group: string) => void,
): GroupMarks {
  const marks: Marks[] = [];
  boxes.each(function (node) {
    const group = node.group;
    if (!group) return;
    this.classList.add('group');
    this.setAttribute('data-group', group.id);
    this.setAttribute('data-testid', `topology-group-${testIdPart(group.id)}`);
    this.setAttribute('data-members', group.memberIds.join(' '));
    asButton(this, groupButtonLabel(group.id, group.members.length, false), false, () => toggle(group.id));
    const chevron = svgChild(this, 'path', 'group-chevron');
    const [x, y] = [group.chevronX, group.chevronY];
    chevron.setAttribute('d', `M${r2(x - 3)},${r2(y - 5)}L${r2(x + 3)},${r2(y)}L${r2(x - 3)},${r2(y + 5)}`);
    const cells: SVGRectElement[] = [];
    const cellTitles: SVGTitleElement[] = [];
    group.cells.forEach((cell, k) => {
      const g = svgChild(this, 'g', 'group-member');
      const title = svgChild(g, 'title', '');
      title.textContent = group.memberIds[k];
      const bg = svgChild(g, 'rect', 'group-member-bg');
      const fill = svgChild(g, 'rect', 'group-member-busy');
      for (const rect of [bg, fill]) {
        rect.setAttribute('x', String(r2(cell.x)));
        rect.setAttribute('y', String(r2(cell.y)));
        rect.setAttribute('width', String(r2(cell.w)));
        rect.setAttribute('height', String(r2(cell.h)));
      }
      fill.setAttribute('height', '0');
      cells.push(fill);
      cellTitles.push(title);
    });
    const load = svgChild(this, 'text', 'group-load');
    load.setAttribute('x', String(r2(node.labelX)));
    load.setAttribute('y', String(r2(group.loadY)));
    load.setAttribute('data-testid', 'group-load');
    const traffic = svgChild(this, 'text', 'group-traffic');
    traffic.setAttribute('x', String(r2(node.labelX)));
    traffic.setAttribute('y', String(r2(group.trafficY)));
    traffic.setAttribute('data-testid', 'group-traffic');
    // SVG draws no text node of a group, but the accessible name's check reads the box's texts as one
    // string: a space between them keeps `search` and `10 services` two words, as the eye reads them.
    for (const text of [...this.querySelectorAll(':scope > text, :scope > .badge')])
      text.before(this.ownerDocument.createTextNode(' '));
    marks.push({
      node,
      element: this,
      cells,
      cellTitles,
      load,
      traffic,
      scratch: new Float64Array(group.members.length),
      edges: groupEdges(topology, group.members),
    });
  });
  return {
    update(frame: FrameData): void {
      for (const m of marks) {
        const group = m.node.group!;
        const load = groupLoad(topology, frame, group.members, m.scratch);
        showFigureLine(m, m.load, groupLoadText(load, FIGURE_CHARS));
        for (let k = 0; k < group.cells.length; k++) {
          const cell = group.cells[k];
          const share = load.members[k];
          const h = Number.isNaN(share) ? 0 : cell.h * share;
          write(m.cells[k], 'y', String(r2(cell.y + cell.h - h)));
          write(m.cells[k], 'height', String(r2(h)));
          // Every worker busy: the member is the group's bottleneck (a box's cell turns orange the same way).
          const look = Number.isNaN(share) ? ' down' : share >= 1 ? ' saturated' : '';
          write(m.cells[k], 'class', `group-member-busy${look}`);
        }
      }
    },
    setTraffic(view: TrafficView, window: string): void {
      for (const m of marks) {
        const group = m.node.group!;
        const traffic = groupTraffic(topology, view, group.members, m.edges);
        showFigureLine(m, m.traffic, groupTrafficText(traffic, FIGURE_CHARS));
        write(m.traffic, 'class', `group-traffic tone-${errorTone(traffic.errorShare)}`);
        // The raw figures, for tests and tools, always those of the view shown.
        write(m.element, 'data-window', view.mode);
        write(m.element, 'data-in-rps', String(traffic.into.rps));
        write(m.element, 'data-inside-rps', String(traffic.inside.rps));
        write(m.element, 'data-error-share', String(traffic.errorShare));
        write(m.traffic, 'data-window', window);
      }
    },
  };
}

/**
 * Draws the bands behind expanded groups into `parent` (under the edges and boxes); the first band of
 * each group carries its name, a button that calls `toggle` with the group's id.
 */
export function drawGroupHulls(
  parent: SVGGElement,
  hulls: readonly GroupHull[],
  members: ReadonlyMap<string, number>,
  toggle: (group: string) => void,
): void {
  for (const hull of hulls) {
    const g = svgChild(parent, 'g', 'group-hull');
    g.setAttribute('data-group', hull.group);
    const band = svgChild(g, 'rect', 'group-hull-band');
    band.setAttribute('x', String(r2(hull.rect.x)));
    band.setAttribute('y', String(r2(hull.rect.y)));
    band.setAttribute('width', String(r2(hull.rect.w)));
    band.setAttribute('height', String(r2(hull.rect.h)));
    band.setAttribute('rx', '10');
    if (!hull.first) continue;
    const head = svgChild(g, 'g', 'group-hull-head');
    head.setAttribute('data-testid', `group-collapse-${testIdPart(hull.group)}`);
    const count = members.get(hull.group) ?? 0;
    asButton(head, groupButtonLabel(hull.group, count, true), true, () => toggle(hull.group));
    const title = svgChild(head, 'title', '');
    title.textContent = `${hull.group}: click to fold its ${count} services into one box`;
    const x = hull.rect.x + 8;
    const y = hull.rect.y + 15;
    const chevron = svgChild(head, 'path', 'group-chevron');
    chevron.setAttribute('d', `M${r2(x)},${r2(y - 7)}L${r2(x + 5)},${r2(y - 2)}L${r2(x + 10)},${r2(y - 7)}`);
    const name = svgChild(head, 'text', 'group-hull-name');
    name.setAttribute('x', String(r2(x + 15)));
    name.setAttribute('y', String(r2(y)));
    name.textContent = hull.group;
  }
}
