import { describe, expect, test } from 'vitest';
import {
  DISTRIBUTION_CHART_TITLE,
  distributionChartModel,
  distributionChartScene,
  HISTOGRAM_CAPTION,
  shareScale,
  STEP_CAPTION,
  type DistributionChartModel,
  type DistributionVariant,
} from '../../../src/ui/charts/distribution-chart';
import { cdfKnots, labelBox, placeLabels } from '../../../src/ui/charts/distribution-marks';
import { INK, marker, VARIANT_STYLES } from '../../../src/ui/charts/encoding';
import { svgString } from '../../../src/ui/charts/scene';

const gateway: DistributionVariant = {
  name: 'gateway-only',
  latencyMs: { mean: 6.1, p50: 4, p90: 10, p99: 30, p999: 80, max: 100 },
};
const mesh: DistributionVariant = {
  name: 'mesh',
  latencyMs: { mean: 8.1, p50: 6, p90: 15, p99: 50, p999: 150, max: 200 },
};

/** A report-like variant: percentiles and a 1-2-5 histogram of the same (made-up) latencies. */
function reported(name: string, scale: number): DistributionVariant {
  return {
    name,
    latencyMs: {
      mean: 6 * scale,
      p50: 4.2 * scale,
      p90: 9.5 * scale,
      p99: 31 * scale,
      p999: 70 * scale,
      max: 96 * scale,
    },
    latencyHistogram: {
      boundsMs: [1, 2, 5, 10, 20, 50, 100].map((b) => b * scale),
      counts: [40, 400, 460, 80, 18, 2],
    },
  };
}

/**
 * The y of the polyline `d` (M, L, H, V commands, absolute) at `x`: the range of y it takes there,
 * as a vertical segment spans several.
 */
function pathYsAt(d: string, x: number): [number, number] {
  const points: [number, number][] = [];
  let at: [number, number] = [0, 0];
  for (const [, command, args] of d.matchAll(/([MLHV])([^MLHV]*)/g)) {
    const n = args.split(',').map(Number);
    if (command === 'M' || command === 'L') at = [n[0], n[1]];
    else if (command === 'H') at = [n[0], at[1]];
    else at = [at[0], n[0]];
    points.push(at);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 1; i < points.length; i++) {
    const [[x0, y0], [x1, y1]] = [points[i - 1], points[i]];
    if (x < Math.min(x0, x1) - 1e-9 || x > Math.max(x0, x1) + 1e-9) continue;
    const ys = x0 === x1 ? [y0, y1] : [y0 + ((x - x0) / (x1 - x0)) * (y1 - y0)];
    lo = Math.min(lo, ...ys);
    hi = Math.max(hi, ...ys);
  }
  return [lo, hi];
}

/** Every marker of every series lies on its own series' line, within a pixel. */
function expectMarkersOnLines(model: DistributionChartModel): void {
  for (const s of model.series) {
    for (const m of s.markers) {
      const [lo, hi] = pathYsAt(s.cdf, m.x);
      const off = m.y < lo ? lo - m.y : m.y > hi ? m.y - hi : 0;
      expect(off, `${s.name} ${m.label} at (${m.x}, ${m.y}); line at ${lo}..${hi}`).toBeLessThanOrEqual(1);
    }
  }
}

