/**
 * A lesson's key figures: the few numbers its text talks about, shown as tiles for the variant on
 * screen. A file names them (`keyFigures:`); without that, the page's own set applies: p50, p99,
 * success, and the figures that carry something in some variant (429s, retries, sidecars). Each
 * figure is resolved here once, with its label, unit and better direction, so that the worker can
 * evaluate it on a finished report and on the report so far at every playback frame alike.
 */
import type { Expr } from '../scenario/expectations';
import { parseFigureExpr, exprFigures } from '../scenario/expectations';
import type { KeyFigureSpec } from '../scenario/types';
import { evaluateExpr, LATENCY, SHARE } from './expectations';
import {
  fixed,
  formatCount,
  formatDecimal,
  formatMs,
  formatPercent,
  formatRate,
  GLANCE_PERCENT_DIGITS,
  MISSING,
} from './figure-format';
import { UnknownFigure } from './figures';
import type { VariantReport } from './report';

/** How a key figure prints: ms, a share (0 to 1), a factor, a count, a rate per second, or plain. */
export type KeyFigureUnit = 'ms' | 'share' | 'factor' | 'count' | 'rate' | 'number';

/** A key figure ready to evaluate and print. */
export interface KeyFigure {
  /** The expression as written: names the figure on the page (`share.429`). */
  readonly key: string;
  readonly label: string;
  readonly unit: KeyFigureUnit;
  /** Which way is better; undefined when neither is (a count, a utilization). */
  readonly better?: 'lower' | 'higher';
  readonly value: Expr;
  /**
   * The value of a variant that lacks the figure's part of the report, when one is meaningful: a
   * variant without the mesh spends 0 ms of sidecar CPU. Else such a variant has no value (NaN).
   */
  readonly absentAs?: number;
  /**
   * Shown only when some variant's whole run has a value other than 0 (the page's own 429, retry
   * and sidecar figures); a lesson's own figures are always shown.
   */
  readonly onlyWhenNonZero?: boolean;
}

/** What the plain-data boundary carries of a key figure: all but its parsed expression. */
export type KeyFigureData = Omit<KeyFigure, 'value'>;

function named(text: string, rest: Omit<KeyFigure, 'key' | 'value'>): KeyFigure {
  return { key: text, value: parseFigureExpr(text), ...rest };
}

/** The page's own set, for a file that names no key figures. */
export const DEFAULT_KEY_FIGURES: readonly KeyFigure[] = [
  named('p50', { label: 'p50 latency', unit: 'ms', better: 'lower' }),
  named('p99', { label: 'p99 latency', unit: 'ms', better: 'lower' }),
  named('successRate', { label: 'success', unit: 'share', better: 'higher' }),
  named('share.429', { label: 'answered 429', unit: 'share', better: 'lower', onlyWhenNonZero: true }),
  named('attempts.retries / requests.generated', {
    label: 'retries per request',
    unit: 'number',
    better: 'lower',
    onlyWhenNonZero: true,
  }),
  named('mesh.cpuMsPer1000Requests', {
    label: 'sidecar CPU per 1,000 requests',
    unit: 'ms',
    better: 'lower',
    absentAs: 0,
    onlyWhenNonZero: true,
  }),
];

const LATENCY_LABELS: Readonly<Record<string, string>> = {
  p50: 'p50 latency',
  p90: 'p90 latency',
  p99: 'p99 latency',
  p999: 'p99.9 latency',
  mean: 'mean latency',
  max: 'slowest request',
};

/** The label of a lone figure (`p90` is "p90 latency"); the expression itself for anything else. */
function labelOf(expr: Expr, text: string): string {
  if (expr.kind !== 'figure') return text;
  const name = expr.name;
  if (LATENCY_LABELS[name]) return LATENCY_LABELS[name];
  if (name === 'successRate') return 'success';
  if (name === 'amplification') return 'tries per call';
  const share = /^share\.(.+)$/.exec(name);
  if (share) return `answered ${share[1]}`;
  const component = /^components\.(.+)\.(utilization|served|rejected|meanQueue|meanWaitMs)$/.exec(name);
  if (component) {
    const what = {
      utilization: 'busy',
      served: 'calls served',
      rejected: 'calls refused',
      meanQueue: 'mean queue',
      meanWaitMs: 'mean wait',
    }[component[2]];
    return `${component[1]} ${what}`;
  }
  return text;
}

const UNITS: Readonly<Record<NonNullable<KeyFigureSpec['unit']>, KeyFigureUnit>> = {
  ms: 'ms',
  '%': 'share',
  x: 'factor',
  count: 'count',
  '/s': 'rate',
  number: 'number',
};

/** A count of requests or calls: a sum or difference of them is one too. */
const COUNT =
  /^(?:requests\..+|attempts\.(?:total|retries)|components\..+\.(?:served|rejected)|mesh\.outcomes\..+|events)$/;

function unitOf(expr: Expr): KeyFigureUnit {
  const names = exprFigures(expr).map((f) => f.name);
  const all = (pattern: RegExp) => names.length > 0 && names.every((name) => pattern.test(name));
  if (all(SHARE)) return 'share';
  if (all(LATENCY)) return 'ms';
  if (names.length === 1 && names[0] === 'amplification') return 'factor';
  if (all(COUNT) && !hasDivision(expr)) return 'count';
  return 'number';
}

