/** Frames carry each edge's traffic per slice and over the live window; they add up to the report. */
import { describe, expect, it } from 'vitest';
import { Playback } from '../../src/worker/playback';
import { EdgeSlice, sliceHistogram } from '../../src/model/observe';
import { EDGE_WINDOW_MS, EdgeWindow } from '../../src/worker/edge-window';
import type { FrameData } from '../../src/worker/frames';
import { loaded, yaml } from '../scenario/helpers';

const STORM = yaml(
  'duration: 4s',
  'clients: [ { id: c, target: a, arrival: { process: constant, rate: 20 } } ]',
  'services:',
  '  - { id: a, calls: [ { service: b } ] }',
  '  - { id: b, serviceTime: 1ms, calls: [ { service: d } ] }',
  '  - { id: d, serviceTime: 1ms, errorRate: 1 }',
  'mesh: { enabled: true, defaults: { retries: { attempts: 2, retryOn: [5xx], backoff: { base: 0ms, max: 0ms } } } }',
);

describe('edge frames', () => {
  it('the slices add up to the report’s edges, and the window is the last second’s slices', () => {
    const playback = new Playback(loaded(STORM));
    const [topology] = playback.topologies();
    expect(topology.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['c>a', 'a>b', 'b>d']);
    const frames: FrameData[] = [];
    for (let t = 100; t <= 4000; t += 100) frames.push(playback.advance(t)[0]);
    const report = playback.report(0);
    topology.edges.forEach((edge, e) => {
      const sum = (pick: (f: FrameData) => Int32Array) => frames.reduce((n, f) => n + pick(f)[e], 0);
      const reported = report.edges[e];
      expect([reported.from, reported.to]).toEqual([edge.from, edge.to]);
      // No warmup: every try that ended in the run is in some slice.
      expect(sum((f) => f.edges.tries)).toBe(reported.tries);
      expect(sum((f) => f.edges.errors)).toBe(reported.errors);
    });
    // Per request, 3 tries of a -> b, each making 3 of b -> d: 9 per request on the last edge.
    expect(report.edges[2].tries).toBe(9 * report.edges[0].tries);
    const last = frames.at(-1)!;
    expect(last.edges.windowFrom).toBe(4000 - EDGE_WINDOW_MS);
    const lastSecond = frames.slice(-10);
    for (let e = 0; e < 3; e++) {
      expect(last.edges.windowTries[e]).toBe(lastSecond.reduce((n, f) => n + f.edges.tries[e], 0));
      expect(last.edges.windowErrors[e]).toBe(last.edges.windowTries[e]);
    }
    // 20 requests a second: 20, 60 and 180 tries a second on the three edges.
    expect(Array.from(last.edges.windowTries)).toEqual([20, 60, 180]);
    // Counted as they leave: what happened at 3 s exactly ran in the slice that ended then: the
    // request sent then and a's first try of b (a takes no time); its retries and b's tries left later.
    expect(Array.from(last.edges.windowStarted)).toEqual([19, 59, 180]);
    expect(last.edges.windowStarted[0]).toBe(lastSecond.reduce((n, f) => n + f.edges.started[0], 0));
    // d answers in 1 ms; a's try of b takes b's 1 ms and d's three tries: 4 ms (within the slice histogram's 3 %).
    expect(last.edges.windowP99[2]).toBeCloseTo(1, 1);
    expect(last.edges.windowP99[1]).toBeGreaterThan(3.9);
    expect(last.edges.windowP99[1]).toBeLessThan(4.2);
    // The first frame's window is its own slice.
    expect(frames[0].edges.windowFrom).toBe(0);
  });
});

describe('the edge window’s p99', () => {
  it('is the p99 of its kept slices merged anew, frame after frame, as slices come and go', () => {
    // Three edges over 6 s of 100 ms slices: one busy, one with gaps, one silent for a while.
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const window = new EdgeWindow(3);
    const kept: { from: number; values: number[][] }[] = [];
    for (let k = 0; k < 60; k++) {
      const from = k * 100;
      const slice = new EdgeSlice(3);
      const values: number[][] = [[], [], []];
      for (let e = 0; e < 3; e++) {
        const tries = e === 0 ? 20 : e === 1 ? (k % 3 === 0 ? 5 : 0) : k < 20 || k > 45 ? 3 : 0;
        for (let i = 0; i < tries; i++) {
          // Mostly a few ms, now and then a slow one of up to a second.
          const latency = random() < 0.05 ? 100 + 900 * random() : 1 + 9 * random();
          values[e].push(latency);
          (slice.latency[e] ??= sliceHistogram()).record(latency);
          slice.tries[e]++;
        }
      }
      const frame = window.add(from, from + 100, slice);
      kept.push({ from, values });
      while (kept.length > 1 && kept[0].from < from + 100 - EDGE_WINDOW_MS - 1e-6) kept.shift();
      for (let e = 0; e < 3; e++) {
        const anew = sliceHistogram();
        for (const s of kept) for (const v of s.values[e]) anew.record(v);
        if (anew.count === 0) expect(frame.windowP99[e]).toBeNaN();
        else expect(frame.windowP99[e]).toBe(anew.quantile(0.99));
      }
    }
  });
});

describe('edge frames cross the worker boundary', () => {
  it('a frame’s columns are its own: detaching them (a transfer) leaves the window whole', () => {
    const playback = new Playback(loaded(STORM));
    const frames: FrameData[] = [];
    for (let t = 100; t <= 2000; t += 100) {
      const [f] = playback.advance(t);
      frames.push(f);
      // What a transfer does to the worker's side of the buffers.
      for (const column of [f.edges.started, f.edges.tries, f.edges.errors, f.edges.windowTries])
        structuredClone(column.buffer, { transfer: [column.buffer] });
    }
    const [next] = playback.advance(2100);
    expect(next.edges.windowTries[0]).toBe(20);
  });
});
