/**
 * The key figures of a run as tiles: p50 and p99 latency, success, retry amplification, throttled
 * share and, with the mesh, sidecar CPU; each with its change against the first variant, so a
 * gateway-only run and a mesh run read side by side at a glance.
 */
import type { VariantReport } from '../worker/protocol';
import { h } from './dom';
import { formatMs, formatPercent, formatQuantity } from './format';

/** One tile: the figure of the shown variant, and its change against the baseline variant. */
export interface Tile {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  /** e.g. `+4.1 ms vs gateway-only`; empty without a baseline. */
  readonly delta: string;
  /** Whether the change is for the better (true), the worse (false), or neither (undefined). */
  readonly better?: boolean;
}

interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: (v: VariantReport) => number | undefined;
  readonly format: (x: number) => string;
  /** How a change prints: in the figure's unit, or in percentage points. */
  readonly delta: (d: number) => string;
  /** +1 when higher is better, -1 when lower is. */
  readonly sense: 1 | -1;
}

/** `+4.1 ms`, `−2 pts`; a change that prints as zero is `±0`, whatever its sign. */
const signed = (text: string, d: number) => {
  const zero = /^0(\.0+)?(?![\d.])/.test(text);
  return `${zero || d === 0 ? '±' : d > 0 ? '+' : '−'}${text}`;
};

const FIGURES: readonly Figure[] = [
  {
    key: 'p50',
    label: 'p50 latency',
    value: (v) => v.latencyMs.p50,
    format: (x) => `${formatMs(x)} ms`,
    delta: (d) => signed(`${formatMs(Math.abs(d))} ms`, d),
    sense: -1,
  },
  {
    key: 'p99',
    label: 'p99 latency',
    value: (v) => v.latencyMs.p99,
    format: (x) => `${formatMs(x)} ms`,
    delta: (d) => signed(`${formatMs(Math.abs(d))} ms`, d),
    sense: -1,
  },
  {
    key: 'success',
    label: 'success',
    value: (v) => {
      const answered = v.requests.ok + v.requests.failed;
      return answered > 0 ? v.requests.ok / answered : undefined;
    },
    format: formatPercent,
    delta: (d) => signed(`${(Math.abs(d) * 100).toFixed(1)} pts`, d),
    sense: 1,
  },
  {
    key: 'amplification',
    label: 'attempts per call',
    value: (v) => v.attempts.amplification,
    format: (x) => `${formatQuantity(x)}×`,
    delta: (d) => signed(`${formatQuantity(Math.abs(d))}×`, d),
    sense: -1,
  },
  {
    key: 'throttled',
    label: '429 throttled',
    value: (v) =>
      v.requests.generated > 0 ? (v.requests.byStatus['429'] ?? 0) / v.requests.generated : undefined,
    format: formatPercent,
    delta: (d) => signed(`${(Math.abs(d) * 100).toFixed(1)} pts`, d),
    sense: -1,
  },
  {
    key: 'sidecar',
    label: 'sidecar CPU per 1k requests',
    value: (v) => v.mesh?.cpuMsPer1000Requests ?? (v.mesh === undefined ? 0 : undefined),
    format: (x) => `${formatQuantity(x)} ms`,
    delta: (d) => signed(`${formatQuantity(Math.abs(d))} ms`, d),
    sense: -1,
  },
];

/**
 * The tiles of `variants[shown]`, with changes against `variants[0]` (none when it is the one
 * shown). The sidecar tile appears only when some variant runs the mesh.
 */
export function kpiTiles(variants: readonly VariantReport[], shown = variants.length - 1): Tile[] {
  const current = variants[shown];
  if (!current) return [];
  const base = shown > 0 ? variants[0] : undefined;
  const meshAnywhere = variants.some((v) => v.mesh !== undefined);
  return FIGURES.filter((f) => f.key !== 'sidecar' || meshAnywhere).map((f) => {
    const value = f.value(current);
    const before = base ? f.value(base) : undefined;
    const d = value !== undefined && before !== undefined ? value - before : undefined;
    const tile: Tile = {
      key: f.key,
      label: f.label,
      value: value === undefined ? '—' : f.format(value),
      delta: d === undefined || base === undefined ? '' : `${f.delta(d)} vs ${base.name}`,
    };
    if (d === undefined || d === 0 || tile.delta.startsWith('±')) return tile;
    return { ...tile, better: Math.sign(d) === f.sense };
  });
}

/** Draws the tiles into `container` (names as text only). */
export function renderTiles(container: HTMLElement, tiles: readonly Tile[]): void {
  container.replaceChildren(
    ...tiles.map((t) =>
      h(
        'div',
        { class: 'kpi', 'data-testid': `kpi-${t.key}` },
        h('div', { class: 'kpi-value' }, t.value),
        h('div', { class: 'kpi-label' }, t.label),
        t.delta
          ? h(
              'div',
              { class: `kpi-delta ${t.better === undefined ? '' : t.better ? 'better' : 'worse'}` },
              t.delta,
            )
          : null,
      ),
    ),
  );
}
