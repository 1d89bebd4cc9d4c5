import { describe, expect, test } from 'vitest';
import {
  latencyChartModel,
  latencyChartScene,
  linePath,
  LATENCY_CHART_TITLE,
} from '../../../src/ui/charts/latency-chart';
import { svgString } from '../../../src/ui/charts/scene';
import { createSeriesStore, type SeriesStore } from '../../../src/ui/charts/series';
import { frame } from './frames';

/**
 * Two variants over 4 s in 1 s slices. Variant 0 answers nothing in its third slice; variant 1 has
 * sent only two slices so far.
 */
function twoVariants(): SeriesStore {
  const store = createSeriesStore(2);
  store.add(frame({ variant: 0, from: 0, to: 1000, answered: [100, 0, 5, 3, 0], latency: [4, 10, 20] }));
  store.add(frame({ variant: 0, from: 1000, to: 2000, answered: [100, 0, 5, 3, 0], latency: [5, 12, 40] }));
  store.add(frame({ variant: 0, from: 2000, to: 3000 }));
  store.add(frame({ variant: 0, from: 3000, to: 4000, answered: [40, 0, 0, 0, 0], latency: [4, 9, 30] }));
  store.add(frame({ variant: 1, from: 0, to: 1000, answered: [90, 2, 0, 0, 1], latency: [6, 15, 50] }));
  store.add(frame({ variant: 1, from: 1000, to: 2000, answered: [90, 2, 0, 0, 1], latency: [7, 20, 100] }));
  return store;
}

const names = ['gateway-only', 'mesh'];

describe('linePath', () => {
  const x = (ms: number): number => ms / 10;
  const y = (v: number): number => 100 - v;
  const end = Float64Array.from([100, 200, 300, 400, 500, 600]);

  test('joins finite values and breaks at NaN; a lone point is a dot', () => {
    const values = Float64Array.from([1, 2, NaN, 4, NaN, 6.04]);
    expect(linePath(end, values, 6, x, y)).toBe('M10,99L20,98M40,96h0M60,94h0');
  });

  test('draws only the rows shown', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect(linePath(end, values, 2, x, y)).toBe('M10,99L20,98');
    expect(linePath(end, values, 0, x, y)).toBe('');
  });
});

describe('latencyChartModel(store, t, width, height)', () => {
  test('stacks one panel per variant on a shared time axis', () => {
    const model = latencyChartModel(twoVariants(), 2500, 400, 300, { names });
    const { frame: f } = model;
    // The right margin fits the widest label at the end of the data, mesh's 'p99 100 ms'.
    expect([f.left, f.right, f.axisY]).toEqual([52, 400 - (6 + 66 + 2), 276]);
    expect(f.domain).toEqual([0, 4000]);
    expect(f.panels).toEqual([
      { variant: 0, name: 'gateway-only', top: 38, bottom: 144 },
      { variant: 1, name: 'mesh', top: 170, bottom: 276 },
    ]);
    expect(f.ticks.map((t) => [t.pos, t.label])).toEqual([
      [52, '0 s'],
      [120.5, '1 s'],
      [189, '2 s'],
      [257.5, '3 s'],
      [326, '4 s'],
    ]);
  });

  test('shares a log latency axis with 1-2-5 ends and half-decade ticks', () => {
    const model = latencyChartModel(twoVariants(), 2500, 400, 300, { names });
    expect(model.log).toBe(true);
    expect(model.yDomain).toEqual([2, 100]);
    expect(model.panels[0].ticks).toEqual([
      { value: 3, pos: 133, label: '3 ms' },
      { value: 10, pos: 100.4, label: '10 ms' },
      { value: 30, pos: 70.6, label: '30 ms' },
      { value: 100, pos: 38, label: '100 ms' },
    ]);
    expect(model.panels[1].ticks.map((t) => t.pos)).toEqual([265, 232.4, 202.6, 170]);
  });

  test('draws the slices that ended by t, and labels the line ends apart', () => {
    const model = latencyChartModel(twoVariants(), 2500, 400, 300, { names });
    const [gateway, mesh] = model.panels;
    expect(gateway.shown).toBe(2);
    expect(gateway.lines.map((l) => [l.key, l.dash, l.d])).toEqual([
      ['p50', '', 'M120.5,125.2L189,119.2'],
      ['p90', '7 3', 'M120.5,100.4L189,95.5'],
      ['p99', '2 2', 'M120.5,81.6L189,62.8'],
    ]);
    expect(gateway.labels).toEqual([
      { text: 'p50 5 ms', x: 195, y: 119.2 },
      { text: 'p90 12 ms', x: 195, y: 95.5 },
      { text: 'p99 40 ms', x: 195, y: 62.8 },
    ]);
    expect(gateway.last).toEqual({ at: 2000, p50: 5, p90: 12, p99: 40 });
    // p99 of 100 ms is the top of the plot; its label is kept 4 px inside.
    expect(mesh.labels.map((l) => l.y)).toEqual([242.1, 213.6, 174]);
  });

  test('a slice with no answers breaks the lines; the label stays with the last answered slice', () => {
    const model = latencyChartModel(twoVariants(), 4000, 400, 300, { names });
    const [gateway, mesh] = model.panels;
    expect(gateway.shown).toBe(4);
    expect(gateway.lines[0].d).toBe('M120.5,125.2L189,119.2M326,125.2h0');
    expect(gateway.labels[0]).toEqual({ text: 'p50 4 ms', x: 332, y: 125.2 });
    expect(mesh.shown).toBe(2);
    expect(model.label).toBe(
      `${LATENCY_CHART_TITLE}, log scale. gateway-only at 4 s: p50 4 ms, p90 9 ms, p99 30 ms. ` +
        'mesh at 2 s: p50 7 ms, p90 20 ms, p99 100 ms.',
    );
  });

  test('before the first slice ends nothing is drawn', () => {
    const model = latencyChartModel(twoVariants(), 999, 400, 300, { names });
    expect(model.panels.map((p) => [p.shown, p.lines.map((l) => l.d).join(''), p.labels, p.last])).toEqual([
      [0, '', [], null],
      [0, '', [], null],
    ]);
    expect(model.label).toBe(
      `${LATENCY_CHART_TITLE}, log scale. gateway-only: no answers yet. mesh: no answers yet.`,
    );
  });

  test('linear scale starts at 0 and picks variants; durationMs fixes the time axis', () => {
    const model = latencyChartModel(twoVariants(), 4000, 400, 300, {
      scale: 'linear',
      variants: [1],
      durationMs: 10_000,
    });
    expect(model.yDomain).toEqual([0, 100]);
    expect(model.panels.map((p) => [p.variant, p.name, p.top, p.bottom])).toEqual([
      [1, 'variant 2', 38, 276],
    ]);
    expect(model.panels[0].ticks.map((t) => t.label)).toEqual([
      '0 ms',
      '20 ms',
      '40 ms',
      '60 ms',
      '80 ms',
      '100 ms',
    ]);
    expect(model.frame.ticks.map((t) => t.label)).toEqual(['0 s', '5 s', '10 s']);
    expect(model.panels[0].lines[2].d).toBe('M79.4,157L106.8,38');
  });

  test('an empty store draws empty panels on default axes', () => {
    const model = latencyChartModel(createSeriesStore(1), 0, 400, 200);
    expect(model.yDomain).toEqual([1, 100]);
    expect(model.frame.domain).toEqual([0, 1000]);
    expect(model.frame.ticks.map((t) => t.label)).toEqual(['0 ms', '500 ms', '1 s']);
    expect(model.panels[0].ticks.map((t) => t.label)).toEqual(['1 ms', '3 ms', '10 ms', '30 ms', '100 ms']);
    expect(model.label).toBe(`${LATENCY_CHART_TITLE}, log scale. variant 1: no answers yet.`);
  });

  test('options.variants must name variants of the store', () => {
    expect(() => latencyChartModel(createSeriesStore(2), 0, 400, 300, { variants: [0, 2] })).toThrow(
      'options.variants: 2 is not a variant of the store (0..1)',
    );
  });
});

