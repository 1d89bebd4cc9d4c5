/**
 * The landmarks whose view loads with the first run: the scrubber's rail is there from the start,
 * what the page says meanwhile reaches the view once it exists, and a jump asked for meanwhile is made.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { LandmarkView } from '../../../src/ui/playback/landmark-view';
import { createLazyLandmarks } from '../../../src/ui/playback/lazy-landmarks';
import type { LandmarkElements, LandmarkTrack } from '../../../src/ui/playback/landmark-track';
import { installFakeDocument, manualLoad, settle, type FakeElement } from '../app/fake-dom';

let ui: { track: FakeElement; scrub: FakeElement; previous: FakeElement; next: FakeElement };
/** What the loaded view was told, in order. */
let told: string[];
let trackGiven: LandmarkTrack | undefined;
const createLandmarkView = (_ui: unknown, _playhead: unknown, track: LandmarkTrack): LandmarkView => {
  trackGiven = track;
  return {
    setRuns: (variants, endMs) => void told.push(`runs ${variants.length} to ${endMs}`),
    setShown: (shown) => void told.push(`shown ${shown.join()}`),
    setTime: (t) => void told.push(`time ${t}`),
    jump: (direction) => (told.push(`jump ${direction}`), true),
  };
};
const playhead = { time: 0, seek: () => undefined };

beforeEach(() => {
  const doc = installFakeDocument();
  const track = doc.createElement('div');
  const scrub = doc.createElement('input');
  track.append(scrub);
  ui = { track, scrub, previous: doc.createElement('button'), next: doc.createElement('button') };
  told = [];
  trackGiven = undefined;
});
afterEach(() => vi.unstubAllGlobals());

const create = (load: () => Promise<{ createLandmarkView: typeof createLandmarkView }>) =>
  createLazyLandmarks(ui as unknown as LandmarkElements, playhead, load as never);

test('the rail is laid out at once; the view loads with the first runs and gets what was said before', async () => {
  const view = manualLoad({ createLandmarkView });
  const landmarks = create(view.load);
  expect(ui.track.classList.contains('scrub-track')).toBe(true);
  expect(ui.scrub.parent?.classList.contains('scrub-line')).toBe(true);
  landmarks.setTime(500);
  expect(view.loads()).toBe(0);
  landmarks.setRuns([{ name: 'base', timeline: [] }], 60_000);
  landmarks.setShown([0]);
  landmarks.setTime(800);
  expect(view.loads()).toBe(1);
  view.resolve();
  await settle();
  expect(told).toEqual(['runs 1 to 60000', 'shown 0', 'time 800']);
  expect(trackGiven?.line).toBe(ui.scrub.parent);
  landmarks.setTime(900);
  expect(told.at(-1)).toBe('time 900');
});

test('a jump before the view has loaded is made once it has; the buttons then are the view’s', async () => {
  const view = manualLoad({ createLandmarkView });
  const landmarks = create(view.load);
  ui.next.click();
  expect(landmarks.jump(-1)).toBe(false);
  view.resolve();
  await settle();
  expect(told).toEqual(['jump 1', 'jump -1']);
  ui.next.click();
  await settle();
  // The view listens on its buttons itself (this fake one does not): the early listener is gone.
  expect(told).toEqual(['jump 1', 'jump -1']);
  expect(landmarks.jump(1)).toBe(true);
});
