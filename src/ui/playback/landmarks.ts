/**
 * The landmarks of the runs shown, as marks on the playback's scrubber: each moment a lesson is
 * about (a fault starting or ending, a rate step, a breaker opening or closing, an instance ejected
 * or back, the registry learning of it) with the words a learner reads, and each fault's span as a
 * band. Pure: the view (`landmark-view.ts`) lays them out in pixels and draws them.
 *
 * With several variants side by side, a landmark every shown variant has (the file's faults, most
 * often) is one mark in the shared lane; the others go in their variant's own lane.
 */
import type { Landmark } from '../../worker/protocol';

/** What a mark stands for; each kind has its own shape and colour. */
export type MarkKind =
  | 'fault-start'
  | 'fault-end'
  | 'scale'
  | 'rate'
  | 'rate-down'
  | 'breaker-open'
  | 'breaker-close'
  | 'ejection'
  | 'return'
  | 'discovery';

/** One moment on the scrubber. */
export interface Mark {
  /** Simulated time, ms. */
  readonly at: number;
  readonly kind: MarkKind;
  /** What happens, for a learner: `ledger crashes (fault starts)`. */
  readonly text: string;
}

/**
 * A span on the scrubber, ms; `to` is the end of the run for one that lasts. A fault's is a band on
 * the rail; a breaker's open time and an instance's time out are thin lines between their marks.
 */
