import { describe, expect, test } from 'vitest';
import { svgString } from '../../../src/ui/charts/scene';
import { createSeriesStore, type SeriesStore } from '../../../src/ui/charts/series';
import {
  bandPath,
  THROUGHPUT_CHART_TITLE,
  throughputChartModel,
  throughputChartScene,
} from '../../../src/ui/charts/throughput-chart';
import { frame } from './frames';

/** Variant 0: four 1 s slices, the third answering nothing. Variant 1: two slices so far. */
function twoVariants(): SeriesStore {
  const store = createSeriesStore(2);
  store.add(frame({ variant: 0, from: 0, to: 1000, answered: [100, 0, 5, 3, 0] }));
  store.add(frame({ variant: 0, from: 1000, to: 2000, answered: [100, 0, 5, 3, 0] }));
  store.add(frame({ variant: 0, from: 2000, to: 3000 }));
  store.add(frame({ variant: 0, from: 3000, to: 4000, answered: [40, 0, 0, 0, 0] }));
  store.add(frame({ variant: 1, from: 0, to: 1000, answered: [90, 2, 0, 0, 1] }));
  store.add(frame({ variant: 1, from: 1000, to: 2000, answered: [90, 2, 0, 0, 1] }));
  return store;
}

const names = ['gateway-only', 'mesh'];

describe('bandPath', () => {
  test('steps over each slice, stacked on the outcomes below', () => {
    const store = createSeriesStore(1);
    store.add(frame({ from: 0, to: 500, answered: [10, 0, 0, 5, 0] }));
    store.add(frame({ from: 500, to: 1000, answered: [20, 0, 0, 0, 0] }));
    const s = store.series(0);
    const x = (ms: number): number => ms / 10;
    const y = (rate: number): number => 100 - rate;
    // ok: 20/s then 40/s, from the axis up.
    expect(bandPath(s, 0, 2, x, y)).toBe('M0,80L50,80L50,60L100,60L100,100L50,100L0,100Z');
    // 5xx: 10/s on top of ok in the first slice, nothing in the second.
    expect(bandPath(s, 3, 2, x, y)).toBe('M0,70L50,70L50,60L100,60L50,60L50,80L0,80Z');
    expect(bandPath(s, 4, 2, x, y)).toBe('');
    expect(bandPath(s, 0, 0, x, y)).toBe('');
  });
});

describe('throughputChartModel(store, t, width, height)', () => {
  test('a shared rate axis from 0, panels per variant, bands of the outcomes seen', () => {
    const model = throughputChartModel(twoVariants(), 1500, 400, 300, { names });
    expect([model.frame.left, model.frame.right]).toEqual([44, 312]);
    expect(model.yDomain).toEqual([0, 120]);
    const [gateway, mesh] = model.panels;
    expect(gateway.ticks).toEqual([
      { value: 0, pos: 151, label: '0' },
      { value: 50, pos: 109.8, label: '50' },
      { value: 100, pos: 68.5, label: '100' },
    ]);
    expect(gateway.shown).toBe(1);
    expect(gateway.bands).toEqual([
      { outcome: 0, d: 'M44,68.5L111,68.5L111,151L44,151Z' },
      { outcome: 2, d: 'M44,64.4L111,64.4L111,68.5L44,68.5Z' },
      { outcome: 3, d: 'M44,61.9L111,61.9L111,64.4L44,64.4Z' },
    ]);
    expect(mesh.bands.map((b) => b.outcome)).toEqual([0, 1, 4]);
  });

  test('labels each band at the end of the data, pushed apart, bottom band lowest', () => {
    const model = throughputChartModel(twoVariants(), 1500, 400, 300, { names });
    expect(model.panels[0].labels).toEqual([
      { outcome: 0, text: 'ok 100/s', x: 117, y: 109.8 },
      { outcome: 2, text: '429 5/s', x: 117, y: 75.1 },
      { outcome: 3, text: '5xx 3/s', x: 117, y: 63.1 },
    ]);
    expect(model.panels[1].labels.map((l) => l.text)).toEqual(['ok 90/s', '4xx 2/s', 'timeout 1/s']);
    expect(model.label).toBe(
      `${THROUGHPUT_CHART_TITLE}. gateway-only at 1 s: ok 100/s, 429 5/s, 5xx 3/s. ` +
        'mesh at 1 s: ok 90/s, 4xx 2/s, timeout 1/s.',
    );
  });

  test('a slice that answered nothing drops every band to the axis', () => {
    const model = throughputChartModel(twoVariants(), 4000, 400, 300, { names });
    const gateway = model.panels[0];
    expect(gateway.shown).toBe(4);
    expect(gateway.bands[0].d).toBe(
      'M44,68.5L111,68.5L178,68.5L178,151L245,151L245,118L312,118L312,151L245,151L178,151L111,151L44,151Z',
    );
    expect(gateway.last).toEqual({ at: 4000, rates: [40, 0, 0, 0, 0] });
    expect(gateway.labels).toEqual([{ outcome: 0, text: 'ok 40/s', x: 318, y: 134.5 }]);
  });

  test('before the first slice ends, no bands and no labels', () => {
    const model = throughputChartModel(twoVariants(), 0, 400, 300, { names });
    expect(model.panels.map((p) => [p.bands, p.labels, p.last])).toEqual([
      [[], [], null],
      [[], [], null],
    ]);
    expect(model.label).toBe(`${THROUGHPUT_CHART_TITLE}. gateway-only: no data yet. mesh: no data yet.`);
  });
});

describe('throughputChartScene', () => {
  test('hatched outcomes fill with their pattern, defined inside the chart; a legend names every outcome', () => {
    const model = throughputChartModel(twoVariants(), 1500, 400, 300, { names });
    const svg = svgString(throughputChartScene(model, 1500, 'tp'));
    for (const outcome of ['4xx', '429', '5xx', 'timeout']) {
      expect(svg).toContain(
        `<pattern id="tp-${outcome}" width="6" height="6" patternUnits="userSpaceOnUse">`,
      );
    }
    expect(svg).toContain(
      '<path d="M44,64.4L111,64.4L111,68.5L44,68.5Z" fill="url(#tp-429)" stroke="none"/>',
    );
    expect(svg).toContain('<path d="M44,68.5L111,68.5L111,151L44,151Z" fill="#009e73" stroke="none"/>');
    for (const label of ['ok', '4xx', '429', '5xx', 'timeout']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('role="img"');
    expect(svg).toContain(`<title>${THROUGHPUT_CHART_TITLE}</title>`);
    expect(svg).toContain('<line x1="144.5" x2="144.5" y1="52" y2="276"');
    // The legend leaves no room beside it at 400 px: the moment takes a line of its own under it.
    expect(model.frame.moment).toEqual({ x: 44, y: 26, anchor: 'start' });
    expect(svg).toContain('data-part="moment">up to 00:01.5</text>');
  });
});
