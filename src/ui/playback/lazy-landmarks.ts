/**
 * The scrubber's landmarks with their view (`landmark-view.ts`) loaded when the first run is played
 * rather than with the page. The rail and rows are there from the first paint (`landmark-track.ts`);
 * what the page tells the landmarks before the view has loaded is kept and given to it, and a jump
 * asked for meanwhile (a key, a button) is made once it has.
 */
import { lazy } from '../lazy';
import { createLandmarkTrack, type LandmarkElements } from './landmark-track';
import type { createLandmarkView, LandmarkView, Playhead } from './landmark-view';

/**
 * The landmarks of `ui`'s scrubber, jumping `playhead`, their view loaded (by `load`: tests give
 * their own) on the first `setRuns` or jump.
 */
export function createLazyLandmarks(
  ui: LandmarkElements,
  playhead: Playhead,
  load: () => Promise<{ readonly createLandmarkView: typeof createLandmarkView }> = () =>
    import('./landmark-view'),
): LandmarkView {
  const track = createLandmarkTrack(ui);
  const module = lazy(load);
  let view: LandmarkView | undefined;
  /** What the view is to be told once it exists. */
  let runs: { variants: Parameters<LandmarkView['setRuns']>[0]; endMs: number } | undefined;
  let shown: readonly number[] | undefined;
  let time: number | undefined;

  const loadView = (): Promise<LandmarkView> =>
    module.get().then(({ createLandmarkView }) => {
      if (view) return view;
      ui.previous.removeEventListener('click', previous);
      ui.next.removeEventListener('click', next);
      view = createLandmarkView(ui, playhead, track);
      if (runs) view.setRuns(runs.variants, runs.endMs);
      if (shown) view.setShown(shown);
      if (time !== undefined) view.setTime(time);
      return view;
    });
  // Until the view has its own, the buttons' clicks wait for it.
  const jumpLater = (direction: 1 | -1): void =>
    void loadView().then(
      (v) => v.jump(direction),
      () => undefined,
    );
  const previous = (): void => jumpLater(-1);
  const next = (): void => jumpLater(1);
  ui.previous.addEventListener('click', previous);
  ui.next.addEventListener('click', next);

  return {
    setRuns(variants, endMs) {
      if (view) return view.setRuns(variants, endMs);
      runs = { variants, endMs };
      void loadView().catch(() => undefined);
    },
    setShown(next) {
      if (view) return view.setShown(next);
      shown = next;
    },
    setTime(t) {
      if (view) return view.setTime(t);
      time = t;
    },
    jump(direction) {
      if (view) return view.jump(direction);
      jumpLater(direction);
      return false;
    },
  };
}
