/**
 * The inside of one box: its size from its label and instance count, the cell of each instance (with a
 * queue bar under it), the rows reserved for notes (the gateway's plugins) and for the ejection line
 * under the cells, and the sidecar strip on its left with a cell per sidecar instance. All in layout
 * units (CSS pixels when the diagram is drawn at its natural size). Text is not measured (there is no
 * DOM here): a label's width is estimated per character and long ids are shortened with an ellipsis;
 * the box's `<title>` carries the full id.
 */
import type { BoxKind } from './columns';

/** An axis-aligned rectangle: top-left corner, width and height. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The measures of a box, in layout units. */
export const BOX = {
  /** Side of an instance cell, the gap between cells, and cells per row. */
  cell: 12,
  cellGap: 4,
  perRow: 6,
  /** The queue bar under each cell: gap above it, and its height. */
  barGap: 2,
  bar: 3,
  /** Gap between rows of cells. */
  rowGap: 5,
  pad: 10,
  /** Height of the label line at the top. */
  header: 24,
  /**
   * Height of the two lines of figures at the bottom (`queue 7`, then `busy 71%`), and the distance
   * between their baselines: two short lines keep a box narrow enough for a chain of five to be drawn
   * at 1280 px with no text under 11 px.
   */
  stats: 29,
  statsLine: 13,
  minWidth: 112,
  maxWidth: 210,
  clientHeight: 34,
  /**
   * Estimated advance of a label character (13px semi-bold system font, a little generous) and of a
   * badge character (11px, the least text size of the diagram).
   */
  labelChar: 8,
  badgeChar: 6.5,
  badgeHeight: 15,
  /** Sidecar strip: cell side, gap, cells per column of the strip, padding. */
  stripCell: 8,
  stripGap: 3,
  stripPerColumn: 6,
  stripPad: 3,
  /** Note rows under the cells: gap above the first, row height, gap between rows, text inset. */
  noteTop: 6,
  noteRow: 15,
  noteGap: 3,
  noteInset: 4,
  /** Estimated advance of a note character (11px, a little generous). */
  noteChar: 6.2,
  /** Least width of a box with note rows, so that `external-auth cached 90%` fits a row. */
  noteMinWidth: 184,
  /** Height of the line above the figures that says how many instances are ejected. */
  ejectedLine: 13,
} as const;

/** Note rows a gateway box reserves: one per plugin line the worker sends, at most this many. */
export const GATEWAY_NOTE_ROWS = 4;

/** What a box reserves beyond its cells. */
export interface BoxExtras {
  /** Rows for note lines under the cells. */
  readonly noteRows: number;
  /** A line above the figures for `1 of 3 ejected`. */
  readonly ejectedLine: boolean;
}

/**
 * What a box of this kind reserves: a gateway lists its plugins' notes in `noteRows` rows (what the
 * worker says it may show, at most and by default `GATEWAY_NOTE_ROWS`); in a mesh a service's
 * instances can be ejected by its callers' sidecars, so it keeps a line to say so.
 */
export function boxExtras(kind: BoxKind, meshEnabled: boolean, noteRows = GATEWAY_NOTE_ROWS): BoxExtras {
  return {
    noteRows: kind === 'gateway' ? Math.max(0, Math.min(GATEWAY_NOTE_ROWS, noteRows)) : 0,
    ejectedLine: meshEnabled && kind === 'service',
  };
}

/** Nothing beyond the cells. */
export const NO_EXTRAS: BoxExtras = { noteRows: 0, ejectedLine: false };

/** A note row: its background, the fill bar along its bottom (full width), and where its text starts. */
export interface NoteRowLayout {
  readonly row: Rect;
  readonly bar: Rect;
  /** Baseline start of the text. */
  readonly textX: number;
  readonly textY: number;
  /** Characters that fit the row (estimated); longer lines are shortened. */
  readonly chars: number;
}

/** The size of a box and of its parts, before it is placed. */
export interface BoxSize {
  readonly w: number;
  readonly h: number;
  /** Width of the sidecar strip to the box's left; 0 without a sidecar. */
  readonly stripW: number;
  /** The id, shortened with `…` when it would not fit. */
  readonly label: string;
  readonly badgeW: number;
}

/**
 * The badge text: the node's region when the scenario names regions (what matters once there are
 * several, and the id says the rest), else its kind, but none for a service: most boxes are services,
 * and a badge on each would take the width that keeps the diagram's text readable.
 */
export function badgeText(kind: BoxKind, region?: string): string {
  return region ?? (kind === 'service' ? '' : kind);
}

/** `id` shortened to at most `max` characters, the last one `…` when cut. */
export function shorten(id: string, max: number): string {
  const chars = [...id];
  return chars.length <= max ? id : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}

function cellRows(instances: number): number {
  return Math.ceil(instances / BOX.perRow);
}

function rowPitch(): number {
  return BOX.cell + BOX.barGap + BOX.bar + BOX.rowGap;
}

/** Height of the grid of `instances` cells with their queue bars. */
function cellsHeight(instances: number): number {
  return cellRows(instances) * rowPitch() - BOX.rowGap;
}

