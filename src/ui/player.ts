/**
 * The animated view of a run: the topology of the chosen variant with its sampled requests moving as
 * dots, played on a clock the user controls (play, pause, step, speed, scrub, a new seed). Frames come
 * from the worker ahead of the clock (`FrameBuffer`); the page only draws. Every animation frame
 * draws the dots at the clock's time and, when the shown frame changes, the instances' state.
 */
import type { FrameData, Report, SimulationClient, TopologyData } from '../worker/client';
import { h, setText } from './dom';
import { PlaybackClock, SPEEDS } from './playback/clock';
import { write } from './svg';
import { FrameBuffer } from './playback/frame-buffer';
import {
  createDiagram,
  createDotLayer,
  createLegend,
  createEdgeWindowControl,
  createTrafficLegend,
  diagramGroups,
  fitCanvasToBox,
  idleComponents,
  liveTraffic,
  liveWindowText,
  runTraffic,
  runWindowText,
  type Diagram,
  type DotLayer,
  type EdgeWindowMode,
} from './topology';

/** The elements the player draws into and listens to. */
export interface PlayerElements {
  readonly stage: HTMLElement;
  readonly legend: HTMLElement;
  readonly play: HTMLButtonElement;
  readonly stepBack: HTMLButtonElement;
  readonly stepForward: HTMLButtonElement;
  readonly speed: HTMLSelectElement;
  readonly scrub: HTMLInputElement;
  readonly time: HTMLElement;
  readonly newSeed: HTMLButtonElement;
  readonly variants: HTMLElement;
}

/** What the rest of the page hears from the player. */
export interface PlayerHooks {
  /** New frames arrived (one per variant), in time order. */
  onFrames(frames: readonly FrameData[]): void;
  /** The shown time moved, ms. */
  onTime(t: number): void;
  /** A dot was clicked: the request's trace id in a variant. */
  onTracePicked(variant: number, id: string): void;
  /** The user asked for the same scenario with another seed. */
  onNewSeed(): void;
  /** The variants drawn changed (a variant picked, side by side, a new run): their indices, in drawing order. */
  onView?(shown: readonly number[]): void;
}

/** Where a playback starts: a lesson's `playback` (the run itself always starts at 0). */
export interface PlaybackStart {
  /** Simulated time shown first, ms; default 0. */
  readonly startMs?: number;
  /** Speed to play at (simulated ms per wall ms); absent: the one chosen on the page. */
  readonly speed?: number;
  /** Whether to play (default: yes, unless motion is reduced); a re-run keeps the reader's choice. */
  readonly playing?: boolean;
}

export interface Player {
  /**
   * Shows a freshly opened playback: its topologies, from `from.startMs` (default 0), playing unless
   * motion is reduced.
   */
  start(topologies: readonly TopologyData[], endMs: number, playbackId: number, from?: PlaybackStart): void;
  /** The variant drawn in the diagram (the first of the two side by side). */
  readonly variant: number;
  /** Every variant drawn, in drawing order: one, or up to four side by side. */
  readonly shown: readonly number[];
  readonly time: number;
  /** Whether the clock is playing. */
  readonly playing: boolean;
  /** Simulated end of the playback, ms. */
  readonly end: number;
  /** The frame of `variant` whose state is shown at the current time; undefined before the first one. */
  frameAt(variant: number): FrameData | undefined;
  /** Dots drawn in the last animation frame. */
  readonly dotsDrawn: number;
  /**
   * The run's report (and its warmup, ms) the diagram's whole-run edge figures come from; set before
   * `start`, for the same file and seed as the playback.
   */
  setRun(report: Report | undefined, warmupMs: number): void;
  togglePlay(): void;
  step(direction: 1 | -1): void;
  /** Moves the playhead to `t` ms (clamped to the run), playing on if it was playing. */
  seek(t: number): void;
  nudgeSpeed(direction: 1 | -1): void;
  /** Draws variant `index` alone (clamped to the run's), or every variant side by side. */
  showVariant(index: number, sideBySide?: boolean): void;
  /** Stops the clock where it is (a shared link opens on its moment, still). */
  pause(): void;
  /**
   * Whether a run goes in the workers: the diagram, of a run about to be replaced, is then drawn at
   * most {@link BACKGROUND_FPS} times a second, so that the run's workers have the cores.
   */
  setRunGoing(going: boolean): void;
}

