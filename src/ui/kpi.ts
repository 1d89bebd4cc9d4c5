/**
 * The key figures under the diagram, for exactly the variants it draws: one row of tiles for the
 * variant on screen, or one row per variant side by side, in the diagrams' order. Each tile says which
 * moment it shows: during playback its figure over the measured period up to the playhead, with the
 * whole run's value beside it; at the end, the whole run. A change is against the file's first
 * variant at the same moment, and is painted better or worse only when the figure has a direction
 * and the change is more than noise of rounding. After the reader changes something (a slider, a
 * try-this, a new seed), each tile also says what the run before gave at the same moment, "was X →
 * now Y", painted by the same rule, until another file is opened.
 *
 * Pure (`kpiRows`) apart from the drawing (`renderKpis`), so that it is tested without a page.
 */
import type { KeyFigureData } from '../worker/protocol';
import { formatKeyFigure, formatKeyFigureChange } from '../report/key-figures';
import { h, morphChildren } from './dom';

/** One tile: a figure of one variant at the moment shown. */
export interface Tile {
  /** The figure's expression, e.g. `p90` or `share.429`. */
  readonly key: string;
  readonly label: string;
  /** The value at the moment shown (the playhead, or the whole run at the end). */
  readonly value: string;
  readonly raw: number;
  /** The whole run's value, while the moment shown is earlier; else empty. */
  readonly whole: string;
  readonly wholeRaw: number;
  /** e.g. `+4.10 ms vs gateway-only`; empty for the first variant or without a value. */
  readonly delta: string;
  /** Whether the change is for the better (true), the worse (false), or neither (undefined). */
  readonly better?: boolean;
  /** The run before's value at the same moment (`was 12.0 ms`); empty when there is none to compare. */
  readonly was: string;
  readonly wasRaw: number;
  /** Whether the change from the run before is for the better, the worse, or neither (as `better`). */
  readonly wasBetter?: boolean;
}

/** The tiles of one variant. */
export interface TileRow {
  /** Index of the variant in the file. */
  readonly variant: number;
  readonly name: string;
  readonly tiles: readonly Tile[];
}

/** What the tiles are computed from. */
export interface KpiInput {
  readonly figures: readonly KeyFigureData[];
  /** Variant names, in file order. */
  readonly names: readonly string[];
  /** Per variant, the whole run's value of each figure. */
  readonly whole: readonly (readonly number[])[];
  /** The variants drawn, in the order they are drawn. */
  readonly shown: readonly number[];
  /**
   * Per variant, each figure's value up to the playhead (a frame's `figures`); undefined for a
   * variant whose playback has not reached a frame, or when the moment shown is the whole run.
   */
  readonly now?: readonly (Float64Array | readonly number[] | undefined)[];
  /**
   * Per variant, each figure's value in the run before at the same moment (its playhead values, or
   * its whole run); undefined for a variant it did not have, or without a run before to compare.
   */
  readonly was?: readonly (Float64Array | readonly number[] | undefined)[];
  /** The whole run is still going: `whole` is the run before's, not shown (`…` in its place). */
  readonly wholePending?: boolean;
}

/** A change smaller than this share of the baseline is not painted better or worse. */
const NOISE_SHARE = 0.01;
/** Nor a change of a share (success, 429s) under a tenth of a percentage point. */
const NOISE_POINTS = 0.001;

/** The figures worth a tile: the file's own always, the page's own only when some variant has one. */
export function figuresShown(
  figures: readonly KeyFigureData[],
  whole: readonly (readonly number[])[],
): number[] {
  return figures.flatMap((f, i) =>
    !f.onlyWhenNonZero || whole.some((values) => Number.isFinite(values[i]) && values[i] !== 0) ? [i] : [],
  );
}

function sense(figure: KeyFigureData, value: number, base: number, printed: string): boolean | undefined {
  if (!figure.better || printed.startsWith('±') || !Number.isFinite(value - base)) return undefined;
  const d = value - base;
  const noise = figure.unit === 'share' ? NOISE_POINTS : NOISE_SHARE * Math.abs(base);
  if (Math.abs(d) < noise) return undefined;
  return d < 0 === (figure.better === 'lower');
}

/** The rows of tiles for the variants shown. */
export function kpiRows(input: KpiInput): TileRow[] {
  const { figures, names, whole, shown, now, was, wholePending } = input;
  const visible = figuresShown(figures, whole);
  const valueAt = (variant: number, i: number): number => {
    const at = now?.[variant];
    return at ? at[i] : whole[variant]?.[i];
  };
  return shown
    .filter((variant) => whole[variant] !== undefined)
    .map((variant) => ({
      variant,
      name: names[variant] ?? `variant ${variant + 1}`,
      tiles: visible.map((i): Tile => {
        const figure = figures[i];
        const raw = valueAt(variant, i);
        const wholeRaw = whole[variant][i];
        const base = variant > 0 ? valueAt(0, i) : NaN;
        const change = formatKeyFigureChange(figure.unit, raw - base);
        const delta =
          variant > 0 && Number.isFinite(raw - base) ? `${change} vs ${names[0] ?? 'the first'}` : '';
        const wasRaw = was?.[variant]?.[i] ?? NaN;
        const tile: Tile = {
          key: figure.key,
          label: figure.label,
          value: formatKeyFigure(figure.unit, raw),
          raw,
          whole: now?.[variant] ? (wholePending ? '…' : formatKeyFigure(figure.unit, wholeRaw)) : '',
          wholeRaw: wholePending ? NaN : wholeRaw,
          delta,
          was: was?.[variant] ? formatKeyFigure(figure.unit, wasRaw) : '',
          wasRaw,
        };
        const better = delta ? sense(figure, raw, base, change) : undefined;
        const wasBetter = tile.was
          ? sense(figure, raw, wasRaw, formatKeyFigureChange(figure.unit, raw - wasRaw))
          : undefined;
        return {
          ...tile,
          ...(better === undefined ? {} : { better }),
          ...(wasBetter === undefined ? {} : { wasBetter }),
        };
      }),
    }));
}

