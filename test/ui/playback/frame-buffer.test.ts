import { describe, expect, it } from 'vitest';
import type { FrameData } from '../../../src/worker/frames';
import { FrameBuffer } from '../../../src/ui/playback/frame-buffer';

const frame = (variant: number, from: number, to: number): FrameData =>
  ({ variant, from, to }) as unknown as FrameData;

describe('FrameBuffer', () => {
  it('shows the last frame that ended at or before the time', () => {
    const buffer = new FrameBuffer(2, 10_000);
    buffer.push([frame(0, 0, 100), frame(1, 0, 100)]);
    buffer.push([frame(0, 100, 250), frame(1, 100, 250)]);
    expect(buffer.reached).toBe(250);
    expect(buffer.stateAt(0, 50)).toBeUndefined();
    expect(buffer.stateAt(0, 100)?.to).toBe(100);
    expect(buffer.stateAt(1, 249)?.to).toBe(100);
    expect(buffer.stateAt(1, 9999)?.to).toBe(250);
    expect(buffer.all(1)).toHaveLength(2);
  });

  it('asks for slices ahead of the clock, further at higher speeds, and never past the end', () => {
    const buffer = new FrameBuffer(1, 10_000);
    expect(buffer.nextRequest(0, 1)).toBe(100);
    buffer.push([frame(0, 0, 1900)]);
    // 1 500 ms ahead plus 400 ms of round trip at 1x: enough.
    expect(buffer.nextRequest(0, 1)).toBeUndefined();
    // At 10x: a second of slices ahead of the round trip.
    expect(buffer.nextRequest(0, 10)).toBe(2900);
    // A seek far ahead asks for the shown time at once.
    expect(buffer.nextRequest(8000, 1)).toBe(8000);
    buffer.push([frame(0, 1900, 9950)]);
    expect(buffer.nextRequest(9000, 100)).toBe(10_000);
    buffer.push([frame(0, 9950, 10_000)]);
    expect(buffer.nextRequest(9000, 100)).toBeUndefined();
  });
});
