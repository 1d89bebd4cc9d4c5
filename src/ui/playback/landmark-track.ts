/**
 * The scrubber's box as the landmarks lay it out: the range input on a rail of its own, a row of
 * marks under it and the tip shown over a mark. Made with the page's first paint, so that the
 * scrubber looks the same before and after the landmarks' view (`landmark-view.ts`) has loaded.
 */
import { h } from '../dom';
import './landmarks.css';

/** The scrubber's elements, as the page holds them. */
export interface LandmarkElements {
  /** The box around the scrubber; its content is the landmarks'. */
  readonly track: HTMLElement;
  readonly scrub: HTMLInputElement;
  readonly previous: HTMLButtonElement;
  readonly next: HTMLButtonElement;
}

/** What the landmarks draw into. */
export interface LandmarkTrack {
  /** The rail under the range input: the bands of the faults every variant shares. */
  readonly rail: HTMLElement;
  /** The range input and its rail. */
  readonly line: HTMLElement;
  /** The rows of marks, a toolbar. */
  readonly rows: HTMLElement;
  /** The tip over the mark pointed at or focused. */
  readonly tip: HTMLElement;
}

/** Puts `ui.scrub` on a rail and the rows and tip under it, in `ui.track`. */
export function createLandmarkTrack(ui: LandmarkElements): LandmarkTrack {
  const rail = h('div', { class: 'scrub-rail', 'aria-hidden': 'true' });
  const line = h('div', { class: 'scrub-line' }, rail);
  const rows = h('div', { class: 'landmark-rows', role: 'toolbar', 'aria-label': 'Landmarks of the run' });
  const tip = h('div', { class: 'landmark-tip', 'aria-hidden': 'true', hidden: true });
  ui.track.classList.add('scrub-track');
  ui.scrub.replaceWith(line);
  line.append(ui.scrub);
  ui.track.append(rows, tip);
  return { rail, line, rows, tip };
}
