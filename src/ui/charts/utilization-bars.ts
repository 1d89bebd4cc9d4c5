/**
 * Utilization of every component of a finished run, as horizontal bars, for every variant side by
 * side (one bar each, per component), with the share written beside every bar. Variants differ by
 * colour and hatch, not by colour alone, and a legend that wraps names them all; a dashed line marks
 * 85 %, past which queues grow fast, and shares past it are written in bold.
 */
import { formatPercent, GLANCE_PERCENT_DIGITS } from '../../report/figure-format';
import { chartRoot } from './chart-root';
import { FONT_SIZE, GRID, INK, MUTE, VARIANT_STYLES, hatchPattern, variantsDrawn } from './encoding';
import { animated, el, px, textEl, type SvgNode } from './scene';
import { createStaticChart, type StaticChart } from './static-chart';
import { textWidth, truncate, wrapName } from './text-fit';
import type { ComponentReport } from '../../worker/protocol';

/** What the bars read of a variant's report (a `VariantReport` is one). */
export interface UtilizationVariant {
  readonly name: string;
  readonly components: Readonly<Record<string, Pick<ComponentReport, 'utilization'>>>;
}

/** The chart's `<title>`. */
export const UTILIZATION_TITLE = 'Utilization by component';
/** Utilization from which a bar counts as hot. */
export const HOT_UTILIZATION = 0.85;
/** What moment the bars show: a report covers the whole run. */
export const UTILIZATION_MOMENT = 'whole run';

/** A bar's height and the gap between a row's bars, px: each bar's value is written beside it, so
 * the pitch stays at least a line of 10 px figures however many variants share a row. */
const BAR = 10;
const BAR_GAP = 2;
const ROW_GAP = 10;
/** Height of a legend line, px. */
const LEGEND_LINE = 16;
/** A legend item: its swatch, the gap to its name, and the room after it, px. */
const SWATCH = 12;
const SWATCH_GAP = 4;
const ITEM_GAP = 14;
/** Room under the last row for the 85 % mark's label. */
const BOTTOM = 22;
const VALUE_WIDTH = 52;
const PAD = 8;

/** One variant's bar in a row, px. */
export interface UtilizationBar {
  /** Index of the variant in the list given. */
  readonly variant: number;
  /** Busy share, 0 to 1; NaN when the variant has no such component. */
  readonly value: number;
  readonly text: string;
  readonly hot: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** Where the value is written. */
  readonly textX: number;
}

/** One component's row. */
export interface UtilizationRow {
  /** The component id, as written in the scenario. */
  readonly id: string;
  /** The id as shown (cut when too long for the label column). */
  readonly shown: string;
  readonly y: number;
  readonly bars: readonly UtilizationBar[];
}

/** A legend item: the swatch at (x, y) and the name's lines to its right, px. */
export interface UtilizationLegendItem {
  readonly variant: number;
  readonly x: number;
  /** Top of the swatch; the name's first baseline is `y + 9`. */
  readonly y: number;
  readonly lines: readonly string[];
}

/** Everything the bars draw, in px. */
export interface UtilizationBarsModel {
  readonly width: number;
  readonly height: number;
  readonly names: readonly string[];
  /** Height of one bar, px. */
  readonly bar: number;
  /** The moment written before the legend, and the legend (empty for a single variant). */
  readonly moment: string;
  readonly legend: readonly UtilizationLegendItem[];
  /** Top of the first row, px. */
  readonly top: number;
  /** Names the variants left out, when there are more than the chart draws apart; else empty. */
  readonly note: string;
  /** The track of every bar: from `left` to `right` is 0 % to 100 %. */
  readonly left: number;
  readonly right: number;
  readonly hotX: number;
  readonly rows: readonly UtilizationRow[];
  readonly label: string;
}

