import { describe, expect, test } from 'vitest';
import {
  AMPLIFICATION_CHART_TITLE,
  amplificationChartModel,
  amplificationChartScene,
  amplificationDomain,
  amplificationTicks,
  formatAmplification,
  trailingAmplification,
} from '../../../src/ui/charts/amplification-chart';
import { svgString } from '../../../src/ui/charts/scene';
import { createSeriesStore, type SeriesStore } from '../../../src/ui/charts/series';
import { frame } from './frames';

/** Adds `counts` (`[attempts, retries]` per slice) as consecutive `sliceMs` slices of `variant`. */
function addSlices(
  store: SeriesStore,
  variant: number,
  sliceMs: number,
  counts: readonly (readonly [number, number])[],
): void {
  counts.forEach(([attempts, retries], i) =>
    store.add(frame({ variant, from: i * sliceMs, to: (i + 1) * sliceMs, attempts, retries })),
  );
}

/**
 * Two variants in 500 ms slices, so that the trailing second is two slices. Variant 0 has 4 s, with
 * no calls at all in 2-3 s; variant 1 has sent 2 s so far.
 */
function twoVariants(): SeriesStore {
  const store = createSeriesStore(2);
  addSlices(store, 0, 500, [
    [10, 0],
    [10, 0],
    [30, 10],
    [30, 10],
    [0, 0],
    [0, 0],
    [20, 5],
    [20, 5],
  ]);
  addSlices(store, 1, 500, [
    [20, 5],
    [40, 20],
    [60, 30],
    [60, 24],
  ]);
  return store;
}

const names = ['gateway-only', 'mesh'];

describe('trailingAmplification(series, rows, windowMs)', () => {
  test('sums attempts and first tries over the slices of the trailing window', () => {
    const store = createSeriesStore(1);
    addSlices(store, 0, 500, [
      [10, 0],
      [30, 10],
      [0, 0],
      [4, 4],
      [12, 3],
    ]);
    const values = Array.from(trailingAmplification(store.series(0), 5, 1000));
    // 10/10; (10+30)/(10+20), not the mean 1.25 of the slices' ratios; 30/20; no first try; 16/9.
    expect(values).toEqual([1, 40 / 30, 1.5, NaN, 16 / 9]);
  });

  test('a 1 s window holds ten 100 ms slices, and drops the eleventh back', () => {
    const store = createSeriesStore(1);
    addSlices(store, 0, 100, [[20, 10], ...Array.from({ length: 11 }, () => [10, 0] as const)]);
    const values = trailingAmplification(store.series(0), 12);
    expect(values[0]).toBe(2);
    // Rows 0..9: 110 attempts, 100 first tries.
    expect(values[9]).toBe(1.1);
    expect(values[10]).toBe(1);
    expect(values[11]).toBe(1);
  });

  test('a slice longer than the window counts alone; rows past `rows` are not read', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 2000, attempts: 3, retries: 1 }));
    store.add(frame({ from: 2000, to: 4000, attempts: 1, retries: 0 }));
    expect(Array.from(trailingAmplification(store.series(0), 2))).toEqual([1.5, 1]);
    expect(Array.from(trailingAmplification(store.series(0), 1, 5000))).toEqual([1.5]);
    expect(Array.from(trailingAmplification(store.series(0), 2, 5000))).toEqual([1.5, 4 / 3]);
  });

  test('windowMs must be positive', () => {
    expect(() => trailingAmplification(createSeriesStore(1).series(0), 0, 0)).toThrow(
      'windowMs must be positive, got 0',
    );
  });
});

describe('the ratio axis', () => {
  test('amplificationDomain starts at 1 and reaches a nice value, at least 2', () => {
    expect(amplificationDomain(NaN, 3)).toEqual([1, 2]);
    expect(amplificationDomain(1, 3)).toEqual([1, 2]);
    expect(amplificationDomain(1.7, 3)).toEqual([1, 2]);
    expect(amplificationDomain(2.3, 3)).toEqual([1, 2.5]);
    expect(amplificationDomain(7.2, 3)).toEqual([1, 8]);
  });

  test('amplificationTicks labels ratios with ×, 1× always among them', () => {
    const y = (v: number): number => 100 - 10 * v;
    expect(amplificationTicks([1, 2], y, 3)).toEqual([
      { value: 1, pos: 90, label: '1×' },
      { value: 1.5, pos: 85, label: '1.5×' },
      { value: 2, pos: 80, label: '2×' },
    ]);
    expect(amplificationTicks([1, 8], y, 3).map((t) => t.label)).toEqual(['1×', '2×', '4×', '6×', '8×']);
  });

  test('formatAmplification keeps two significant digits', () => {
    expect([1, 1.04, 1.25, 1.8181, 12.4].map(formatAmplification)).toEqual([
      '1×',
      '1×',
      '1.3×',
      '1.8×',
      '12×',
    ]);
  });
});

