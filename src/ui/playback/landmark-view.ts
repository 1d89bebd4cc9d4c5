/**
 * The scrubber's landmarks, drawn: each fault's span as a band on the rail, and under it a row of
 * marks (one per landmark, merged with a count where they would overlap), each a button named by
 * its time and what happens; clicking one, or Enter on it, jumps to half a second before it. With
 * variants side by side, what they share is one row and each variant with landmarks of its own has
 * a row, named. The marks are one toolbar for the keyboard: Tab enters it, the arrow keys move along
 * it. "Previous" and "next" buttons (and `[` `]`, bound by the page) jump between landmarks.
 *
 * It owns the scrubber's box (`#scrub-track`): it puts the range input on a rail of its own and the
 * rows under it. Layout is in pixels (marks merge by distance), so it is redone when the box resizes.
 */
import { clockText } from '../player';
import { h } from '../dom';
import { createLandmarkTrack, type LandmarkElements, type LandmarkTrack } from './landmark-track';
import {
  groupKind,
  groupLabel,
  groupMarks,
  jumpTarget,
  lanesOf,
  neighbourJump,
  type Band,
  type Lane,
  type MarkKind,
  type VariantTimeline,
} from './landmarks';
import { SVG } from '../svg';

/**
 * Marks closer than this merge, px: a mark's shape is 14 px wide, so shapes never overlap (their
 * 18 px buttons may, by a little, which the pointer does not mind).
 */
const MERGE_PX = 14;
/** Half the scrubber thumb's width, px (landmarks.css): the track's value 0 and end sit this far in. */
const THUMB_HALF_PX = 7;

/** The shape of each kind of mark, in a 14 x 14 box; `hollow` ones are the ends of a span. */
const SHAPES: Readonly<Record<MarkKind, { readonly d: string; readonly hollow: boolean }>> = {
  'fault-start': { d: 'M2 3h10l-5 9z', hollow: false },
  'fault-end': { d: 'M2 3h10l-5 9z', hollow: true },
  scale: { d: 'M7 2l5 9H2z', hollow: false },
  rate: { d: 'M7 2.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z', hollow: false },
  'rate-down': { d: 'M7 2.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z', hollow: true },
  'breaker-open': { d: 'M3 3h8v8H3z', hollow: false },
  'breaker-close': { d: 'M3 3h8v8H3z', hollow: true },
  ejection: { d: 'M7 1.5l5.5 5.5L7 12.5L1.5 7z', hollow: false },
  return: { d: 'M7 1.5l5.5 5.5L7 12.5L1.5 7z', hollow: true },
  discovery: { d: 'M5.5 2h3v10h-3z', hollow: false },
};

function shape(kind: MarkKind): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 14 14');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', SHAPES[kind].d);
  path.setAttribute('class', SHAPES[kind].hollow ? 'hollow' : 'solid');
  svg.append(path);
  return svg;
}

/** The player as the landmarks see it: where the playhead is, and a way to move it. */
export interface Playhead {
  /** Shown time, ms. */
  readonly time: number;
  /** Moves the playhead to `t` ms, playing on if it was playing. */
  seek(t: number): void;
}

export type { LandmarkElements };

export interface LandmarkView {
  /** The runs played: each variant's timeline, and the playback's end, ms. */
  setRuns(variants: readonly VariantTimeline[], endMs: number): void;
  /** The variants drawn changed: their indices, in drawing order. */
  setShown(shown: readonly number[]): void;
  /** The playhead moved: the previous and next buttons follow. */
  setTime(t: number): void;
  /** Jumps to the next (+1) or previous (-1) landmark; false when there is none that way. */
  jump(direction: 1 | -1): boolean;
}

/**
 * The landmarks of `ui`'s scrubber, jumping `playhead`; drawn in `track`, the scrubber's rail and rows
 * (made here when not given: the page makes them with its first paint, before this view loads).
 */