function expectNoOverlap(boxes: { x0: number; x1: number; y0: number; y1: number }[]): void {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      expect(overlap, `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(false);
    }
  }
}

describe('shareScale', () => {
  test('tail: equal steps for 90 %, 99 %, 99.9 %, the maximum on top', () => {
    const tail = shareScale('tail');
    expect([0, 0.9, 0.99, 0.999, 1].map((s) => Math.round(tail(s) * 1e6) / 1e6)).toEqual([
      0, 0.25, 0.5, 0.75, 1,
    ]);
  });
  test('linear: the share itself, clamped', () => {
    const linear = shareScale('linear');
    expect([-1, 0.5, 2].map(linear)).toEqual([0, 0.5, 1]);
  });
});

describe('cdfKnots', () => {
  test('the percentiles, and the histogram edges that agree with them', () => {
    const points = [
      { ms: 4, share: 0.5 },
      { ms: 10, share: 0.9 },
      { ms: 30, share: 0.99 },
      { ms: 100, share: 1 },
    ];
    // Running shares at the edges 1, 2, 5, 10, 20, 50, 100: 0, 0.3, 0.6, 0.95, 0.97, 0.995, 1.
    const h = { boundsMs: [1, 2, 5, 10, 20, 50, 100], counts: [300, 300, 350, 20, 25, 5] };
    expect(cdfKnots(points, h)).toEqual([
      { ms: 1, share: 0 },
      { ms: 2, share: 0.3 },
      // 5 ms at 0.6 would come after p50 (4 ms, 0.5) and is below p90: kept.
      { ms: 4, share: 0.5 },
      { ms: 5, share: 0.6 },
      // 10 ms at 0.95 disagrees with p90 = 10 ms: the percentile wins.
      { ms: 10, share: 0.9 },
      { ms: 20, share: 0.97 },
      { ms: 30, share: 0.99 },
      // 50 ms at 0.995 lies between p99 and the maximum: kept; the last edge is the maximum's.
      { ms: 50, share: 0.995 },
      { ms: 100, share: 1 },
    ]);
  });

  test('an edge whose share would make the line go back is left out; without a histogram, the percentiles', () => {
    const points = [
      { ms: 10, share: 0.5 },
      { ms: 20, share: 0.9 },
      { ms: 40, share: 1 },
    ];
    // 20 ms sits at 0.9 by the percentile, but the coarse bins put only 0.6 below it: dropped,
    // and so is 10 ms at 0.55 (the percentile at the same latency wins).
    const h = { boundsMs: [5, 10, 20, 50], counts: [55, 5, 40] };
    expect(cdfKnots(points, h)).toEqual([{ ms: 5, share: 0 }, ...points]);
    expect(cdfKnots(points, null)).toEqual(points);
  });
});

describe('placeLabels', () => {
  const frame = {
    left: 40,
    right: 300,
    top: 20,
    bottom: 200,
    width: 310,
    x: (v: number) => v,
    y: (v: number) => v,
  };

  test('each label takes its first side that is free, inside the plot; earlier labels win', () => {
    const placed = placeLabels(
      [
        { x: 100, y: 100, text: '10 ms', sides: ['below-right', 'above-left'] },
        // Same place, same first wish: the first label holds it, this one goes above-left.
        { x: 100, y: 100, text: '12 ms', sides: ['below-right', 'above-left'] },
        // Below-right would leave the chart at its right edge: turned to the left.
        { x: 290, y: 100, text: '1.12 s', sides: ['below-right', 'below-left'] },
      ],
      [],
      frame,
    );
    expect(placed).toEqual([
      { text: '10 ms', x: 106, y: 114, anchor: 'start' },
      { text: '12 ms', x: 94, y: 93, anchor: 'end' },
      { text: '1.12 s', x: 284, y: 114, anchor: 'end' },
    ]);
  });

  test('a label with no free side is left out (the table has its value), and none covers a marker', () => {
    const placed = placeLabels(
      [{ x: 100, y: 100, text: '10 ms', sides: ['below-right'] }],
      [{ x: 120, y: 110 }],
      frame,
    );
    expect(placed).toEqual([null]);
  });
});

describe('distributionChartModel', () => {
  test('a table of the percentiles above the plot, a step line without a histogram', () => {
    const model = distributionChartModel([gateway], 400);
    expect(model.header.moment).toBe('whole run');
    expect(model.header.cells.map((c) => [c.text, c.x])).toEqual([
      ['p50', 196],
      ['p90', 246],
      ['p99', 296],
      ['p99.9', 346],
      ['max', 396],
    ]);
    const [s] = model.series;
    expect(s.row).toEqual({
      y: 28,
      nameLines: ['gateway-only'],
      cells: [
        { text: '4 ms', x: 196 },
        { text: '10 ms', x: 246 },
        { text: '30 ms', x: 296 },
        { text: '80 ms', x: 346 },
        { text: '100 ms', x: 396 },
      ],
    });
    expect([model.left, model.right, model.top, model.bottom]).toEqual([46, 386, 47, 217]);
    expect(model.xDomain).toEqual([2, 100]);
    expect(s.fromHistogram).toBe(false);
    expect(s.markers.map((m) => [m.label, m.ms, m.x, m.y])).toEqual([
      ['p50', 4, 106.2, 204.2],
      ['p90', 10, 185.9, 174.5],
      ['p99', 30, 281.4, 132],
      ['p99.9', 80, 366.6, 89.5],
      ['max', 100, 386, 47],
    ]);
    expect(s.cdf).toBe('M46,217H106.2V204.2H185.9V174.5H281.4V132H366.6V89.5H386V47H386');
    expectMarkersOnLines(model);
  });

  test('a narrow chart drops the p99.9 and p90 columns before squeezing the names', () => {
    expect(distributionChartModel([gateway], 330).header.cells.map((c) => c.text)).toEqual([
      'p50',
      'p90',
      'p99',
      'max',
    ]);
    expect(distributionChartModel([gateway], 290).header.cells.map((c) => c.text)).toEqual([
      'p50',
      'p99',
      'max',
    ]);
  });

  test("with a histogram, every marker sits on its variant's line (regression: they floated off it)", () => {
    const model = distributionChartModel([reported('a', 1), reported('b', 1.6)], 420);
    expect(model.series.map((s) => s.fromHistogram)).toEqual([true, true]);
    expectMarkersOnLines(model);
    expect(model.caption.join(' ')).toContain(HISTOGRAM_CAPTION);
  });

  test('one variant: labels with the percentile, where they overlap nothing and stay inside the plot', () => {
    const model = distributionChartModel([gateway], 400);
    const [s] = model.series;
    expect(s.labels.map((l) => l.text)).toEqual([
      'p50 4 ms',
      'p90 10 ms',
      'p99 30 ms',
      'p99.9 80 ms',
      'max 100 ms',
    ]);
    const boxes = s.labels.map((l) => labelBox(l.text, l.x, l.y, l.anchor));
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThanOrEqual(model.left);
      expect(b.x1).toBeLessThanOrEqual(model.width);
      expect(b.y1).toBeLessThanOrEqual(model.bottom);
    }
    const markers = s.markers.map((m) => ({ x0: m.x - 3.5, x1: m.x + 3.5, y0: m.y - 3.5, y1: m.y + 3.5 }));
    expectNoOverlap([...boxes, ...markers]);
  });

  test('two close variants: values only, and no two labels overlap, nor a label a marker', () => {
    const close: DistributionVariant = {
      name: 'close',
      latencyMs: { mean: 6.1, p50: 4.1, p90: 10.5, p99: 31, p999: 82, max: 101 },
    };
    const model = distributionChartModel([gateway, close], 400);
    const labels = model.series.flatMap((s) => s.labels);
    expect(labels.every((l) => !l.text.startsWith('p'))).toBe(true);
    expect(labels.length).toBeGreaterThan(0);
    const markers = model.series.flatMap((s) =>
      s.markers.map((m) => ({ x0: m.x - 3.5, x1: m.x + 3.5, y0: m.y - 3.5, y1: m.y + 3.5 })),
    );
    const boxes = labels.map((l) => labelBox(l.text, l.x, l.y, l.anchor));
    expectNoOverlap(boxes);
    for (const b of boxes)
      for (const m of markers) expect(b.x0 < m.x1 && m.x0 < b.x1 && b.y0 < m.y1 && m.y0 < b.y1).toBe(false);
  });

  test('five variants: every one drawn, in its own style, its values in the table', () => {
    const five = ['no-limit', 'fixed-window', 'sliding-window', 'token-bucket', 'spike-arrest'].map(
      (name, k) => reported(name, 1 + k * 0.3),
    );
    const model = distributionChartModel(five, 420);
    expect(model.series.map((s) => s.name)).toEqual(five.map((v) => v.name));
    expect(new Set(model.series.map((s) => `${s.style.color}|${s.style.dash}|${s.style.marker}`)).size).toBe(
      5,
    );
    expect(model.series.map((s) => s.row.cells[0].text)).toEqual([
      '4.2 ms',
      '5.46 ms',
      '6.72 ms',
      '7.98 ms',
      '9.24 ms',
    ]);
    // The values are in the table; five variants' labels on the plot would only crowd it.
    expect(model.series.every((s) => s.labels.length === 0 && s.bars.length === 0)).toBe(true);
    expectMarkersOnLines(model);
    const rows = model.series.map((s) => s.row.y);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(model.top).toBeGreaterThan(rows[4]);
    expect(model.caption).toHaveLength(model.caption.length);
    expect(model.label).toContain('spike-arrest: p50 9.24 ms');
  });

  test('a name longer than its column wraps onto more lines instead of being cut', () => {
    const long = { ...gateway, name: 'gateway-only-with-a-sidecar-per-pod' };
    const model = distributionChartModel([long, mesh], 300);
    const [s, m] = model.series;
    expect(s.row.nameLines.join('')).toBe(long.name);
    expect(s.row.nameLines.length).toBeGreaterThan(1);
    expect(m.row.y).toBe(s.row.y + s.row.nameLines.length * 14 + 3);
  });

  test('more variants than styles: the first six are drawn and the chart names the others', () => {
    const seven = Array.from({ length: 7 }, (_, k) => reported(`v${k + 1}`, 1 + k / 10));
    const model = distributionChartModel(seven, 420);
    expect(model.series).toHaveLength(6);
    expect(model.caption[0]).toBe('Showing 6 of 7 variants; not drawn: v7.');
    expect(model.label).toContain('Showing 6 of 7 variants; not drawn: v7.');
  });

  test('the caption says the step line is only known at the markers', () => {
    const model = distributionChartModel([gateway], 400);
    expect(model.caption.join(' ')).toBe(`${STEP_CAPTION} The vertical axis is stretched toward the tail.`);
    expect(model.label).toBe(
      `${DISTRIBUTION_CHART_TITLE}, whole run. gateway-only: p50 4 ms, p90 10 ms, p99 30 ms, p99.9 80 ms, max 100 ms, mean 6.1 ms.`,
    );
  });

  test('nothing to draw says why', () => {
    expect(distributionChartModel([], 400).note).toBe('No finished run yet');
    const none: DistributionVariant = {
      name: 'idle',
      latencyMs: { mean: NaN, p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN },
    };
    const model = distributionChartModel([none], 400);
    expect([model.note, model.series, model.label]).toEqual([
      'No request completed',
      [],
      `${DISTRIBUTION_CHART_TITLE}: no request completed.`,
    ]);
  });
});

describe('distributionChartScene', () => {
  test('names are text, the moment and caption are in the file, the image is labelled', () => {
    const svg = svgString(
      distributionChartScene(distributionChartModel([{ ...gateway, name: 'a<b>' }], 400)),
    );
    expect(svg).toContain('data-part="name">a&lt;b&gt;</text>');
    expect(svg).toContain('font-style="italic">whole run</text>');
    expect(svg).toContain('>Steps through the reported percentiles (p50, p90, p99,</text>');
    expect(svg).toContain(`<title>${DISTRIBUTION_CHART_TITLE}</title>`);
    expect(svg).toContain('role="img" aria-label="Latency distribution, whole run. a&lt;b&gt;: p50 4 ms');
    expect(svg).toContain(
      '<path d="M46,217H106.2V204.2H185.9V174.5H281.4V132H366.6V89.5H386V47H386" fill="none"',
    );
  });

  test('each of six variants has its own marker shape', () => {
    const six = Array.from({ length: 6 }, (_, k) => reported(`v${k}`, 1 + k / 4));
    const svg = svgString(distributionChartScene(distributionChartModel(six, 420)));
    const markers = [...svg.matchAll(/<g data-part="markers">(<[a-z]+)/g)].map((m) => m[1]);
    expect(markers).toEqual(['<circle', '<rect', '<path', '<path', '<path', '<path']);
    // Drawn alone at one place, the six shapes differ.
    const shapes = VARIANT_STYLES.map((style) => svgString(marker(style.marker, 0, 0, INK)));
    expect(new Set(shapes).size).toBe(6);
  });
});