describe('amplificationChartModel(store, t, width, height)', () => {
  test('one plot on the shared time axis, the ratio axis from 1× up', () => {
    const model = amplificationChartModel(twoVariants(), 2500, 400, 182, { names });
    const f = model.frame;
    // The right margin fits 'gateway-only 1.8×'.
    expect([f.left, f.right, f.axisY]).toEqual([44, 277, 158]);
    // The legend leaves no room beside it for the moment, which takes a line of its own.
    expect(f.panels.map((p) => [p.top, p.bottom])).toEqual([[52, 158]]);
    expect(f.moment).toEqual({ x: 44, y: 26, anchor: 'start' });
    expect(f.domain).toEqual([0, 4000]);
    // The highest trailing ratio is mesh's 100/50 at 1.5 s, though one of its slices was 60/30 = 2 too.
    expect(model.yDomain).toEqual([1, 2]);
    expect(model.ticks).toEqual([
      { value: 1, pos: 158, label: '1×' },
      { value: 1.5, pos: 105, label: '1.5×' },
      { value: 2, pos: 52, label: '2×' },
    ]);
  });

  test('draws the trailing second of the slices that ended by t, one styled line per variant', () => {
    const model = amplificationChartModel(twoVariants(), 2500, 400, 182, { names });
    expect(model.lines.map((l) => [l.name, l.color, l.dash, l.shown, l.d])).toEqual([
      ['gateway-only', '#1d2433', '', 5, 'M73.1,158L102.3,158L131.4,122.7L160.5,105L189.6,105'],
      ['mesh', '#0072b2', '5 3', 4, 'M73.1,122.7L102.3,82.3L131.4,52L160.5,71.3'],
    ]);
    expect(model.lines.map((l) => l.last)).toEqual([
      { at: 2500, value: 1.5 },
      { at: 2000, value: 120 / 66 },
    ]);
    expect(model.labels).toEqual([
      { variant: 0, text: 'gateway-only 1.5×', x: 195.6, y: 105 },
      { variant: 1, text: 'mesh 1.8×', x: 166.5, y: 71.3 },
    ]);
    expect(model.label).toBe(
      `${AMPLIFICATION_CHART_TITLE}, calls per first try over the trailing second. ` +
        'gateway-only at 2.5 s: 1.5×. mesh at 2 s: 1.8×.',
    );
  });

  test('a second without first tries breaks the line; the label stays with the last ratio', () => {
    const at3000 = amplificationChartModel(twoVariants(), 3000, 400, 182, { names });
    expect(at3000.lines[0].d).toBe('M73.1,158L102.3,158L131.4,122.7L160.5,105L189.6,105');
    expect(at3000.labels[0]).toEqual({ variant: 0, text: 'gateway-only 1.5×', x: 195.6, y: 105 });
    // 3.5 s: the window holds 2.5-3.5 s, 20 attempts and 15 first tries: a lone point, drawn as a dot.
    const at3500 = amplificationChartModel(twoVariants(), 3500, 400, 182, { names });
    expect(at3500.lines[0].d).toBe('M73.1,158L102.3,158L131.4,122.7L160.5,105L189.6,105M247.9,122.7h0');
    expect(at3500.labels[0]).toEqual({ variant: 0, text: 'gateway-only 1.3×', x: 253.9, y: 122.7 });
  });

  test('end labels at the same height are pushed apart', () => {
    const store = createSeriesStore(2);
    addSlices(store, 0, 1000, [[3, 1]]);
    addSlices(store, 1, 1000, [[3, 1]]);
    const model = amplificationChartModel(store, 1000, 400, 182, { names });
    expect(model.labels.map((l) => [l.text, l.y])).toEqual([
      ['gateway-only 1.5×', 105],
      ['mesh 1.5×', 117],
    ]);
  });

  test('end labels at 1× stay above the axis line, not on it', () => {
    const store = createSeriesStore(2);
    addSlices(store, 0, 1000, [[10, 0]]);
    addSlices(store, 1, 1000, [[10, 0]]);
    const model = amplificationChartModel(store, 1000, 400, 182, { names });
    expect(model.frame.axisY).toBe(158);
    expect(model.labels.map((l) => l.y)).toEqual([140, 152]);
  });

  test('before the first slice ends nothing is drawn', () => {
    const model = amplificationChartModel(twoVariants(), 400, 400, 182, { names });
    expect(model.lines.map((l) => [l.shown, l.d, l.last])).toEqual([
      [0, '', null],
      [0, '', null],
    ]);
    expect(model.labels).toEqual([]);
    expect(model.label).toBe(
      `${AMPLIFICATION_CHART_TITLE}, calls per first try over the trailing second. ` +
        'gateway-only: no calls yet. mesh: no calls yet.',
    );
  });

  test('an empty store draws an empty plot from 1× to 2×; durationMs fixes the time axis', () => {
    const model = amplificationChartModel(createSeriesStore(1), 0, 400, 182, { durationMs: 10_000 });
    expect(model.yDomain).toEqual([1, 2]);
    expect(model.frame.ticks.map((t) => t.label)).toEqual(['0 s', '5 s', '10 s']);
    expect(model.lines.map((l) => [l.name, l.d])).toEqual([['variant 1', '']]);
  });

  test('options.variants picks and orders the lines; a variant keeps its style', () => {
    const model = amplificationChartModel(twoVariants(), 4000, 400, 182, { names, variants: [1] });
    expect(model.lines.map((l) => [l.variant, l.name, l.color, l.dash])).toEqual([
      [1, 'mesh', '#0072b2', '5 3'],
    ]);
    expect(() => amplificationChartModel(twoVariants(), 0, 400, 182, { variants: [2] })).toThrow(
      'options.variants: 2 is not a variant of the store (0..1)',
    );
  });

  test('long names are cut in the end labels and whole in the legend, and the margin fits them', () => {
    const model = amplificationChartModel(twoVariants(), 2500, 400, 182, {
      names: ['gateway-only-with-sidecars', 'mesh'],
    });
    expect(model.frame.right).toBe(400 - (6 + 126 + 4));
    expect(model.labels[0].text).toBe('gateway-only-… 1.5×');
    expect(model.legend).toEqual([
      { variant: 0, x: 44, y: 14, lines: ['gateway-only-with-sidecars'] },
      { variant: 1, x: 257, y: 14, lines: ['mesh'] },
    ]);
    expect(svgString(amplificationChartScene(model, 2500))).toContain('>gateway-only-with-sidecars</text>');
  });

  test('five variants: six distinct styles, a legend that wraps instead of running off the chart', () => {
    const store = createSeriesStore(5);
    for (let v = 0; v < 5; v++) addSlices(store, v, 1000, [[10 + v, v]]);
    const five = ['no-limit', 'fixed-window', 'sliding-window', 'token-bucket', 'spike-arrest'];
    const model = amplificationChartModel(store, 1000, 320, 200, { names: five });
    expect(model.lines.map((l) => [l.name, l.color, l.dash])).toEqual([
      ['no-limit', '#1d2433', ''],
      ['fixed-window', '#0072b2', '5 3'],
      ['sliding-window', '#e69f00', '2 2'],
      ['token-bucket', '#009e73', '8 3 2 3'],
      ['spike-arrest', '#d55e00', '10 4'],
    ]);
    // Every item ends inside the chart: the legend flows over lines rather than being cut at the edge.
    for (const item of model.legend) {
      expect(item.x + 27 + Math.ceil(item.lines[0].length * 6.6)).toBeLessThanOrEqual(320);
    }
    expect(new Set(model.legend.map((i) => i.y)).size).toBeGreaterThan(1);
    expect(model.legend.map((i) => i.lines.join(''))).toEqual(five);
    expect(model.frame.panels[0].top).toBeGreaterThan(Math.max(...model.legend.map((i) => i.y)));
  });
});

