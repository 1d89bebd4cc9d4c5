/**
 * How the charts encode meaning: the Okabe-Ito colours of the page, and beside every colour a second
 * channel (a hatch, a dash pattern or a marker shape) so that nothing is told by colour alone. Values
 * are literal rather than CSS variables so that an exported SVG keeps them.
 */
import { OUTCOMES, type Outcome } from '../../worker/frames';
import { el, px, type SvgNode } from './scene';

/** Text and the cursor. */
export const INK = '#1d2433';
/** Tick labels, notes and captions. */
export const MUTE = '#5f6778';
/** Axis lines and bar tracks. */
export const LINE = '#d9dde6';
/** Grid lines. */
export const GRID = '#eef1f6';
/** Behind every chart, so that an exported file reads the same anywhere. */
export const BACKGROUND = '#ffffff';
/** Okabe-Ito blue. */
export const BLUE = '#0072b2';
/** Okabe-Ito sky blue. */
export const SKY = '#56b4e9';
/** The page's font stack, written into every chart for export. */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** Font size of tick labels and legends, px. */
export const FONT_SIZE = 11;

/** The hatch drawn over an outcome's colour; `solid` has none. */
export type Hatch = 'solid' | 'diagonal' | 'horizontal' | 'vertical' | 'cross' | 'dots';

/** How an outcome is drawn: label, colour and hatch. */
export interface OutcomeStyle {
  readonly outcome: Outcome;
  readonly label: string;
  readonly color: string;
  readonly hatch: Hatch;
}

/**
 * One style per `OUTCOMES` entry, in that order (also the stacking order, successes at the bottom).
 * The colours are the diagram's: green for ok, reddish purple for 4xx, orange for 429, vermillion for
 * 5xx, sky blue for timeouts.
 */
export const OUTCOME_STYLES: readonly OutcomeStyle[] = OUTCOMES.map((outcome) => {
  switch (outcome) {
    case 'ok':
      return { outcome, label: 'ok', color: '#009e73', hatch: 'solid' };
    case '4xx':
      return { outcome, label: '4xx', color: '#cc79a7', hatch: 'diagonal' };
    case '429':
      return { outcome, label: '429', color: '#e69f00', hatch: 'horizontal' };
    case '5xx':
      return { outcome, label: '5xx', color: '#d55e00', hatch: 'cross' };
    case 'timeout':
      return { outcome, label: 'timeout', color: SKY, hatch: 'dots' };
  }
});

/** The id of an outcome's pattern in a chart whose ids start with `prefix`. */
export function patternId(prefix: string, outcome: number): string {
  return `${prefix}-${OUTCOME_STYLES[outcome].outcome}`;
}

/** The `fill` of an outcome's area: its colour, or its hatch pattern over that colour. */
export function outcomeFill(prefix: string, outcome: number): string {
  const style = OUTCOME_STYLES[outcome];
  return style.hatch === 'solid' ? style.color : `url(#${patternId(prefix, outcome)})`;
}

const HATCH_MARKS: Readonly<Record<Exclude<Hatch, 'solid'>, SvgNode>> = {
  diagonal: el('path', { d: 'M-1,1L1,-1M0,6L6,0M5,7L7,5', stroke: '#fff', 'stroke-width': 1.2 }),
  horizontal: el('path', { d: 'M0,1.5H6M0,4.5H6', stroke: '#fff', 'stroke-width': 1 }),
  vertical: el('path', { d: 'M1.5,0V6M4.5,0V6', stroke: '#fff', 'stroke-width': 1 }),
  cross: el('path', { d: 'M0,0L6,6M6,0L0,6', stroke: '#fff', 'stroke-width': 1 }),
  dots: el('circle', { cx: 3, cy: 3, r: 1.2, fill: '#fff' }),
};

/** A 6 px tile of `color` with white `hatch` marks, as a `<pattern>`. */
export function hatchPattern(id: string, color: string, hatch: Exclude<Hatch, 'solid'>): SvgNode {
  return el('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse' }, [
    el('rect', { width: 6, height: 6, fill: color }),
    HATCH_MARKS[hatch],
  ]);
}

/** `<defs>` with the pattern of every hatched outcome, ids from `patternId(prefix, o)`. */
export function outcomePatterns(prefix: string): SvgNode {
  return el(
    'defs',
    {},
    OUTCOME_STYLES.map((style, o) =>
      style.hatch === 'solid' ? null : hatchPattern(patternId(prefix, o), style.color, style.hatch),
    ),
  );
}