describe('latencyChartScene', () => {
  test('is an accessible image whose names are text, with the cursor at t', () => {
    const store = twoVariants();
    const model = latencyChartModel(store, 2500, 400, 300, { names: ['<script>x</script>', 'mesh & co'] });
    const svg = svgString(latencyChartScene(model, 2500));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain(`<title>${LATENCY_CHART_TITLE}</title>`);
    expect(svg).toContain(
      'aria-label="Latency percentiles over time, log scale. &lt;script&gt;x&lt;/script&gt; at 2 s',
    );
    expect(svg).toContain('>&lt;script&gt;x&lt;/script&gt;</text>');
    expect(svg).toContain('>mesh &amp; co</text>');
    expect(svg).not.toContain('<script');
    expect(svg).toContain(
      '<line x1="223.3" x2="223.3" y1="38" y2="276" stroke="#1d2433" stroke-dasharray="3 3"/>',
    );
    expect(svg).toContain(
      '<text x="326" y="14" text-anchor="end" fill="#5f6778" font-size="11" data-part="moment">up to 00:02.5</text>',
    );
    // Every colour is inline: the file needs no stylesheet.
    expect(svg).not.toContain('class=');
    expect(svg).not.toContain('var(');
  });

  test('the warmup is shaded in every panel and named once', () => {
    const model = latencyChartModel(twoVariants(), 2500, 400, 300, { durationMs: 4000, warmupMs: 1000 });
    expect(model.frame.warmupX).toBe(120.5);
    const svg = svgString(latencyChartScene(model, 2500));
    expect(svg).toContain('<rect x="52" y="38" width="68.5" height="106" fill="#f4f5f8"/>');
    expect(svg).toContain('<rect x="52" y="170" width="68.5" height="106" fill="#f4f5f8"/>');
    expect(svg.match(/>warmup<\/text>/g)).toHaveLength(1);
    expect(latencyChartModel(twoVariants(), 2500, 400, 300).frame.warmupX).toBeNull();
  });

  test('no cursor line when t is off the time axis', () => {
    const model = latencyChartModel(twoVariants(), 2500, 400, 300);
    expect(svgString(latencyChartScene(model, 9000))).not.toContain('stroke-dasharray="3 3"');
  });
});
