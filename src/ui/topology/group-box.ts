/**
 * The inside of a collapsed group's box, in layout units: its name in large type with a chevron that
 * says it opens, a strip of one cell per member (each filled by that member's busy share, so the hot
 * service of a quiet group still shows), and two lines of figures: the members' load together and
 * the calls into the group. The count of members sits in a pill on the box's top edge. No DOM here:
 * `group-view.ts` draws from these numbers.
 */
import { shorten, type Rect } from './node-box';
import type { TopologyGroup } from './groups';

/** The measures of a group box, layout units. The type is larger than a box's: groups are few and far apart. */
export const GROUP_BOX = {
  pad: 10,
  minWidth: 130,
  maxWidth: 200,
  /**
   * Estimated advance of a name character (17 px semi-bold, a little generous), and of a figure's
   * (17 px too: a hundred services are drawn at about 0.65 px per unit at 1280 px, and 11 px is the least).
   */
  labelChar: 10.2,
  figureChar: 9.1,
  /** Height of the name line; the name's baseline is `nameBaseline` below the box's top. */
  header: 27,
  nameBaseline: 20,
  /** Room the chevron takes at the right of the name line. */
  chevron: 16,
  /** Height of the member strip, and the gap between its cells. */
  strip: 9,
  stripGap: 2,
  /** Height of each line of figures. */
  line: 19,
  bottomPad: 3,
  /**
   * The member-count pill on the top edge (`10 services`, 17 px like the name): its height, and
   * how far it reaches into the box (above the name's letters).
   */
  badgeHeight: 20,
  badgeInside: 5,
} as const;

/** Where the parts of a collapsed group's box go. */
export interface GroupBoxLayout {
  readonly id: string;
  /** Indices into `TopologyData.nodes` of its members, and their ids (same order). */
  readonly members: readonly number[];
  readonly memberIds: readonly string[];
  /** One cell of the member strip per member (same order). */
  readonly cells: readonly Rect[];
  /** Baseline of the load line and of the traffic line; both start at the name's x. */
  readonly loadY: number;
  readonly trafficY: number;
  /** Centre of the chevron. */
  readonly chevronX: number;
  readonly chevronY: number;
}

/** Characters a figure line is given room for (`in 1.2k/s · 9%`); longer lines drop their least part. */
export const FIGURE_CHARS = 12;

/** Width, height and shortened name of the box of `group` (ids of `group.id`). */
export function groupBoxSize(group: TopologyGroup): { w: number; h: number; label: string } {
  const room = GROUP_BOX.maxWidth - 2 * GROUP_BOX.pad - GROUP_BOX.chevron;
  const label = shorten(group.id, Math.floor(room / GROUP_BOX.labelChar));
  const nameW = 2 * GROUP_BOX.pad + GROUP_BOX.chevron + [...label].length * GROUP_BOX.labelChar;
  const figuresW = 2 * GROUP_BOX.pad + FIGURE_CHARS * GROUP_BOX.figureChar;
  const w = Math.ceil(Math.max(GROUP_BOX.minWidth, nameW, figuresW));
  const h = GROUP_BOX.header + GROUP_BOX.strip + 2 * GROUP_BOX.line + GROUP_BOX.bottomPad;
  return { w, h, label };
}

/** The parts of the box of `group` placed at `box`; `ids` are the topology's node ids. */
export function groupBoxParts(group: TopologyGroup, box: Rect, ids: readonly string[]): GroupBoxLayout {
  const n = group.members.length;
  const stripW = box.w - 2 * GROUP_BOX.pad;
  const pitch = stripW / Math.max(1, n);
  const stripY = box.y + GROUP_BOX.header;
  const cells = group.members.map((_, k): Rect => ({
    x: box.x + GROUP_BOX.pad + k * pitch,
    y: stripY,
    w: Math.max(1, pitch - GROUP_BOX.stripGap),
    h: GROUP_BOX.strip,
  }));
  const loadY = stripY + GROUP_BOX.strip + GROUP_BOX.line - 3;
  return {
    id: group.id,
    members: group.members,
    memberIds: group.members.map((m) => ids[m]),
    cells,
    loadY,
    trafficY: loadY + GROUP_BOX.line,
    chevronX: box.x + box.w - GROUP_BOX.pad - GROUP_BOX.chevron / 2 + 2,
    chevronY: box.y + GROUP_BOX.nameBaseline - 5,
  };
}