/** A latency percentile's line: colour warms and dashes shorten deeper into the tail. */
export interface PercentileStyle {
  readonly key: 'p50' | 'p90' | 'p99';
  readonly color: string;
  /** `stroke-dasharray`; empty for a solid line. */
  readonly dash: string;
  readonly width: number;
}

/** p50 blue and solid, p90 orange and dashed, p99 vermillion and dotted. */
export const PERCENTILE_STYLES: readonly PercentileStyle[] = [
  { key: 'p50', color: BLUE, dash: '', width: 1.75 },
  { key: 'p90', color: '#e69f00', dash: '7 3', width: 1.75 },
  { key: 'p99', color: '#d55e00', dash: '2 2', width: 2 },
];

/** Shapes of the markers that tell variants apart. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'cross';

/**
 * How the variants compared on one plot (CDFs, bars, lines) are told apart: colour, dash, marker and
 * the hatch of a bar, so that each stays distinct without colour and in print.
 */
export interface VariantStyle {
  readonly color: string;
  /** `stroke-dasharray`; empty for a solid line. */
  readonly dash: string;
  readonly marker: MarkerShape;
  /** The hatch over a bar's colour. */
  readonly hatch: Hatch;
}

/**
 * Six styles, as many variants as a chart draws apart: Okabe-Ito colours (safe for the common
 * colour-vision deficiencies), each with its own dash, marker and hatch. Ink solid circles, blue
 * dashed squares, orange dotted triangles, green dash-dot diamonds, vermillion long-dash inverted
 * triangles, reddish purple dash-dot-dot crosses. Yellow and sky blue are left out: too faint on white.
 */
export const VARIANT_STYLES: readonly VariantStyle[] = [
  { color: INK, dash: '', marker: 'circle', hatch: 'solid' },
  { color: BLUE, dash: '5 3', marker: 'square', hatch: 'diagonal' },
  { color: '#e69f00', dash: '2 2', marker: 'triangle', hatch: 'horizontal' },
  { color: '#009e73', dash: '8 3 2 3', marker: 'diamond', hatch: 'cross' },
  { color: '#d55e00', dash: '10 4', marker: 'triangle-down', hatch: 'dots' },
  { color: '#cc79a7', dash: '6 2 2 2 2 2', marker: 'cross', hatch: 'vertical' },
];

/** Most variants one comparison draws apart; a chart of more says which it leaves out, in words. */
export const MAX_VARIANTS_DRAWN = VARIANT_STYLES.length;

/**
 * The variants a comparison draws, the first `MAX_VARIANTS_DRAWN` of `names`, and the sentence that
 * names those left out (empty when none is).
 */
export function variantsDrawn(names: readonly string[]): { readonly count: number; readonly note: string } {
  const count = Math.min(names.length, MAX_VARIANTS_DRAWN);
  if (count === names.length) return { count, note: '' };
  const left = names.slice(count);
  return {
    count,
    note: `Showing ${count} of ${names.length} variants; not drawn: ${left.join(', ')}.`,
  };
}

/** A marker of `shape` centred on (x, y), about `size` px across, white inside. */
export function marker(shape: MarkerShape, x: number, y: number, color: string, size = 7): SvgNode {
  const r = size / 2;
  const stroke = { fill: BACKGROUND, stroke: color, 'stroke-width': 1.5 };
  switch (shape) {
    case 'circle':
      return el('circle', { cx: x, cy: y, r, ...stroke });
    case 'square':
      return el('rect', { x: x - r, y: y - r, width: size, height: size, ...stroke });
    case 'triangle':
      return el('path', { d: polygon(x, y, [0, -1.15, 1, 0.6, -1, 0.6], r), ...stroke });
    case 'triangle-down':
      return el('path', { d: polygon(x, y, [0, 1.15, 1, -0.6, -1, -0.6], r), ...stroke });
    case 'diamond':
      return el('path', { d: polygon(x, y, [0, -1.25, 1.25, 0, 0, 1.25, -1.25, 0], r), ...stroke });
    case 'cross':
      return el('path', {
        d: `M${px(x - r)},${px(y)}H${px(x + r)}M${px(x)},${px(y - r)}V${px(y + r)}`,
        stroke: color,
        'stroke-width': 2,
        fill: 'none',
      });
  }
}

/** A closed path through (x + r * dx, y + r * dy) for each pair of `offsets`. */
function polygon(x: number, y: number, offsets: readonly number[], r: number): string {
  let d = '';
  for (let i = 0; i < offsets.length; i += 2) {
    d += `${i === 0 ? 'M' : 'L'}${px(x + r * offsets[i])},${px(y + r * offsets[i + 1])}`;
  }
  return `${d}Z`;
}