/** The caption over the tiles: which variant and which moment. */
export interface KpiMoment {
  /** `up to 00:12.3 of 00:16.0`, `whole run`, or `warming up until 00:05.0`. */
  readonly text: string;
  /** Whether the tiles show the whole run. */
  readonly whole: boolean;
}

/**
 * Draws the rows into `container`, names as text only. `named`: the file has variants, so the caption
 * names the one drawn (a file without them has only its base, which needs no name). `scenario`: the
 * name of the scenario the figures are of, which the caption says too, so that the tiles name their
 * setup on a phone, where the page's title has scrolled away; none leaves it out.
 */
export function renderKpis(
  container: HTMLElement,
  rows: readonly TileRow[],
  moment: KpiMoment,
  named = true,
  scenario?: string,
): void {
  const columns = rows[0]?.tiles.length ?? 0;
  const many = rows.length > 1;
  container.classList.toggle('kpis-many', many);
  // Redrawn on each slice of playback: an attribute set to its own value still counts as a change.
  const shown = moment.whole ? 'whole' : 'playhead';
  if (container.dataset.moment !== shown) container.dataset.moment = shown;
  container.style.setProperty('--kpi-columns', String(Math.max(1, columns)));
  const caption = h(
    'p',
    { class: 'kpi-caption', 'data-testid': 'kpi-caption' },
    h('span', { class: 'kpi-caption-title' }, 'Key figures'),
    captionLead(scenario, many ? 'several' : named ? 'one' : 'none'),
    many || !named ? null : h('strong', { 'data-testid': 'kpi-variant' }, rows[0]?.name ?? ''),
    ` · ${moment.text}`,
  );
  morphChildren(container, [
    caption,
    ...rows.map((row) =>
      h(
        'div',
        { class: 'kpi-row', 'data-testid': 'kpi-row', 'data-variant': row.name },
        many ? h('p', { class: 'kpi-row-name', 'data-testid': 'kpi-row-name' }, row.name) : null,
        ...row.tiles.map((t) =>
          h(
            'div',
            {
              class: 'kpi',
              'data-testid': 'kpi',
              'data-key': t.key,
              'data-variant': row.name,
              'data-value': String(t.raw),
              'data-whole': String(t.wholeRaw),
            },
            h('div', { class: 'kpi-label' }, t.label),
            h('div', { class: 'kpi-value' }, t.value),
            t.whole ? h('div', { class: 'kpi-whole' }, `whole run ${t.whole}`) : null,
            t.delta
              ? h(
                  'div',
                  { class: `kpi-delta ${t.better === undefined ? '' : t.better ? 'better' : 'worse'}` },
                  t.delta,
                )
              : null,
            t.was ? wasLine(t) : null,
          ),
        ),
      ),
    ),
  ]);
}

/**
 * The caption's words between "Key figures" and the name of the one setup shown (if one is named):
 * ` of “Retry storm”, ` before it, ` of “Retry storm”, each setup` for several setups, ` of “Retry
 * storm”` for a file without setups; without a scenario name, ` of `, ` of each setup` and nothing.
 */
function captionLead(scenario: string | undefined, setups: 'several' | 'one' | 'none'): string {
  const of = scenario === undefined ? undefined : ` of “${scenario}”`;
  switch (setups) {
    case 'several':
      return of === undefined ? ' of each setup' : `${of}, each setup`;
    case 'one':
      return of === undefined ? ' of ' : `${of}, `;
    case 'none':
      return of ?? '';
  }
}

/** "was X → now Y" under a tile after a change, or "unchanged" when it prints the same. */
function wasLine(t: Tile): HTMLElement {
  const same = t.was === t.value;
  const sense = t.wasBetter === undefined ? '' : t.wasBetter ? 'better' : 'worse';
  return h(
    'div',
    { class: `kpi-was ${same ? 'same' : sense}`, 'data-testid': 'kpi-was', 'data-was': String(t.wasRaw) },
    same ? `unchanged from the last run` : `was ${t.was} → now ${t.value}`,
  );
}

/** Tiles a diagram's title line holds side by side: the first few, as `label value` pairs. */
const STAGE_FIGURES = 4;

/**
 * Writes each row's first figures into the title line of its own diagram (side by side), so that a
 * diagram and its numbers are read together; `hosts` finds a variant's line.
 */
export function renderStageFigures(
  rows: readonly TileRow[],
  moment: KpiMoment,
  host: (variant: number) => HTMLElement | null,
): void {
  for (const row of rows) {
    const tiles = row.tiles.slice(0, STAGE_FIGURES);
    // Nothing measured yet (the warmup): say so once rather than a row of dashes.
    const none = tiles.every((t) => !Number.isFinite(t.raw));
    const line = host(row.variant);
    if (!line) continue;
    morphChildren(line, [
      ...(none
        ? [h('span', { class: 'stage-figure' }, moment.text)]
        : tiles.map((t) =>
            h('span', { class: 'stage-figure', 'data-key': t.key }, `${t.label} `, h('b', {}, t.value)),
          )),
    ]);
  }
}