/**
 * Frames a second the diagram is drawn at while a run goes: on two cores a hundred-service diagram
 * drawn at 60 took a core from the run's two workers.
 */
export const BACKGROUND_FPS = 12;

/** The shortest wall time a dot's hop is drawn over, ms: real hops of 0.2 ms would be jumps. */
const MIN_LEG_WALL_MS = 120;

const reducedMotion = (): boolean =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Simulated time as `mm:ss.s`. */
export function clockText(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  return `${String(minutes).padStart(2, '0')}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** How long the stage keeps a new size before its diagrams are laid out for it anew, ms. */
const REFIT_DELAY_MS = 200;

/**
 * Diagrams side by side brought up to a new slice in one animation frame while playing; the others
 * follow on the next frames.
 */
const DIAGRAMS_PER_PLAYING_FRAME = 1;

/** Variants drawn at once side by side, one above the other; more would be too small to read. */
const MAX_SIDE_BY_SIDE = 4;

/** The diagram of one variant shown: one, or several side by side. */
interface View {
  readonly variant: number;
  readonly diagram: Diagram;
  readonly dots: DotLayer;
  readonly stopFitting: () => void;
  /** The frame whose state the diagram shows. */
  shownFrame: FrameData | undefined;
  /** What the edges' figures show: a frame's live window, the whole run, or nothing yet. */
  trafficShown: FrameData | 'run' | undefined;
  /** The words naming the window `trafficShown` covers, for the legend's caption. */
  words: string;
}

export function createPlayer(ui: PlayerElements, client: SimulationClient, hooks: PlayerHooks): Player {
  let topologies: readonly TopologyData[] = [];
  let clock = new PlaybackClock(0);
  let buffer = new FrameBuffer(0, 0);
  let views: View[] = [];
  let variant = 0;
  let sideBySide = false;
  let shownVariants: readonly number[] = [];
  let fetching = false;
  let lastWall = 0;
  let animation = 0;
  /** The time last drawn, ms, and whether something changed since that the clock does not show. */
  let renderedAt = Number.NaN;
  let renderDue = true;
  /** The diagram side by side that catches up first on the next frame. */
  let nextView = 0;
  /** Whether a lone diagram's edge figures went first the last time both halves of a slice waited. */
  let trafficFirst = false;
  /** The worker's name for the playback shown: frames of an earlier one are dropped. */
  let playbackId = 0;
  /** Whether a run goes (see `setRunGoing`), and when the diagram was last drawn, wall ms. */
  let runGoing = false;
  let drawnAtWall = 0;

  for (const speed of SPEEDS) ui.speed.append(h('option', { value: speed }, `${speed}×`));
  ui.speed.value = '1';
  ui.legend.replaceChildren(createLegend());
  /** The trace share the legend was drawn for, and the topologies the diagrams were drawn from. */
  let legendShare = NaN;
  let topologiesDrawn = '';
  // The edges show the last second before the playhead, or the whole run from the run's report.
  let edgeMode: EdgeWindowMode = 'live';
  let run: { report: Report; warmupMs: number } | undefined;
  const edgeWindow = createEdgeWindowControl(edgeMode, (mode) => {
    edgeMode = mode;
    for (const view of views) view.trafficShown = undefined;
    render();
  });
  /**
   * The groups of services folded into one box each (a large topology opens with all of them), by
   * group id, kept across re-runs of the same services; and those services, to tell a new topology.
   */
  let collapsed = new Set<string>();
  let servicesDrawn = '';
  /** The group the reader expanded last, which the diagram opens on while it stays expanded. */
  let focusGroup: string | undefined;
  const toggleGroup = (id: string): void => {
    const expanding = collapsed.delete(id);
    if (!expanding) collapsed.add(id);
    focusGroup = expanding ? id : undefined;
    drawVariant();
    // The keyboard stays on the group pressed: now its box, or the name on its band.
    const group = `[data-group="${CSS.escape(id)}"]`;
    ui.stage.querySelector<SVGElement>(`${group}[role="button"], ${group} > [role="button"]`)?.focus();
  };
  const reportOf = (index: number) => run?.report.variants.find((v) => v.name === topologies[index]?.variant);

  /**
   * Shows a view's edge figures for its shown frame, or the whole run's; returns the window's words.
   * The figures are worked out only when what they show changes (a slice, the window, the run).
   */
  const showTraffic = (view: View, frame: FrameData | undefined): string => {
    const topology = topologies[view.variant];
    const report = reportOf(view.variant);
    if (edgeMode === 'run' && report && run) {
      if (view.trafficShown === 'run') return view.words;
      const traffic = runTraffic(topology, report, run.warmupMs);
      view.words = runWindowText(traffic);
      view.diagram.setTraffic(traffic, view.words);
      view.trafficShown = 'run';
      return view.words;
    }
    if (!frame)
      return edgeMode === 'run' ? 'whole run: waiting for the report' : 'waiting for the first frame';
    if (view.trafficShown === frame) return view.words;
    const traffic = liveTraffic(topology, frame);
    view.words = liveWindowText(traffic);
    view.diagram.setTraffic(traffic, view.words);
    view.trafficShown = frame;
    return view.words;
  };
  /** Whether `showTraffic` would draw new figures into the view's diagram. */
  const trafficDue = (view: View, frame: FrameData | undefined): boolean =>
    edgeMode === 'run' && run && reportOf(view.variant)
      ? view.trafficShown !== 'run'
      : frame !== undefined && view.trafficShown !== frame;

  const makeView = (host: HTMLElement, index: number, together: boolean): View => {
    const diagram = createDiagram(host, topologies[index], {
      groups: diagramGroups(topologies[index]),
      collapsed,
      onToggleGroup: toggleGroup,
      // Side by side, a phone keeps each variant's left-to-right shape in a compact box.
      stack: !together,
      focus: focusGroup !== undefined && !collapsed.has(focusGroup) ? focusGroup : undefined,
    });
    const dots = createDotLayer(diagram.canvas, diagram.layout);
    const stopFitting = fitCanvasToBox(diagram.canvas, dots, () => dots.draw(clock.t));
    // The dots follow the reader's zoom and pan of the diagram.
    diagram.onView((view) => {
      dots.setView(view.k, view.x, view.y);
      dots.draw(clock.t);
      // Side by side, the variants pan and zoom together: the same hop stays in view in each.
      if (!together) return;
      for (const other of views) {
        if (other.diagram === diagram) continue;
        other.diagram.showView(view);
        other.dots.setView(view.k, view.x, view.y);
        other.dots.draw(clock.t);
      }
    });
    // Dots alive at the shown time came back in frames ending after it.
    for (const frame of buffer.all(index)) if (frame.to > clock.t) dots.addFrame(frame);
    diagram.element.addEventListener('click', (event) => {
      const rect = diagram.element.getBoundingClientRect();
      const id = dots.hitTest(event.clientX - rect.left, event.clientY - rect.top, clock.t);
      if (id) hooks.onTracePicked(index, id);
    });
    const report = reportOf(index);
    if (report) diagram.setIdle(idleComponents(report));
    return {
      variant: index,
      diagram,
      dots,
      stopFitting,
      shownFrame: undefined,
      trafficShown: undefined,
      words: '',
    };
  };

  const drawVariant = (): void => {
    for (const view of views) {
      view.stopFitting();
      view.diagram.destroy();
    }
    views = [];
    ui.stage.replaceChildren();
    if (!topologies[variant]) return;
    const shown =
      sideBySide && topologies.length > 1
        ? topologies.slice(0, MAX_SIDE_BY_SIDE).map((_, i) => i)
        : [variant];
    shownVariants = shown;
    hooks.onView?.(shown);
    ui.stage.classList.toggle('side-by-side', shown.length > 1);
    ui.stage.style.gridTemplateRows = shown.length > 1 ? `repeat(${shown.length}, 1fr)` : '';
    for (const index of shown) {
      const host = h(
        'div',
        { class: 'stage-part', 'data-variant': index },
        h(
          'p',
          { class: 'stage-title' },
          topologies.length > 1 ? h('span', { class: 'stage-name' }, topologies[index].variant) : null,
          // The page writes this variant's key figures here, over its own diagram.
          h('span', { class: 'stage-figures', 'data-testid': 'stage-figures', 'data-variant': index }),
        ),
      );
      ui.stage.append(host);
      views.push(makeView(host, index, shown.length > 1));
    }
    drawnFor = stageSize();
    renderDue = true;
  };

  // Each diagram is laid out for the size of its box (stage-fit.ts): when the stage changes size (a
  // resized window, a wider side panel), the diagrams are laid out anew once the size has settled.
  let drawnFor = '';
  let refit = 0;
  // The stage's width, and the window's height its own follows (on a phone the stage is as tall as
  // its diagrams, which must not lay them out again).
  const stageSize = (): string => `${ui.stage.clientWidth}x${window.innerHeight}`;
  new ResizeObserver(() => {
    clearTimeout(refit);
    refit = window.setTimeout(() => {
      if (views.length > 0 && stageSize() !== drawnFor) drawVariant();
    }, REFIT_DELAY_MS);
  }).observe(ui.stage);

  const showVariants = (): void => {
    const segment = (label: string, pressed: boolean, choose: () => void, testId: string) => {
      const button = h(
        'button',
        { type: 'button', class: 'segment', 'aria-pressed': String(pressed), 'data-testid': testId },
        label,
      );
      button.addEventListener('click', () => {
        choose();
        showVariants();
        drawVariant();
      });
      return button;
    };
    ui.variants.replaceChildren(
      ...topologies.map((t, i) =>
        segment(
          t.variant,
          !sideBySide && i === variant,
          () => {
            variant = i;
            sideBySide = false;
          },
          `variant-${i}`,
        ),
      ),
      ...(topologies.length > 1
        ? [segment('Side by side', sideBySide, () => (sideBySide = true), 'side-by-side')]
        : []),
    );
    ui.variants.hidden = topologies.length < 2;
  };

  const fetchAhead = (): void => {
    if (fetching) return;
    const to = buffer.nextRequest(clock.t, clock.speed);
    if (to === undefined) return;
    fetching = true;
    const mine = playbackId;
    client.advance(mine, to).then(
      (frames) => {
        fetching = false;
        if (mine !== playbackId || frames.length === 0) return;
        buffer.push(frames);
        renderDue = true;
        for (const view of views) {
          // A recorded run answers whole slices, a frame per variant each: maybe several slices, as
          // many as a playhead kept mid-run needs at once. Dots all back before the shown time are
          // never drawn (scrubbing back adds them again from the buffer).
          for (const frame of frames)
            if (frame.variant === view.variant && frame.to > clock.t) view.dots.addFrame(frame);
        }
        hooks.onFrames(frames);
        fetchAhead();
      },
      () => {
        // A stopped or crashed worker: the page reports it; stop asking.
        fetching = false;
      },
    );
  };

  /**
   * Draws the clock's time. `spread` (the animation loop's frames while playing): side by side, the
   * diagrams catch up with a new slice one a frame; otherwise (a click, a key, a seek) all at once.
   */
  const render = (spread = false): void => {
    const t = clock.t;
    renderedAt = t;
    renderDue = false;
    // A new slice reaches every diagram shown at once. Side by side, while playing, the diagrams
    // catch up one an animation frame, in turn: each one's figures and texts laid out again is most
    // of a frame, and the three of a retry storm in one frame made it the playback's longest task.
    // Paused, stepped, scrubbed or switched by the reader, all of them are brought up to date at once.
    let budget = spread && clock.playing && views.length > 1 ? DIAGRAMS_PER_PLAYING_FRAME : views.length;
    // A lone diagram, while playing, takes a new slice's two halves (its boxes' state, its edges'
    // figures) on two frames, the one left waiting going first next time, so neither starves.
    const halves = spread && clock.playing && views.length === 1;
    const words: string[] = [];
    for (let k = 0; k < views.length; k++) {
      const index = (nextView + k) % views.length;
      const view = views[index];
      const frame = buffer.stateAt(view.variant, t);
      const newState = frame !== undefined && frame !== view.shownFrame;
      if (newState || trafficDue(view, frame)) {
        if (budget === 0) {
          renderDue = true;
          words[index] = view.words;
          continue;
        }
        budget -= 1;
        nextView = (index + 1) % views.length;
      }
      if (halves && newState && trafficDue(view, frame)) {
        renderDue = true;
        trafficFirst = !trafficFirst;
        if (trafficFirst) words[index] = showTraffic(view, frame);
        else {
          view.diagram.update(frame);
          view.shownFrame = frame;
          words[index] = view.words;
        }
        continue;
      }
      if (newState) {
        view.diagram.update(frame);
        view.shownFrame = frame;
      }
      words[index] = showTraffic(view, frame);
    }
    for (const view of views) {
      // Each hop drawn over at least 120 ms of wall time, at any speed.
      view.dots.setMinLeg(MIN_LEG_WALL_MS * clock.speed);
      view.dots.draw(t);
    }
    edgeWindow.setCaption(`Edges: ${words.find((w) => w !== '') ?? ''}`);
    // Each of these is written only when it changes: a text set to itself still replaces its node,
    // and the page is laid out again on the next frame for it.
    const scrub = String(Math.round(t));
    if (ui.scrub.value !== scrub) ui.scrub.value = scrub;
    setText(ui.time, `${clockText(t)} / ${clockText(clock.end)}`);
    setText(ui.play, clock.playing ? 'Pause' : 'Play');
    write(ui.play, 'aria-pressed', String(clock.playing));
    hooks.onTime(t);
  };

  const loop = (wall: number): void => {
    const dt = lastWall === 0 ? 0 : wall - lastWall;
    lastWall = wall;
    clock.tick(dt);
    fetchAhead();
    // A still clock with nothing new draws no dots and looks up no figures; the page's own views
    // (tiles, charts, landmarks) still hear the time, and write only what changed for them.
    const due = clock.playing || renderDue || clock.t !== renderedAt;
    if (due && runGoing && wall - drawnAtWall < 1000 / BACKGROUND_FPS) {
      // A run goes: this frame is left out, the clock goes on and the next drawn frame catches up.
    } else if (due) {
      render(true);
      drawnAtWall = wall;
    } else hooks.onTime(clock.t);
    animation = requestAnimationFrame(loop);
  };

  const seek = (t: number): void => {
    const back = t < clock.t;
    clock.seek(t);
    for (const view of views) {
      if (back) {
        view.dots.clear();
        for (const frame of buffer.all(view.variant)) if (frame.to > clock.t) view.dots.addFrame(frame);
      }
      view.shownFrame = undefined;
    }
    fetchAhead();
    render();
  };

  ui.play.addEventListener('click', () => player.togglePlay());
  ui.stepBack.addEventListener('click', () => player.step(-1));
  ui.stepForward.addEventListener('click', () => player.step(1));
  ui.speed.addEventListener('change', () => {
    clock.setSpeed(Number(ui.speed.value));
    fetchAhead();
  });
  ui.scrub.addEventListener('input', () => seek(Number(ui.scrub.value)));
  ui.newSeed.addEventListener('click', () => hooks.onNewSeed());

  const player: Player = {
    start(next, endMs, id, from) {
      playbackId = id;
      fetching = false;
      topologies = next;
      variant = Math.min(variant, Math.max(0, next.length - 1));
      clock = new PlaybackClock(endMs);
      clock.setSpeed(Number(ui.speed.value) || 1);
      if (from?.speed !== undefined) {
        clock.setSpeed(from.speed);
        ui.speed.value = String(clock.speed);
      }
      clock.seek(from?.startMs ?? 0);
      buffer = new FrameBuffer(next.length, endMs);
      const traceShare = next[0]?.traceShare ?? 1;
      if (traceShare !== legendShare) {
        legendShare = traceShare;
        ui.legend.replaceChildren(createLegend(), createTrafficLegend(traceShare), edgeWindow.element);
      }
      ui.scrub.max = String(endMs);
      ui.scrub.step = '10';
      // A re-run of the same topologies (a slider, a new seed) keeps the diagrams, and the reader's
      // zoom on them: drawing them anew is the one long task of a re-run. Their dots start over. The
      // share of requests traced (the legend's, which a rate changes) is not drawn in a diagram.
      const drawn = JSON.stringify(next, (key, value: unknown) => (key === 'traceShare' ? undefined : value));
      if (drawn === topologiesDrawn && views.length > 0) {
        for (const view of views) {
          view.dots.clear();
          view.shownFrame = undefined;
          view.trafficShown = undefined;
        }
        hooks.onView?.(shownVariants);
      } else {
        topologiesDrawn = drawn;
        const services = next[0]?.nodes.map((n) => n.id).join('\u0000') ?? '';
        if (services !== servicesDrawn) {
          servicesDrawn = services;
          collapsed = new Set(next[0] ? diagramGroups(next[0]).map((g) => g.id) : []);
        }
        showVariants();
        drawVariant();
      }
      if (from?.playing ?? !reducedMotion()) clock.play();
      fetchAhead();
      if (animation === 0) animation = requestAnimationFrame(loop);
      render();
    },
    get variant() {
      return variant;
    },
    get shown() {
      return shownVariants;
    },
    get playing() {
      return clock.playing;
    },
    get time() {
      return clock.t;
    },
    get end() {
      return clock.end;
    },
    frameAt(index) {
      return buffer.stateAt(index, clock.t);
    },
    get dotsDrawn() {
      return views.reduce((n, view) => n + view.dots.drawn, 0);
    },
    setRun(report, warmupMs) {
      run = report ? { report, warmupMs } : undefined;
      renderDue = true;
      for (const view of views) {
        const shown = reportOf(view.variant);
        view.diagram.setIdle(shown ? idleComponents(shown) : new Set());
        view.trafficShown = undefined;
      }
    },
    togglePlay() {
      clock.toggle();
      lastWall = 0;
      fetchAhead();
      render();
    },
    step(direction) {
      seek(clock.t + direction * 100);
      clock.pause();
      render();
    },
    seek(t) {
      seek(t);
    },
    nudgeSpeed(direction) {
      clock.nudgeSpeed(direction);
      ui.speed.value = String(clock.speed);
      fetchAhead();
    },
    showVariant(index, side = false) {
      const next = Math.min(Math.max(0, Math.floor(index) || 0), Math.max(0, topologies.length - 1));
      const together = side && topologies.length > 1;
      if (next === variant && together === sideBySide && views.length > 0) return;
      variant = next;
      sideBySide = together;
      showVariants();
      drawVariant();
      render();
    },
    pause() {
      clock.pause();
      render();
    },
    setRunGoing(going) {
      runGoing = going;
    },
  };
  return player;
}
