import { describe, expect, test } from 'vitest';
import {
  DOT_FORWARD,
  DOT_HIDDEN,
  DOT_RETURNING,
  DOT_WAITING,
  dotEnd,
  dotMotion,
} from '../../../src/ui/topology/dot-motion';

/** [phase, u] of a try that departs at 100, arrives at 110 and is answered back at 150. */
function at(t: number, back = 150, hold = 1000): [number, number] {
  const out = { u: NaN };
  const phase = dotMotion(100, 110, back, dotEnd(110, back, hold), t, out);
  return [phase, phase === DOT_HIDDEN ? NaN : out.u];
}

describe('dotMotion', () => {
  test('dotMotion hides a dot before it departs and after its answer is back', () => {
    expect(at(99.9)[0]).toBe(DOT_HIDDEN);
    expect(at(150.1)[0]).toBe(DOT_HIDDEN);
  });

  test('dotMotion travels caller to callee between depart and arrive', () => {
    expect(at(100)).toEqual([DOT_FORWARD, 0]);
    expect(at(105)).toEqual([DOT_FORWARD, 0.5]);
    expect(at(107.5)).toEqual([DOT_FORWARD, 0.75]);
  });

  test('dotMotion waits at the callee until the last hop-length before back', () => {
    expect(at(110)).toEqual([DOT_WAITING, 1]);
    expect(at(139.9)).toEqual([DOT_WAITING, 1]);
  });

  test('dotMotion returns over [back - (arrive - depart), back]', () => {
    expect(at(140)).toEqual([DOT_RETURNING, 1]);
    expect(at(145)).toEqual([DOT_RETURNING, 0.5]);
    expect(at(150)).toEqual([DOT_RETURNING, 0]);
  });

  test('dotMotion starts a quick answer back no earlier than the arrival', () => {
    // Back at 115: the return leg is [110, 115], half as long as the way out.
    expect(at(110, 115)).toEqual([DOT_RETURNING, 1]);
    expect(at(112.5, 115)).toEqual([DOT_RETURNING, 0.5]);
  });

  test('dotMotion holds a try without an answer at the callee, then hides it', () => {
    expect(dotEnd(110, NaN, 500)).toBe(610);
    expect(at(300, NaN, 500)).toEqual([DOT_WAITING, 1]);
    expect(at(610, NaN, 500)).toEqual([DOT_WAITING, 1]);
    expect(at(611, NaN, 500)[0]).toBe(DOT_HIDDEN);
  });

  test('dotMotion of a try with no network time jumps to the callee and back', () => {
    const out = { u: NaN };
    expect(dotMotion(100, 100, 120, 120, 100, out)).toBe(DOT_WAITING);
    expect(out.u).toBe(1);
    expect(dotMotion(100, 100, 120, 120, 120, out)).toBe(DOT_RETURNING);
    expect(out.u).toBe(0);
  });
});

describe('a minimum leg time', () => {
  test('draws a 0.2 ms hop over the minimum, within the try, and the return leg too', () => {
    const out = { u: 0 };
    // depart 0, arrive 0.2, back 100: the forward leg is drawn over 30 ms.
    expect(dotMotion(0, 0.2, 100, 100, 15, out, 30)).toBe(DOT_FORWARD);
    expect(out.u).toBeCloseTo(0.5, 9);
    expect(dotMotion(0, 0.2, 100, 100, 50, out, 30)).toBe(DOT_WAITING);
    expect(dotMotion(0, 0.2, 100, 100, 85, out, 30)).toBe(DOT_RETURNING);
    expect(out.u).toBeCloseTo(0.5, 9);
    // A try of 10 ms in all: each leg takes half of it.
    expect(dotMotion(0, 0.2, 10, 10, 2.5, out, 30)).toBe(DOT_FORWARD);
    expect(out.u).toBeCloseTo(0.5, 9);
    // Without a minimum, as before.
    expect(dotMotion(0, 0.2, 100, 100, 15, out)).toBe(DOT_WAITING);
  });
});