export interface Band {
  readonly kind: 'fault' | 'breaker' | 'ejection';
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** One row of marks under the scrubber: shared by every variant shown, or one variant's own. */
export interface Lane {
  /** The variant's name, or undefined for the shared lane. */
  readonly variant: string | undefined;
  readonly marks: readonly Mark[];
  readonly bands: readonly Band[];
}

/** A variant's name and its run's timeline, as the report gives them. */
export interface VariantTimeline {
  readonly name: string;
  readonly timeline: readonly Landmark[];
}

/** How long before a landmark a jump lands, ms: the learner sees it happen. */
export const JUMP_LEAD_MS = 500;
/** "Previous" skips a landmark jumped to less than this long ago, ms, as a player's "previous chapter". */
export const PREVIOUS_GRACE_MS = 1000;

const percent = (share: number): string => `${Math.round(share * 1000) / 10} %`;
const instanceOf = (service: string, instance: number | undefined): string =>
  instance === undefined ? service : `${service} #${instance}`;

const EJECTED_BY = {
  'outlier-detection': 'outlier detection',
  'failure-accrual': 'failure accrual',
  'health-check': 'health checks',
} as const;

/** The marks and band of one landmark: a start and an end mark for a span, one mark for a moment. */
function marksOf(l: Landmark, endMs: number): { marks: Mark[]; band?: Band } {
  switch (l.kind) {
    case 'fault': {
      const who = instanceOf(l.target, l.instance);
      const [starts, ends] =
        l.type === 'crash'
          ? [`${who} crashes`, `${who} is back up`]
          : l.type === 'latency'
            ? [`${who} slows down`, `${who} is fast again`]
            : l.type === 'errors'
              ? [`${who} fails ${percent(l.rate ?? 1)} of requests`, `${who} stops failing`]
              : l.type === 'scale'
                ? [`${who} scales to ${l.instances} instances`, `${who} scales back`]
                : [`${who} flushes its caches`, ''];
      if (l.type === 'flush')
        return { marks: [{ at: l.at, kind: 'fault-start', text: `${starts} (fault)` }] };
      const startKind: MarkKind = l.type === 'scale' ? 'scale' : 'fault-start';
      const endKind: MarkKind = l.type === 'scale' ? 'scale' : 'fault-end';
      const marks: Mark[] = [{ at: l.at, kind: startKind, text: `${starts} (fault starts)` }];
      if (l.until !== undefined) marks.push({ at: l.until, kind: endKind, text: `${ends} (fault ends)` });
      const band: Band | undefined =
        l.type === 'scale' ? undefined : { kind: 'fault', from: l.at, to: l.until ?? endMs, text: starts };
      return { marks, band };
    }
    case 'rate':
      return {
        marks: [
          {
            at: l.at,
            kind: l.rate < l.previous ? 'rate-down' : 'rate',
            text: `${l.client} sends ${l.rate}/s, was ${l.previous}/s (rate step)`,
          },
        ],
      };
    case 'breaker': {
      const pair = `${l.from} → ${l.to}`;
      const times = l.opens > 1 ? `, opened ${l.opens} times` : '';
      const marks: Mark[] = [{ at: l.at, kind: 'breaker-open', text: `breaker ${pair} opens` }];
      if (l.until !== undefined)
        marks.push({ at: l.until, kind: 'breaker-close', text: `breaker ${pair} closes${times}` });
      return {
        marks,
        band: { kind: 'breaker', from: l.at, to: l.until ?? endMs, text: `breaker ${pair} open` },
      };
    }
    case 'ejection': {
      const who = instanceOf(l.to, l.instance);
      const by = `${l.from}'s ${EJECTED_BY[l.by]}`;
      const times = l.ejections > 1 ? `, out ${l.ejections} times` : '';
      const marks: Mark[] = [{ at: l.at, kind: 'ejection', text: `${who} ejected by ${by}` }];
      if (l.until !== undefined)
        marks.push({ at: l.until, kind: 'return', text: `${who} back in ${l.from}'s rotation${times}` });
      return { marks, band: { kind: 'ejection', from: l.at, to: l.until ?? endMs, text: `${who} out` } };
    }
    case 'discovery':
      return {
        marks: [
          {
            at: l.at,
            kind: 'discovery',
            text: `the registry learns ${instanceOf(l.service, l.instance)} is ${l.up ? 'up' : 'down'}`,
          },
        ],
      };
  }
}

/** Every mark and band of one timeline, marks in time order. */
export function marksOfTimeline(
  timeline: readonly Landmark[],
  endMs: number,
): { marks: Mark[]; bands: Band[] } {
  const marks: Mark[] = [];
  const bands: Band[] = [];
  for (const landmark of timeline) {
    const made = marksOf(landmark, endMs);
    marks.push(...made.marks.filter((m) => m.at <= endMs));
    if (made.band) bands.push(made.band);
  }
  // Stable: marks at the same time keep the order they began in.
  marks.sort((a, b) => a.at - b.at);
  return { marks, bands };
}

const keyOf = (x: Mark | Band): string => JSON.stringify(x);

/**
 * The lanes for the variants `shown` (indices into `variants`): one alone has one lane; several
 * have a shared lane for what all of them have, then a lane for each with landmarks of its own.
 */
export function lanesOf(
  variants: readonly VariantTimeline[],
  shown: readonly number[],
  endMs: number,
): Lane[] {
  const runs = shown
    .filter((i) => variants[i])
    .map((i) => ({ name: variants[i].name, ...marksOfTimeline(variants[i].timeline, endMs) }));
  if (runs.length === 0) return [];
  if (runs.length === 1) return [{ variant: undefined, marks: runs[0].marks, bands: runs[0].bands }];
  const inAll = <T extends Mark | Band>(pick: (r: (typeof runs)[number]) => readonly T[]): Set<string> => {
    const counts = new Map<string, number>();
    for (const run of runs)
      for (const key of new Set(pick(run).map(keyOf))) counts.set(key, (counts.get(key) ?? 0) + 1);
    return new Set([...counts].filter(([, n]) => n === runs.length).map(([key]) => key));
  };
  const sharedMarks = inAll((r) => r.marks);
  const sharedBands = inAll((r) => r.bands);
  const lanes: Lane[] = [
    {
      variant: undefined,
      marks: runs[0].marks.filter((m) => sharedMarks.has(keyOf(m))),
      bands: runs[0].bands.filter((b) => sharedBands.has(keyOf(b))),
    },
  ];
  for (const run of runs) {
    const marks = run.marks.filter((m) => !sharedMarks.has(keyOf(m)));
    const bands = run.bands.filter((b) => !sharedBands.has(keyOf(b)));
    if (marks.length > 0 || bands.length > 0) lanes.push({ variant: run.name, marks, bands });
  }
  return lanes;
}

/** Marks close enough to be drawn as one, with where that one stands. */
export interface MarkGroup {
  /** Time of the first mark, ms: where a click jumps to (less the lead). */
  readonly at: number;
  /** Position on the scrubber, 0 (start) to 1 (end), of the first mark. */
  readonly position: number;
  readonly marks: readonly Mark[];
}

/**
 * Marks (in time order) merged into groups: a mark closer than `minGapPx` to the group's first one,
 * on a scrubber `widthPx` wide for `endMs`, joins it, so marks never overlap.
 */
export function groupMarks(
  marks: readonly Mark[],
  endMs: number,
  widthPx: number,
  minGapPx: number,
): MarkGroup[] {
  const groups: { at: number; position: number; marks: Mark[] }[] = [];
  const msPerPx = endMs / Math.max(1, widthPx);
  for (const mark of marks) {
    const last = groups.at(-1);
    if (last && (mark.at - last.at) / msPerPx < minGapPx) last.marks.push(mark);
    else groups.push({ at: mark.at, position: endMs > 0 ? mark.at / endMs : 0, marks: [mark] });
  }
  return groups;
}

/** Kinds from the most telling down: a merged mark wears the shape of its most telling landmark. */
const TELLING: readonly MarkKind[] = [
  'fault-start',
  'breaker-open',
  'ejection',
  'fault-end',
  'breaker-close',
  'return',
  'scale',
  'rate',
  'rate-down',
  'discovery',
];

/** The kind a group is drawn as: its most telling landmark's. */
export function groupKind(group: MarkGroup): MarkKind {
  let best = group.marks[0].kind;
  for (const mark of group.marks) if (TELLING.indexOf(mark.kind) < TELLING.indexOf(best)) best = mark.kind;
  return best;
}

/** The playhead's target for a landmark at `at`: a little before it, never before 0. */
export function jumpTarget(at: number): number {
  return Math.max(0, at - JUMP_LEAD_MS);
}

/**
 * The time to jump to from `t` for the next (+1) or previous (-1) landmark of `times` (in order),
 * or undefined when there is none that way. "Previous" passes over a landmark jumped to less than
 * `PREVIOUS_GRACE_MS` ago, so pressing it twice goes back twice.
 */
export function neighbourJump(times: readonly number[], t: number, direction: 1 | -1): number | undefined {
  if (direction === 1) {
    for (const at of times) if (jumpTarget(at) > t + 1) return jumpTarget(at);
    return undefined;
  }
  for (let i = times.length - 1; i >= 0; i--)
    if (jumpTarget(times[i]) < t - PREVIOUS_GRACE_MS) return jumpTarget(times[i]);
  return undefined;
}

/**
 * The accessible name of a group: its time and what happens, `00:20.0 · ledger crashes (fault
 * starts)`, and the variant when the mark is in a variant's own lane.
 */
export function groupLabel(group: MarkGroup, clock: (ms: number) => string, variant?: string): string {
  const of = variant === undefined ? '' : ` · variant ${variant}`;
  if (group.marks.length === 1) return `${clock(group.at)} · ${group.marks[0].text}${of}`;
  const last = group.marks[group.marks.length - 1].at;
  const span = clock(last) !== clock(group.at) ? `${clock(group.at)} to ${clock(last)}` : clock(group.at);
  return `${span} · ${group.marks.length} landmarks: ${group.marks.map((m) => m.text).join('; ')}${of}`;
}