/** Component ids in the order of the first variant, then those only the second has. */
function componentIds(variants: readonly UtilizationVariant[]): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const v of variants) {
    for (const id of Object.keys(v.components)) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

/**
 * The legend's items, flowed left to right from `x0` over lines up to `width - PAD`; a name longer
 * than a line wraps. Returns the items and the y below the last line.
 */
function legendLayout(
  names: readonly string[],
  x0: number,
  width: number,
): { items: UtilizationLegendItem[]; bottom: number } {
  const items: UtilizationLegendItem[] = [];
  const lineEnd = width - PAD;
  let x = x0;
  let y = 6;
  let lineHeight = LEGEND_LINE;
  names.forEach((name, variant) => {
    const room = lineEnd - PAD - SWATCH - SWATCH_GAP;
    const lines = wrapName(name, Math.max(4, Math.floor(room / 6.6)));
    const w = SWATCH + SWATCH_GAP + Math.max(...lines.map((l) => textWidth(l)));
    if (x > x0 && x + w > lineEnd) {
      x = PAD;
      y += lineHeight;
      lineHeight = LEGEND_LINE;
    }
    items.push({ variant, x, y, lines });
    lineHeight = Math.max(lineHeight, lines.length * 13 + 3);
    x += w + ITEM_GAP;
  });
  return { items, bottom: y + lineHeight };
}

/**
 * The view model of the bars of `variants` (every one, up to six), `width` px wide; the height
 * follows from the legend and the number of components.
 */
export function utilizationBarsModel(
  all: readonly UtilizationVariant[],
  width: number,
): UtilizationBarsModel {
  const drawn = variantsDrawn(all.map((v) => v.name));
  const variants = all.slice(0, drawn.count);
  const ids = componentIds(variants);
  const names = variants.map((v) => v.name);
  const moment = UTILIZATION_MOMENT;
  const momentEnd = PAD + textWidth(moment) + ITEM_GAP;
  const legend =
    variants.length > 1 ? legendLayout(names, momentEnd, width) : { items: [], bottom: 6 + LEGEND_LINE };
  const noteLines = drawn.note === '' ? 0 : 1;
  const top = legend.bottom + 4 + noteLines * LEGEND_LINE;
  const bar = BAR;
  const longest = Math.max(0, ...ids.map((id) => textWidth(id)));
  const labelWidth = Math.min(Math.max(60, longest), Math.floor(width * 0.35));
  const left = PAD + labelWidth + PAD;
  const right = Math.max(left + 40, width - PAD - VALUE_WIDTH);
  const span = right - left;
  const lanes = Math.max(1, variants.length);
  const rowHeight = lanes * bar + (lanes - 1) * BAR_GAP;
  const maxChars = Math.max(4, Math.floor(labelWidth / 6.6));
  const rows = ids.map((id, r): UtilizationRow => {
    const y = top + r * (rowHeight + ROW_GAP);
    const bars = variants.map((v, k): UtilizationBar => {
      // Own keys only: a variant without a service `constructor` must not find Object.
      const value = Object.hasOwn(v.components, id) ? v.components[id].utilization : NaN;
      const share = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
      return {
        variant: k,
        value,
        text: Number.isFinite(value) ? formatPercent(value, GLANCE_PERCENT_DIGITS) : 'none',
        hot: value >= HOT_UTILIZATION,
        x: left,
        y: y + k * (bar + BAR_GAP),
        width: px(share * span),
        textX: right + 6,
      };
    });
    return { id, shown: truncate(id, maxChars), y, bars };
  });
  const height = top + ids.length * (rowHeight + ROW_GAP) - ROW_GAP + BOTTOM + (ids.length === 0 ? 24 : 0);
  const label =
    ids.length === 0
      ? `${UTILIZATION_TITLE}: no components.`
      : `${UTILIZATION_TITLE}, ${moment}. ` +
        ids
          .map((id, r) => `${id}: ${rows[r].bars.map((b) => `${names[b.variant]} ${b.text}`).join(', ')}.`)
          .join(' ') +
        (drawn.note === '' ? '' : ` ${drawn.note}`);
  return {
    width,
    height,
    names,
    bar,
    moment,
    legend: legend.items,
    top,
    note: drawn.note,
    left,
    right,
    hotX: px(left + HOT_UTILIZATION * span),
    rows,
    label,
  };
}

/** The id of variant `k`'s hatch pattern. */
function patternOf(k: number, idPrefix: string): string {
  return `${idPrefix}-utilization-v${k}`;
}

function fillOf(variant: number, idPrefix: string): string {
  const style = VARIANT_STYLES[variant];
  return style.hatch === 'solid' ? style.color : `url(#${patternOf(variant, idPrefix)})`;
}

function patterns(model: UtilizationBarsModel, idPrefix: string): SvgNode {
  return el(
    'defs',
    {},
    model.names.map((_, k) => {
      const { color, hatch } = VARIANT_STYLES[k];
      return hatch === 'solid' ? null : hatchPattern(patternOf(k, idPrefix), color, hatch);
    }),
  );
}

function legend(model: UtilizationBarsModel, idPrefix: string): SvgNode {
  return el('g', { 'aria-hidden': 'true', 'data-part': 'legend' }, [
    textEl(
      'text',
      { x: PAD, y: 15, fill: MUTE, 'font-size': FONT_SIZE, 'font-style': 'italic' },
      model.moment,
    ),
    ...model.legend.flatMap((item) => [
      el('rect', { x: item.x, y: item.y, width: SWATCH, height: 10, fill: fillOf(item.variant, idPrefix) }),
      ...item.lines.map((line, i) =>
        textEl(
          'text',
          { x: item.x + SWATCH + SWATCH_GAP, y: item.y + 9 + i * 13, fill: INK, 'font-size': FONT_SIZE },
          line,
        ),
      ),
    ]),
    model.note === ''
      ? null
      : textEl('text', { x: PAD, y: model.top - 8, fill: MUTE, 'font-size': FONT_SIZE }, model.note),
  ]);
}

/** The bars as a scene; the hatch pattern's id starts with `idPrefix`. */
export function utilizationBarsScene(model: UtilizationBarsModel, idPrefix = 'bars'): SvgNode {
  const last = model.rows[model.rows.length - 1];
  const bottom = last === undefined ? model.top : last.bars[last.bars.length - 1].y + model.bar;
  const barHeight = model.bar;
  return chartRoot(model.width, model.height, UTILIZATION_TITLE, model.label, [
    patterns(model, idPrefix),
    legend(model, idPrefix),
    model.rows.length === 0
      ? textEl('text', { x: PAD, y: model.top + 12, fill: MUTE, 'font-size': 12 }, 'No finished run yet')
      : null,
    ...model.rows.map((row) =>
      el('g', {}, [
        el('g', {}, [
          textEl('title', {}, row.id),
          textEl(
            'text',
            {
              x: model.left - PAD,
              y: px(row.y + (row.bars.length * (barHeight + BAR_GAP) - BAR_GAP) / 2),
              dy: '0.32em',
              'text-anchor': 'end',
              fill: INK,
            },
            row.shown,
          ),
        ]),
        ...row.bars.flatMap((bar) => [
          el('rect', {
            x: model.left,
            y: bar.y,
            width: model.right - model.left,
            height: barHeight,
            fill: GRID,
          }),
          animated(
            el('rect', {
              x: bar.x,
              y: bar.y,
              width: bar.width,
              height: barHeight,
              fill: fillOf(bar.variant, idPrefix),
            }),
          ),
          textEl(
            'text',
            {
              x: bar.textX,
              y: bar.y + barHeight / 2,
              dy: '0.32em',
              fill: INK,
              'font-size': row.bars.length > 2 ? 10 : FONT_SIZE,
              'font-weight': bar.hot ? 700 : null,
            },
            bar.text,
          ),
        ]),
      ]),
    ),
    model.rows.length === 0
      ? null
      : el('g', { 'aria-hidden': 'true' }, [
          el('line', {
            x1: model.hotX,
            x2: model.hotX,
            y1: model.top - 4,
            y2: bottom + 4,
            stroke: MUTE,
            'stroke-dasharray': '3 2',
          }),
          textEl(
            'text',
            { x: model.hotX, y: bottom + 15, 'text-anchor': 'middle', fill: MUTE, 'font-size': 10 },
            `${Math.round(HOT_UTILIZATION * 100)}%`,
          ),
        ]),
  ]);
}

let charts = 0;

/** The utilization bars on the page; `update` takes the variants of a report. */
export type UtilizationBars = StaticChart<readonly UtilizationVariant[]>;

/** Mounts utilization bars in `container`, empty until `update`. */
export function createUtilizationBars(container: Element): UtilizationBars {
  const idPrefix = `bars${++charts}`;
  return createStaticChart<readonly UtilizationVariant[]>(container, [], (variants, width) =>
    utilizationBarsScene(utilizationBarsModel(variants, width), idPrefix),
  );
}