/** Height of `rows` note rows with the gap above them; 0 for none. */
function notesHeight(rows: number): number {
  return rows > 0 ? BOX.noteTop + rows * (BOX.noteRow + BOX.noteGap) - BOX.noteGap : 0;
}

/** Width of the grid of `instances` cells. */
function cellsWidth(instances: number): number {
  const perRow = Math.min(instances, BOX.perRow);
  return perRow * BOX.cell + Math.max(0, perRow - 1) * BOX.cellGap;
}

/** Width and height of the sidecar strip's grid of cells, without padding. */
function stripGrid(instances: number): { w: number; h: number } {
  const columns = Math.ceil(instances / BOX.stripPerColumn);
  const rows = Math.min(instances, BOX.stripPerColumn);
  const pitch = BOX.stripCell + BOX.stripGap;
  return { w: columns * pitch - BOX.stripGap, h: rows * pitch - BOX.stripGap };
}

/**
 * The size of the box of a node of this kind, id and instance count, with a sidecar of
 * `sidecarInstances` (0: none) and room for `extras` (a box without instances reserves none).
 */
export function boxSize(
  kind: BoxKind,
  id: string,
  instances: number,
  sidecarInstances: number,
  extras: BoxExtras = NO_EXTRAS,
  region?: string,
): BoxSize {
  const badge = badgeText(kind, region);
  const badgeW = badge === '' ? 0 : badge.length * BOX.badgeChar + 8;
  // Padding on both sides, and between the label and the badge when there is one.
  const pads = badge === '' ? 2 * BOX.pad : 3 * BOX.pad;
  const room = BOX.maxWidth - pads - badgeW;
  const label = shorten(id, Math.floor(room / BOX.labelChar));
  const textW = pads + badgeW + [...label].length * BOX.labelChar;
  const least = instances > 0 && extras.noteRows > 0 ? BOX.noteMinWidth : BOX.minWidth;
  const w = Math.ceil(Math.max(least, textW, 2 * BOX.pad + cellsWidth(instances)));
  let h: number =
    instances > 0
      ? BOX.header +
        cellsHeight(instances) +
        notesHeight(extras.noteRows) +
        (extras.ejectedLine ? BOX.ejectedLine : 0) +
        BOX.stats +
        4
      : BOX.clientHeight;
  let stripW = 0;
  if (sidecarInstances > 0) {
    const grid = stripGrid(sidecarInstances);
    stripW = grid.w + 2 * BOX.stripPad;
    h = Math.max(h, grid.h + 2 * BOX.stripPad);
  }
  return { w, h, stripW, label, badgeW };
}

/** The cell of each instance (index i is instance i, slot `node.slot + i`) and the queue bar under it. */
export function instanceCells(box: Rect, instances: number): { cells: Rect[]; bars: Rect[] } {
  const cells: Rect[] = [];
  const bars: Rect[] = [];
  for (let i = 0; i < instances; i++) {
    const x = box.x + BOX.pad + (i % BOX.perRow) * (BOX.cell + BOX.cellGap);
    const y = box.y + BOX.header + Math.floor(i / BOX.perRow) * rowPitch();
    cells.push({ x, y, w: BOX.cell, h: BOX.cell });
    bars.push({ x, y: y + BOX.cell + BOX.barGap, w: BOX.cell, h: BOX.bar });
  }
  return { cells, bars };
}

/** `rows` note rows under the cells of a box of `instances` instances, full width inside the padding. */
export function noteRows(box: Rect, instances: number, rows: number): NoteRowLayout[] {
  const out: NoteRowLayout[] = [];
  if (instances <= 0) return out;
  const top = box.y + BOX.header + cellsHeight(instances) + BOX.noteTop;
  const w = box.w - 2 * BOX.pad;
  const chars = Math.max(1, Math.floor((w - 2 * BOX.noteInset) / BOX.noteChar));
  for (let k = 0; k < rows; k++) {
    const y = top + k * (BOX.noteRow + BOX.noteGap);
    const row: Rect = { x: box.x + BOX.pad, y, w, h: BOX.noteRow };
    out.push({
      row,
      bar: { x: row.x, y: y + BOX.noteRow - 2, w, h: 2 },
      textX: row.x + BOX.noteInset,
      textY: y + 11,
      chars,
    });
  }
  return out;
}

/** The cells of a sidecar strip, in columns of `BOX.stripPerColumn` centred vertically in the strip. */
export function stripCells(strip: Rect, instances: number): Rect[] {
  const grid = stripGrid(instances);
  const top = strip.y + (strip.h - grid.h) / 2;
  const pitch = BOX.stripCell + BOX.stripGap;
  const cells: Rect[] = [];
  for (let i = 0; i < instances; i++) {
    const x = strip.x + BOX.stripPad + Math.floor(i / BOX.stripPerColumn) * pitch;
    const y = top + (i % BOX.stripPerColumn) * pitch;
    cells.push({ x, y, w: BOX.stripCell, h: BOX.stripCell });
  }
  return cells;
}
