/**
 * Utilization of every component of a finished run, as horizontal bars, for one variant or two side
 * by side (one bar each, per component), with the share written beside every bar. Variants differ by
 * fill and hatch, not by colour alone; a dashed line marks 85 %, past which queues grow fast, and
 * shares past it are written in bold.
 */
import { formatPercent } from '../format';
import { chartRoot } from './chart-root';
import { BLUE, FONT_SIZE, GRID, INK, MUTE, VARIANT_STYLES, hatchPattern } from './encoding';
import { animated, el, px, textEl, type SvgNode } from './scene';
import { createStaticChart, type StaticChart } from './static-chart';
import { textWidth, truncate } from './text-fit';
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

const BAR = 10;
const BAR_GAP = 2;
const ROW_GAP = 10;
const TOP = 26;
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

/** Everything the bars draw, in px. */
export interface UtilizationBarsModel {
  readonly width: number;
  readonly height: number;
  readonly names: readonly string[];
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
 * The view model of the bars of one or two variants, `width` px wide; the height follows from the
 * number of components.
 */
export function utilizationBarsModel(
  variants: readonly UtilizationVariant[],
  width: number,
): UtilizationBarsModel {
  if (variants.length > 2) {
    throw new RangeError(`utilization bars compare at most 2 variants, got ${variants.length}`);
  }
  const ids = componentIds(variants);
  const longest = Math.max(0, ...ids.map((id) => textWidth(id)));
  const labelWidth = Math.min(Math.max(60, longest), Math.floor(width * 0.35));
  const left = PAD + labelWidth + PAD;
  const right = Math.max(left + 40, width - PAD - VALUE_WIDTH);
  const span = right - left;
  const lanes = Math.max(1, variants.length);
  const rowHeight = lanes * BAR + (lanes - 1) * BAR_GAP;
  const maxChars = Math.max(4, Math.floor(labelWidth / 6.6));
  const rows = ids.map((id, r): UtilizationRow => {
    const y = TOP + r * (rowHeight + ROW_GAP);
    const bars = variants.map((v, k): UtilizationBar => {
      const value = v.components[id]?.utilization ?? NaN;
      const share = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
      return {
        variant: k,
        value,
        text: Number.isFinite(value) ? formatPercent(value) : 'none',
        hot: value >= HOT_UTILIZATION,
        x: left,
        y: y + k * (BAR + BAR_GAP),
        width: px(share * span),
        textX: right + 6,
      };
    });
    return { id, shown: truncate(id, maxChars), y, bars };
  });
  const height = TOP + ids.length * (rowHeight + ROW_GAP) - ROW_GAP + BOTTOM + (ids.length === 0 ? 24 : 0);
  const names = variants.map((v) => v.name);
  const label =
    ids.length === 0
      ? `${UTILIZATION_TITLE}: no components.`
      : `${UTILIZATION_TITLE}. ` +
        ids
          .map((id, r) => `${id}: ${rows[r].bars.map((b) => `${names[b.variant]} ${b.text}`).join(', ')}.`)
          .join(' ');
  return { width, height, names, left, right, hotX: px(left + HOT_UTILIZATION * span), rows, label };
}

const PATTERN_ID = 'utilization-b';

function fillOf(variant: number, idPrefix: string): string {
  return variant === 0 ? VARIANT_STYLES[0].color : `url(#${idPrefix}-${PATTERN_ID})`;
}

function legend(model: UtilizationBarsModel, idPrefix: string): SvgNode {
  let x = model.left;
  const items: SvgNode[] = [];
  if (model.names.length === 2) {
    model.names.forEach((name, k) => {
      const shown = truncate(name, 24);
      items.push(el('rect', { x, y: 6, width: 12, height: 10, fill: fillOf(k, idPrefix) }));
      items.push(textEl('text', { x: x + 16, y: 15, fill: INK, 'font-size': FONT_SIZE }, shown));
      x += 16 + textWidth(shown) + 14;
    });
  }
  return el('g', { 'aria-hidden': 'true' }, items);
}

/** The bars as a scene; the hatch pattern's id starts with `idPrefix`. */
export function utilizationBarsScene(model: UtilizationBarsModel, idPrefix = 'bars'): SvgNode {
  const last = model.rows[model.rows.length - 1];
  const bottom = last === undefined ? TOP : last.bars[last.bars.length - 1].y + BAR;
  return chartRoot(model.width, model.height, UTILIZATION_TITLE, model.label, [
    el('defs', {}, [hatchPattern(`${idPrefix}-${PATTERN_ID}`, BLUE, 'diagonal')]),
    legend(model, idPrefix),
    model.rows.length === 0
      ? textEl('text', { x: PAD, y: TOP + 12, fill: MUTE, 'font-size': 12 }, 'No finished run yet')
      : null,
    ...model.rows.map((row) =>
      el('g', {}, [
        el('g', {}, [
          textEl('title', {}, row.id),
          textEl(
            'text',
            {
              x: model.left - PAD,
              y: px(row.y + (row.bars.length * (BAR + BAR_GAP) - BAR_GAP) / 2),
              dy: '0.32em',
              'text-anchor': 'end',
              fill: INK,
            },
            row.shown,
          ),
        ]),
        ...row.bars.flatMap((bar) => [
          el('rect', { x: model.left, y: bar.y, width: model.right - model.left, height: BAR, fill: GRID }),
          animated(
            el('rect', {
              x: bar.x,
              y: bar.y,
              width: bar.width,
              height: BAR,
              fill: fillOf(bar.variant, idPrefix),
            }),
          ),
          textEl(
            'text',
            {
              x: bar.textX,
              y: bar.y + BAR / 2,
              dy: '0.32em',
              fill: INK,
              'font-size': FONT_SIZE,
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
            y1: TOP - 4,
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

/** The utilization bars on the page; `update` takes one or two variants of a report. */
export type UtilizationBars = StaticChart<readonly UtilizationVariant[]>;

/** Mounts utilization bars in `container`, empty until `update`. */
export function createUtilizationBars(container: Element): UtilizationBars {
  const idPrefix = `bars${++charts}`;
  return createStaticChart<readonly UtilizationVariant[]>(container, [], (variants, width) =>
    utilizationBarsScene(utilizationBarsModel(variants, width), idPrefix),
  );
}