function hasDivision(e: Expr): boolean {
  if (e.kind === 'binary') return e.op === '/' || e.op === '*' || hasDivision(e.left) || hasDivision(e.right);
  return e.kind === 'negate' && hasDivision(e.arg);
}

/** Lower latency is better, higher success is, fewer errors are; for anything else the file says. */
function betterOf(expr: Expr): KeyFigure['better'] {
  if (expr.kind !== 'figure') return undefined;
  const name = expr.name;
  if (LATENCY.test(name) || name === 'amplification') return 'lower';
  if (name === 'successRate') return 'higher';
  const share = /^share\.(.+)$/.exec(name);
  if (share) return /^2/.test(share[1]) ? 'higher' : 'lower';
  return undefined;
}

/** The key figures of a file: its own, resolved, or the page's set when it names none. */
export function resolveKeyFigures(specs: readonly KeyFigureSpec[]): readonly KeyFigure[] {
  if (specs.length === 0) return DEFAULT_KEY_FIGURES;
  return specs.map((spec) => {
    const figure: KeyFigure = {
      key: spec.text,
      label: spec.label ?? labelOf(spec.value, spec.text),
      unit: spec.unit ? UNITS[spec.unit] : unitOf(spec.value),
      value: spec.value,
    };
    const better = spec.better ?? betterOf(spec.value);
    return better ? { ...figure, better } : figure;
  });
}

/**
 * The value of `figure` on a variant's report; NaN when the variant has no such figure, and for a
 * latency before any request was answered (the report says 0 ms then, which no request took).
 */
export function keyFigureValue(figure: KeyFigure, variant: VariantReport): number {
  const answered = variant.requests.ok + variant.requests.failed;
  if (answered === 0 && exprFigures(figure.value).some((f) => LATENCY.test(f.name))) return NaN;
  try {
    return evaluateExpr(figure.value, { scenario: '', seed: 0, variants: [variant] });
  } catch (error) {
    if (!(error instanceof UnknownFigure)) throw error;
    return figure.absentAs ?? NaN;
  }
}

/**
 * Evaluates figures on the successive reports of one run (a playback's, slice by slice), giving
 * exactly `keyFigureValue`'s values at a fraction of the cost: which figures read a latency is found
 * once, and a figure the report lacks is known lacking from its first miss on, as a run's report
 * keeps its shape (its components, edges and plugins) from start to end.
 */
export class KeyFigureEvaluator {
  private readonly readsLatency: boolean[];
  private readonly absent: boolean[];

  constructor(private readonly figures: readonly KeyFigure[]) {
    this.readsLatency = figures.map((f) => exprFigures(f.value).some((x) => LATENCY.test(x.name)));
    this.absent = figures.map(() => false);
  }

  /** Every figure's value on `variant` (a report of the run this evaluator follows) into `out`. */
  valuesInto(variant: VariantReport, out: Float64Array): void {
    const answered = variant.requests.ok + variant.requests.failed;
    const report = { scenario: '', seed: 0, variants: [variant] };
    this.figures.forEach((figure, i) => {
      if (this.absent[i]) out[i] = figure.absentAs ?? NaN;
      else if (answered === 0 && this.readsLatency[i]) out[i] = NaN;
      else {
        try {
          out[i] = evaluateExpr(figure.value, report);
        } catch (error) {
          if (!(error instanceof UnknownFigure)) throw error;
          this.absent[i] = true;
          out[i] = figure.absentAs ?? NaN;
        }
      }
    });
  }
}

/** Every figure's value on a variant's report, in order. */
export function keyFigureValues(figures: readonly KeyFigure[], variant: VariantReport): number[] {
  return figures.map((f) => keyFigureValue(f, variant));
}

/** The plain data of each figure, for the page. */
export function keyFigureData(figures: readonly KeyFigure[]): KeyFigureData[] {
  return figures.map(({ value: _value, ...data }) => data);
}

/** A value in its unit: `815 ms`, `82.3%`, `25.9×`, `1,204`, `80.0/s`. */
export function formatKeyFigure(unit: KeyFigureUnit, x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  switch (unit) {
    case 'ms':
      return formatMs(x);
    case 'share':
      return formatPercent(x, GLANCE_PERCENT_DIGITS);
    case 'factor':
      return `${formatDecimal(x)}×`;
    case 'count':
      return formatCount(x);
    case 'rate':
      return formatRate(x).replace(' rps', '/s');
    case 'number':
      return Number.isInteger(x) ? formatCount(x) : formatDecimal(x);
  }
}

/** A change of a figure in its unit, signed: `+4.10 ms`, `−2.3 pp`, `+24.6×`; `±0` when it prints as none. */
export function formatKeyFigureChange(unit: KeyFigureUnit, delta: number): string {
  if (!Number.isFinite(delta)) return MISSING;
  const magnitude =
    unit === 'share' ? `${fixed(Math.abs(delta) * 100, 1)} pp` : formatKeyFigure(unit, Math.abs(delta));
  if (delta === 0 || !/[1-9]/.test(magnitude)) return `±${magnitude.replace(/[1-9]/g, '0')}`;
  return `${delta > 0 ? '+' : '−'}${magnitude}`;
}
