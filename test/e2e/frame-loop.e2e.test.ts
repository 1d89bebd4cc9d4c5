/**
 * The page's frame loop, held without timing anything (frame rates are `npm run bench:page`'s): a
 * still playback writes nothing and repaints no dots; a playing frame writes no attribute or text to
 * the value it already has; and side by side, a new slice is drawn into one diagram a frame, not all
 * of them at once (three diagrams laid out in one frame made the retry storm's longest task).
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openFromLibrary, playFromStart, settled, usePage } from './support/page';

/** What the page wrote while it was watched, by animation frame. */
interface Writes {
  /** Animation frames seen. */
  frames: number;
  /** Mutation records made in animation frames. */
  records: number;
  /** Writes that left the value as it was (an attribute set to itself, a text replaced by the same text), with where. */
  unchanged: string[];
  /** Per frame, how many diagrams (`.stage-part`) had their SVG changed in it. */
  diagramsPerFrame: number[];
  /** Diagrams changed over all the frames watched. */
  diagrams: number;
  /** Frames that changed both a diagram's boxes (instance cells, figure lines) and its edges' figures. */
  boxesAndEdges: number;
  /** Frames that changed a diagram's boxes, and frames that changed its edges' figures. */
  boxFrames: number;
  edgeFrames: number;
  /** Calls clearing a dots canvas (one per dots drawing). */
  dotDraws: number;
}

/** What the probes below keep in the page. */
interface FrameProbes {
  dotDraws: number;
  /** Called after each animation-frame callback of the page, while the page's writes are watched. */
  afterCallback?: () => void;
}

/**
 * Installed before the page's script: counts clears of the dots' canvases, each the start of a
 * drawing of the dots, and calls `afterCallback` after each of the page's animation-frame callbacks,
 * so that the writes made in a frame are told from those of the worker's messages between frames.
 */
function probeFrames(): void {
  const state: FrameProbes = { dotDraws: 0 };
  (window as unknown as { __frameProbes: FrameProbes }).__frameProbes = state;
  const clear = CanvasRenderingContext2D.prototype.clearRect;
  CanvasRenderingContext2D.prototype.clearRect = function (this: CanvasRenderingContext2D, ...args) {
    if (this.canvas.classList.contains('topology-dots')) state.dotDraws += 1;
    return clear.apply(this, args);
  };
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    request((time) => {
      try {
        callback(time);
      } finally {
        state.afterCallback?.();
      }
    });
}

/**
 * Watches the writes the page makes in its animation frames, over `frames` of them (writes made
 * between frames, as the worker's messages come, are not the frame loop's). Records are grouped by
 * the frame they were made in: every callback of one frame sees the same `document.timeline.currentTime`.
 */
