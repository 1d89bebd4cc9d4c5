/**
 * What the sidecars and the gateway's plugins say about a box, drawn over it: the line that counts
 * ejected instances, the circuit-breaker pill on its top edge, and the note rows under its cells (with
 * a thin bar for a `<name> <a>/<b> left` line). Drawn once per topology into the boxes' groups; `update`
 * then writes an attribute or a text only where a value changed since the last frame, so a steady
 * state costs no DOM writes at all.
 *
 * Note lines and ids come from user files: they are set with `textContent` only, never parsed.
 */
import type { BaseType, Selection } from 'd3';
import type { FrameData } from '../../worker/frames';
import { breakerLook } from './breaker-pill';
import { ejectedNote } from './instance-state';
import type { NodeLayout } from './layout';
import { BOX, type NoteRowLayout } from './node-box';
import { fitNote, noteShare } from './node-notes';
import { setText } from '../dom';
import { r2, svgChild, write } from '../svg';

/** The status marks of a diagram. */
export interface NodeStatus {
  /** Shows the ejection lines, breaker pills and notes of this frame. */
  update(frame: FrameData): void;
}

/** Below this share left, a note's bar turns vermillion. */
export const LOW_SHARE = 0.1;

/** The elements of one breaker pill, and the state it shows. */
interface Pill {
  readonly node: NodeLayout;
  readonly group: SVGGElement;
  readonly title: SVGTitleElement;
  readonly rect: SVGRectElement;
  readonly text: SVGTextElement;
  /** Last state drawn; -1 before the first frame. */
  state: number;
}

/** The elements of one note row, and the line it shows. */
interface NoteRow {
  readonly node: number;
  readonly index: number;
  readonly layout: NoteRowLayout;
  readonly group: SVGGElement;
  readonly title: SVGTitleElement;
  readonly fill: SVGRectElement;
  readonly text: SVGTextElement;
  /** Last line drawn; null before the first frame. */
  line: string | null;
}

/** An ejection line, and the text it shows. */
interface EjectedLine {
  readonly node: NodeLayout;
  readonly text: SVGTextElement;
  shown: string;
}

/** Adds the status marks to each box group of `nodes` (one `g.node` per `NodeLayout`). */
export function createNodeStatus<Parent extends BaseType, ParentDatum>(
  nodes: Selection<SVGGElement, NodeLayout, Parent, ParentDatum>,
): NodeStatus {
  const pills: Pill[] = [];
  const rows: NoteRow[] = [];
  const ejected: EjectedLine[] = [];
  nodes.each(function (node) {
    if (node.cells.length === 0) return;
    if (node.ejectedY !== null) {
      const text = svgChild(this, 'text', 'ejected-note', { x: node.statsX, y: node.ejectedY });
      ejected.push({ node, text, shown: '' });
    }
    node.notes.forEach((layout, index) => {
      const group = svgChild(this, 'g', 'note empty');
      const title = svgChild(group, 'title', '');
      const { row, bar } = layout;
      svgChild(group, 'rect', 'note-bg', { x: row.x, y: row.y, width: row.w, height: row.h, rx: 2 });
      const fill = svgChild(group, 'rect', 'note-fill', { x: bar.x, y: bar.y, width: 0, height: bar.h });
      const text = svgChild(group, 'text', 'note-text', { x: layout.textX, y: layout.textY });
      rows.push({ node: node.node, index, layout, group, title, fill, text, line: null });
    });
    const group = svgChild(this, 'g', 'breaker closed');
    const title = svgChild(group, 'title', '');
    const { x, y } = node.breakerAt;
    const rect = svgChild(group, 'rect', 'breaker-pill', {
      x,
      y,
      width: 0,
      height: BOX.badgeHeight,
      rx: 6.5,
    });
    const text = svgChild(group, 'text', '', { x, y: y + BOX.badgeHeight - 3.5 });
    pills.push({ node, group, title, rect, text, state: -1 });
  });

  return {
    update(frame: FrameData): void {
      for (const line of ejected) {
        const { node } = line;
        const note = ejectedNote(frame, node.slot, node.cells.length);
        if (note === line.shown) continue;
        line.shown = note;
        line.text.textContent = note;
      }
      for (const pill of pills) updatePill(pill, breakerOf(frame, pill.node));
      for (const row of rows) updateRow(row, frame.notes[row.node]?.[row.index] ?? '');
    },
  };
}

/** The worst breaker state of the calls into a box: its node's, or its sidecar's, should it carry one. */
function breakerOf(frame: FrameData, node: NodeLayout): number {
  const own = frame.breaker[node.node];
  const sidecar = node.sidecar ? frame.breaker[node.sidecar.node] : 0;
  return own > sidecar ? own : sidecar;
}

function updatePill(pill: Pill, state: number): void {
  if (state === pill.state) return;
  pill.state = state;
  const look = breakerLook(state);
  if (look === null) {
    pill.group.setAttribute('class', 'breaker closed');
    return;
  }
  const { x } = pill.node.breakerAt;
  pill.group.setAttribute('class', `breaker ${look.tone}`);
  pill.title.textContent = look.title;
  pill.rect.setAttribute('x', String(r2(x - look.width)));
  pill.rect.setAttribute('width', String(look.width));
  pill.text.setAttribute('x', String(r2(x - look.width / 2)));
  pill.text.textContent = look.text;
}

function updateRow(row: NoteRow, line: string): void {
  if (line === row.line) return;
  row.line = line;
  if (line === '') {
    row.group.setAttribute('class', 'note empty');
    return;
  }
  // A gateway's notes change with its counters on most slices; their bar and fitted text less often.
  const share = noteShare(line);
  const bar = Number.isNaN(share) ? '' : share < LOW_SHARE ? ' bar low' : ' bar';
  write(row.group, 'class', `note${bar}`);
  write(row.fill, 'width', String(r2(Number.isNaN(share) ? 0 : row.layout.bar.w * share)));
  setText(row.text, fitNote(line, row.layout.chars));
  setText(row.title, line);
}
