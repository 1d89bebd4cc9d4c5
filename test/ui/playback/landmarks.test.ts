/**
 * The scrubber's landmarks before they are drawn: the words of each mark, the shared and per-variant
 * lanes, marks merged where they would overlap, and the previous and next jumps.
 */
import { describe, expect, it } from 'vitest';
import type { Landmark } from '../../../src/worker/protocol';
import { clockText } from '../../../src/ui/player';
import {
  groupKind,
  groupLabel,
  groupMarks,
  jumpTarget,
  lanesOf,
  marksOfTimeline,
  neighbourJump,
} from '../../../src/ui/playback/landmarks';

const crash: Landmark = {
  kind: 'fault',
  at: 20_000,
  until: 35_000,
  fault: 0,
  type: 'crash',
  target: 'ledger',
};
const breaker: Landmark = {
  kind: 'breaker',
  at: 21_200,
  until: 38_500,
  from: 'checkout',
  to: 'payments',
  opens: 6,
};

describe('marksOfTimeline', () => {
  it('a fault is a start and an end mark and a band over its span', () => {
    expect(marksOfTimeline([crash], 60_000)).toEqual({
      marks: [
        { at: 20_000, kind: 'fault-start', text: 'ledger crashes (fault starts)' },
        { at: 35_000, kind: 'fault-end', text: 'ledger is back up (fault ends)' },
      ],
      bands: [{ kind: 'fault', from: 20_000, to: 35_000, text: 'ledger crashes' }],
    });
  });

  it('a fault lasting to the end has no end mark and its band reaches the end', () => {
    const errors: Landmark = {
      kind: 'fault',
      at: 6000,
      fault: 0,
      type: 'errors',
      target: 'ledger',
      rate: 1,
      instance: 2,
    };
    expect(marksOfTimeline([errors], 30_000)).toEqual({
      marks: [{ at: 6000, kind: 'fault-start', text: 'ledger #2 fails 100 % of requests (fault starts)' }],
      bands: [{ kind: 'fault', from: 6000, to: 30_000, text: 'ledger #2 fails 100 % of requests' }],
    });
  });

  it('names rate steps, breakers, ejections and registry updates, in time order', () => {
    const marks = marksOfTimeline(
      [
        { kind: 'rate', at: 4500, client: 'burst', rate: 60, previous: 0 },
        breaker,
        {
          kind: 'ejection',
          at: 10_200,
          until: 21_000,
          from: 'edge',
          to: 'catalog',
          instance: 2,
          by: 'outlier-detection',
          ejections: 1,
        },
        { kind: 'discovery', at: 20_000, service: 'checkout-east', instance: 0, up: false },
      ],
      60_000,
    ).marks;
    expect(marks.map((m) => [m.at, m.kind, m.text])).toEqual([
      [4500, 'rate', 'burst sends 60/s, was 0/s (rate step)'],
      [10_200, 'ejection', "catalog #2 ejected by edge's outlier detection"],
      [20_000, 'discovery', 'the registry learns checkout-east #0 is down'],
      [21_000, 'return', "catalog #2 back in edge's rotation"],
      [21_200, 'breaker-open', 'breaker checkout → payments opens'],
      [38_500, 'breaker-close', 'breaker checkout → payments closes, opened 6 times'],
    ]);
  });
});

describe('lanesOf', () => {
  const variants = [
    { name: 'no-limits', timeline: [crash] },
    { name: 'breaker', timeline: [crash, breaker] },
  ];

  it('one variant shown: one lane, unnamed, with all of its marks', () => {
    const lanes = lanesOf(variants, [1], 60_000);
    expect(lanes).toHaveLength(1);
    expect(lanes[0].variant).toBeUndefined();
    expect(lanes[0].marks.map((m) => m.at)).toEqual([20_000, 21_200, 35_000, 38_500]);
  });

  it('side by side: what every variant has is shared, the rest in its variant’s lane', () => {
    const lanes = lanesOf(variants, [0, 1], 60_000);
    expect(lanes.map((l) => [l.variant, l.marks.map((m) => m.kind), l.bands.length])).toEqual([
      [undefined, ['fault-start', 'fault-end'], 1],
      ['breaker', ['breaker-open', 'breaker-close'], 1],
    ]);
  });
});

describe('groupMarks', () => {
  const at = (...times: number[]) => times.map((t) => ({ at: t, kind: 'rate' as const, text: `${t}` }));

  it('merges marks closer than the gap (600 px for 60 s: 100 ms a pixel) and keeps the rest apart', () => {
    const groups = groupMarks(at(20_000, 20_100, 21_900, 40_000), 60_000, 600, 18);
    expect(groups.map((g) => [g.at, g.position, g.marks.length])).toEqual([
      [20_000, 1 / 3, 2],
      [21_900, 21_900 / 60_000, 1],
      [40_000, 2 / 3, 1],
    ]);
  });

  it('labels a merged group with its span and every landmark', () => {
    const [group] = groupMarks(marksOfTimeline([crash], 60_000).marks, 60_000, 10, 18);
    expect(groupLabel(group, clockText)).toBe(
      '00:20.0 to 00:35.0 · 2 landmarks: ledger crashes (fault starts); ledger is back up (fault ends)',
    );
    const [single] = groupMarks(marksOfTimeline([crash], 60_000).marks, 60_000, 600, 18);
    expect(groupLabel(single, clockText)).toBe('00:20.0 · ledger crashes (fault starts)');
    expect(groupLabel(single, clockText, 'mesh')).toBe(
      '00:20.0 · ledger crashes (fault starts) · variant mesh',
    );
  });

  it('draws a merged group as its most telling landmark, and a falling rate step apart', () => {
    const marks = marksOfTimeline(
      [
        { kind: 'discovery', at: 20_000, service: 'east', instance: 0, up: false },
        { kind: 'breaker', at: 20_050, from: 'a', to: 'b', opens: 1 },
        { kind: 'rate', at: 20_100, client: 'web', rate: 0, previous: 60 },
      ],
      60_000,
    ).marks;
    const [group] = groupMarks(marks, 60_000, 600, 18);
    expect(group.marks).toHaveLength(3);
    expect(groupKind(group)).toBe('breaker-open');
    expect(marks[2].kind).toBe('rate-down');
  });
});

describe('jumps', () => {
  const times = [20_000, 35_000];

  it('lands half a second before the landmark, never before 0', () => {
    expect(jumpTarget(20_000)).toBe(19_500);
    expect(jumpTarget(200)).toBe(0);
  });

  it('next goes to the first landmark ahead, past the one just jumped to', () => {
    expect(neighbourJump(times, 0, 1)).toBe(19_500);
    expect(neighbourJump(times, 19_500, 1)).toBe(34_500);
    expect(neighbourJump(times, 34_500, 1)).toBeUndefined();
  });

  it('previous skips a landmark jumped to less than a second ago', () => {
    expect(neighbourJump(times, 36_000, -1)).toBe(34_500);
    expect(neighbourJump(times, 35_200, -1)).toBe(19_500);
    expect(neighbourJump(times, 20_000, -1)).toBeUndefined();
  });
});