function watchWrites(page: Page, frames: number): Promise<Writes> {
  return page.evaluate((wanted) => {
    return new Promise<Writes>((resolve) => {
      const probes = (window as unknown as { __frameProbes: FrameProbes }).__frameProbes;
      const drawsBefore = probes.dotDraws;
      const unchanged: string[] = [];
      const touched = new Map<number, Set<number>>();
      const halves = new Map<number, Set<string>>();
      let records = 0;
      const where = (node: Node): string => {
        const element = node instanceof Element ? node : node.parentElement;
        const parts: string[] = [];
        for (let e = element, d = 0; e && d < 3; e = e.parentElement, d++) {
          const cls = e.getAttribute('class')?.split(' ')[0];
          parts.push(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${cls ? `.${cls}` : ''}`);
        }
        return parts.join(' < ');
      };
      const inFrame = (list: MutationRecord[]): void => {
        const frame = Number(document.timeline.currentTime);
        for (const record of list) {
          records += 1;
          const target = record.target;
          if (record.type === 'attributes') {
            const now = (target as Element).getAttribute(record.attributeName!);
            if (now === record.oldValue) unchanged.push(`${record.attributeName} of ${where(target)}`);
          } else if (record.type === 'characterData') {
            if (target.nodeValue === record.oldValue) unchanged.push(`text of ${where(target)}`);
          } else {
            const removed = Array.from(record.removedNodes, (n) => n.textContent).join('');
            const added = Array.from(record.addedNodes, (n) => n.textContent).join('');
            const textOnly = [...record.removedNodes, ...record.addedNodes].every(
              (n) => n.nodeType === Node.TEXT_NODE,
            );
            if (textOnly && record.removedNodes.length > 0 && removed === added)
              unchanged.push(`text of ${where(target)}`);
          }
          const element = target instanceof Element ? target : target.parentElement;
          const half = element?.closest('.edge-labels, .edges')
            ? 'edges'
            : element?.closest('.cell, .stats, .sc-cell')
              ? 'boxes'
              : undefined;
          if (half) {
            if (!halves.has(frame)) halves.set(frame, new Set());
            halves.get(frame)!.add(half);
          }
          const part = element?.closest('svg.topology')?.closest('.stage-part');
          if (part) {
            const index = Array.from(part.parentElement!.children).indexOf(part);
            if (!touched.has(frame)) touched.set(frame, new Set());
            touched.get(frame)!.add(index);
          }
        }
      };
      // Records the observer delivers itself were made outside the page's frame callbacks.
      const observer = new MutationObserver(() => undefined);
      probes.afterCallback = () => inFrame(observer.takeRecords());
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeOldValue: true,
        characterData: true,
        characterDataOldValue: true,
      });
      let seen = 0;
      const frame = (): void => {
        seen += 1;
        if (seen < wanted) {
          requestAnimationFrame(frame);
          return;
        }
        // The records of this last frame's other callbacks come as their microtasks run.
        setTimeout(() => {
          probes.afterCallback = undefined;
          observer.disconnect();
          resolve({
            frames: seen,
            records,
            unchanged,
            diagramsPerFrame: [...touched.values()].map((parts) => parts.size),
            diagrams: new Set([...touched.values()].flatMap((parts) => [...parts])).size,
            boxesAndEdges: [...halves.values()].filter((kinds) => kinds.size === 2).length,
            boxFrames: [...halves.values()].filter((kinds) => kinds.has('boxes')).length,
            edgeFrames: [...halves.values()].filter((kinds) => kinds.has('edges')).length,
            dotDraws: probes.dotDraws - drawsBefore,
          });
        }, 0);
      };
      requestAnimationFrame(frame);
    });
  }, frames);
}

/** Plays from the start (the scrubber moved to 0, Play pressed if paused) and lets it run `ms`. */
async function playFromStartFor(page: Page, ms: number): Promise<void> {
  await playFromStart(page);
  await page.waitForTimeout(ms);
}

describe("the page's frame loop", () => {
  const app = usePage();

  test('a paused playback writes nothing to the page and repaints no dots, frame after frame', async () => {
    const { page } = await app.open(undefined, probeFrames);
    expect((await settled(page)).state).toBe('done');
    await playFromStartFor(page, 1000);
    await page.getByTestId('play').click();
    expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe('false');
    // The frames in flight when Pause was pressed have arrived by now.
    await page.waitForTimeout(500);
    const still = await watchWrites(page, 60);
    expect(still.frames).toBe(60);
    expect(still.unchanged, 'writes of a value already there').toEqual([]);
    expect(still.records, 'DOM writes over 60 frames of a paused playback').toBe(0);
    expect(still.dotDraws, 'dots drawn over 60 frames of a paused playback').toBe(0);
  });

  test("a playing frame writes no attribute or text to the value it already has, and draws a slice's boxes and edges on two frames", async () => {
    const { page } = await app.open(undefined, probeFrames);
    expect((await settled(page)).state).toBe('done');
    await playFromStartFor(page, 1500);
    const playing = await watchWrites(page, 90);
    expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe('true');
    // It draws: the dots every frame, and the diagram as its slices come.
    expect(playing.dotDraws).toBeGreaterThanOrEqual(90);
    expect(playing.diagramsPerFrame.length, 'frames that changed the diagram').toBeGreaterThan(0);
    expect(playing.unchanged, 'writes of a value already there').toEqual([]);
    // A lone diagram takes a slice's boxes and its edges' figures on two frames, not in one.
    expect(playing.boxFrames).toBeGreaterThan(0);
    expect(playing.edgeFrames).toBeGreaterThan(0);
    expect(playing.boxesAndEdges, 'frames that laid out both boxes and edge labels').toBe(0);
  });

  test('the retry storm side by side draws a new slice into one diagram a frame, writing nothing unchanged', async () => {
    const { page } = await app.open(undefined, probeFrames);
    expect((await settled(page)).state).toBe('done');
    await openFromLibrary(page, 'lessons/11-retry-storm.yaml', 2);
    await page.getByTestId('side-by-side').click();
    expect(await page.locator('#stage .stage-part svg.topology').count()).toBe(3);
    await playFromStartFor(page, 1500);
    const playing = await watchWrites(page, 120);
    expect(await page.getByTestId('play').getAttribute('aria-pressed')).toBe('true');
    // Every diagram was drawn to (each has its turn), but never two in the same frame.
    expect(playing.diagrams).toBe(3);
    expect(Math.max(...playing.diagramsPerFrame), 'diagrams changed in one frame').toBe(1);
    expect(playing.unchanged, 'writes of a value already there').toEqual([]);
  });
});