describe('amplificationChartScene', () => {
  test('an accessible image with a legend in text, dashed lines and the cursor at t', () => {
    const model = amplificationChartModel(twoVariants(), 2500, 400, 182, {
      names: ['<b>gw</b>', 'mesh'],
    });
    const svg = svgString(amplificationChartScene(model, 2500));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="182"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain(`<title>${AMPLIFICATION_CHART_TITLE}</title>`);
    expect(svg).toContain('>&lt;b&gt;gw&lt;/b&gt;</text>');
    expect(svg).toContain('>mesh</text>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('stroke="#0072b2" stroke-width="1.75" stroke-dasharray="5 3"');
    expect(svg).toContain('>calls per first try, trailing 1 s</text>');
    expect(svg).toContain('>mesh 1.8×</text>');
    expect(svg).toContain('>1.5×</text>');
    expect(svg).toContain('data-part="moment">up to 00:02.5</text>');
    expect(svg).not.toContain('class=');
  });

  test('during the warmup an empty plot says calls are counted after it, in words that fit', () => {
    const model = amplificationChartModel(createSeriesStore(1), 0, 340, 182, {
      durationMs: 4000,
      warmupMs: 2000,
    });
    const svg = svgString(amplificationChartScene(model, 0));
    expect(svg).toContain('>Counted after the warmup</text>');
    expect(svg).toContain('>warmup</text>');
    const wide = amplificationChartModel(createSeriesStore(1), 0, 700, 182, {
      durationMs: 4000,
      warmupMs: 2000,
    });
    expect(svgString(amplificationChartScene(wide, 0))).toContain(
      '>Calls are counted after the warmup</text>',
    );
  });

  test('an empty plot says so', () => {
    const model = amplificationChartModel(createSeriesStore(1), 0, 400, 182);
    expect(svgString(amplificationChartScene(model, 0))).toContain('>No calls yet</text>');
  });
});
