import { describe, expect, it } from 'vitest';
import { MAX_SPEED, MIN_SPEED, PlaybackClock, STEP_MS } from '../../../src/ui/playback/clock';

describe('PlaybackClock', () => {
  it('moves simulated time by wall time x speed while playing, and stops at the end', () => {
    const clock = new PlaybackClock(1000);
    expect(clock.tick(50)).toBe(0);
    clock.play();
    expect(clock.tick(50)).toBe(50);
    clock.setSpeed(10);
    expect(clock.tick(50)).toBe(550);
    expect(clock.tick(100)).toBe(1000);
    expect(clock.playing).toBe(false);
    expect(clock.ended).toBe(true);
    clock.play();
    expect(clock.t).toBe(0);
  });

  it('caps a long wall gap (a tab back from the background) at one short tick', () => {
    const clock = new PlaybackClock(60_000);
    clock.play();
    expect(clock.tick(5000)).toBe(100);
    expect(clock.tick(-5)).toBe(100);
  });

  it('steps and seeks within the run, and a step pauses', () => {
    const clock = new PlaybackClock(1000);
    clock.play();
    clock.step(1);
    expect([clock.t, clock.playing]).toEqual([STEP_MS, false]);
    clock.step(-1);
    clock.step(-1);
    expect(clock.t).toBe(0);
    clock.seek(5000);
    expect(clock.t).toBe(1000);
    clock.seek(Number.NaN);
    expect(clock.t).toBe(0);
  });

  it('keeps the speed between 0.1x and 100x and nudges through the offered speeds', () => {
    const clock = new PlaybackClock(1000);
    clock.setSpeed(1000);
    expect(clock.speed).toBe(MAX_SPEED);
    clock.setSpeed(0);
    expect(clock.speed).toBe(MIN_SPEED);
    clock.setSpeed(1);
    clock.nudgeSpeed(1);
    expect(clock.speed).toBe(2);
    clock.nudgeSpeed(-1);
    clock.nudgeSpeed(-1);
    expect(clock.speed).toBe(0.5);
  });
});