export function createLandmarkView(
  ui: LandmarkElements,
  playhead: Playhead,
  track: LandmarkTrack = createLandmarkTrack(ui),
): LandmarkView {
  let variants: readonly VariantTimeline[] = [];
  let shown: readonly number[] = [0];
  let endMs = 0;
  let lanes: Lane[] = [];
  /** Landmark times of every lane, in order, for previous and next. */
  let times: number[] = [];
  let drawnWidth = -1;
  /** The marks drawn, with their time, and whether each shows as passed. */
  let drawn: { button: HTMLElement; at: number; past: boolean }[] = [];

  const { rail, line, rows, tip } = track;

  const place = (element: HTMLElement, position: number): void => {
    element.style.left = `${(position * 100).toFixed(3)}%`;
  };

  const bandsInto = (host: HTMLElement, bands: readonly Band[]): void => {
    for (const band of bands) {
      const bar = h('span', { class: 'landmark-band', 'data-kind': band.kind, title: band.text });
      place(bar, endMs > 0 ? band.from / endMs : 0);
      bar.style.width = `${(((band.to - band.from) / Math.max(1, endMs)) * 100).toFixed(3)}%`;
      host.append(bar);
    }
  };

  const showTip = (button: HTMLElement, text: string): void => {
    tip.textContent = text;
    tip.hidden = false;
    const box = ui.track.getBoundingClientRect();
    const mark = button.getBoundingClientRect();
    const centre = mark.left + mark.width / 2 - box.left;
    // Kept inside the track: at the start it hangs right, at the end left.
    const width = tip.offsetWidth;
    tip.style.left = `${Math.max(0, Math.min(box.width - width, centre - width / 2))}px`;
    // Above the rail, so that it hides neither the rail nor the other marks.
    tip.style.top = `${line.offsetTop - tip.offsetHeight - 4}px`;
  };
  const hideTip = (): void => {
    tip.hidden = true;
  };

  /**
   * The rail's width as its ResizeObserver last reported it, px (-1 until then): read from layout only
   * there, where layout is clean, and not by each draw, which a run's answer makes in the middle of
   * rebuilding the page (reading it then forced a layout of the whole page).
   */
  let lineWidth = -1;
  const draw = (): void => {
    if (lineWidth < 0) lineWidth = line.clientWidth;
    const width = Math.max(1, lineWidth - 2 * THUMB_HALF_PX);
    drawnWidth = lineWidth;
    const focusedAt = (document.activeElement as HTMLElement | null)?.dataset?.at;
    rail.replaceChildren();
    rows.replaceChildren();
    drawn = [];
    hideTip();
    const sideBySide = lanes.length > 1 || shown.length > 1;
    ui.track.classList.toggle('has-lanes', sideBySide);
    let first = true;
    for (const lane of lanes) {
      // Faults every variant shares lie on the rail itself; the other spans in their row.
      const row = h('div', { class: 'landmark-row' });
      const marks = h('div', { class: 'landmark-lane' });
      const onRail = (band: Band) => lane.variant === undefined && band.kind === 'fault';
      bandsInto(rail, lane.bands.filter(onRail));
      bandsInto(
        marks,
        lane.bands.filter((band) => !onRail(band)),
      );
      const name = lane.variant ?? (sideBySide ? 'all' : '');
      row.append(h('span', { class: 'landmark-lane-name', title: name }, name), marks);
      for (const group of groupMarks(lane.marks, endMs, width, MERGE_PX)) {
        const label = groupLabel(group, clockText, lane.variant);
        const merged = group.marks.length > 1;
        const kind = groupKind(group);
        const button = h(
          'button',
          {
            type: 'button',
            class: merged ? 'landmark merged' : 'landmark',
            'data-kind': kind,
            'data-at': group.at,
            'data-testid': 'landmark',
            'aria-label': label,
            tabindex: first ? 0 : -1,
          },
          shape(kind),
          merged ? h('span', { class: 'landmark-count' }, String(group.marks.length)) : null,
        );
        first = false;
        place(button, group.position);
        button.addEventListener('click', () => playhead.seek(jumpTarget(group.at)));
        button.addEventListener('pointerenter', () => showTip(button, label));
        button.addEventListener('pointerleave', hideTip);
        button.addEventListener('focus', () => showTip(button, label));
        button.addEventListener('blur', hideTip);
        marks.append(button);
        drawn.push({ button, at: group.at, past: false });
      }
      rows.append(row);
    }
    rows.hidden = lanes.every((lane) => lane.marks.length === 0);
    // A redraw (a resize, a new run) keeps the keyboard where it was.
    if (focusedAt !== undefined) {
      const again = rows.querySelector<HTMLElement>(`[data-at="${CSS.escape(focusedAt)}"]`);
      if (again) roveTo(again);
    }
    setTime(playhead.time);
  };

  const buttons = (): HTMLElement[] => Array.from(rows.querySelectorAll<HTMLElement>('.landmark'));
  const roveTo = (button: HTMLElement): void => {
    for (const other of buttons()) other.tabIndex = other === button ? 0 : -1;
    button.focus();
  };

  // The toolbar's keys stay in it: the page's arrows step the clock, its space plays.
  rows.addEventListener('keydown', (event) => {
    const all = buttons();
    const i = all.indexOf(event.target as HTMLElement);
    if (i < 0) return;
    const to =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? Math.min(all.length - 1, i + 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? Math.max(0, i - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? all.length - 1
              : -1;
    if (to >= 0) {
      event.preventDefault();
      roveTo(all[to]);
    }
    if (to >= 0 || event.key === ' ' || event.key === 'Enter') event.stopPropagation();
  });

  const setTime = (t: number): void => {
    const none = (direction: 1 | -1) => neighbourJump(times, t, direction) === undefined;
    if (ui.previous.disabled !== none(-1)) ui.previous.disabled = none(-1);
    if (ui.next.disabled !== none(1)) ui.next.disabled = none(1);
    // Landmarks the playhead has passed fade a little: what has happened, what is to come.
    for (const mark of drawn) {
      const past = mark.at < t;
      if (past !== mark.past) {
        mark.past = past;
        mark.button.classList.toggle('past', past);
      }
    }
  };

  let relayoutPending = false;
  /**
   * Lays the lanes out and draws them once the current task's script is done: a run's answer sets the
   * runs and then the variants shown, and each used to draw every mark anew.
   */
  const relayout = (): void => {
    if (relayoutPending) return;
    relayoutPending = true;
    queueMicrotask(() => {
      relayoutPending = false;
      lanes = lanesOf(variants, shown, endMs);
      times = [...new Set(lanes.flatMap((lane) => lane.marks.map((m) => m.at)))].sort((a, b) => a - b);
      draw();
    });
  };

  const view: LandmarkView = {
    setRuns(next, end) {
      variants = next;
      endMs = end;
      relayout();
    },
    setShown(next) {
      shown = next;
      relayout();
    },
    setTime,
    jump(direction) {
      const to = neighbourJump(times, playhead.time, direction);
      if (to === undefined) return false;
      playhead.seek(to);
      return true;
    },
  };

  ui.previous.addEventListener('click', () => view.jump(-1));
  ui.next.addEventListener('click', () => view.jump(1));
  new ResizeObserver(() => {
    lineWidth = line.clientWidth;
    if (lineWidth !== drawnWidth) draw();
  }).observe(line);
  return view;
}
