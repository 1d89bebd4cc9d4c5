import { describe, expect, test } from 'vitest';
import {
  DISTRIBUTION_CHART_TITLE,
  distributionChartModel,
  distributionChartScene,
  HISTOGRAM_CAPTION,
  shareScale,
  STEP_CAPTION,
  type DistributionVariant,
} from '../../../src/ui/charts/distribution-chart';
import { svgString } from '../../../src/ui/charts/scene';

const gateway: DistributionVariant = {
  name: 'gateway-only',
  latencyMs: { mean: 6.1, p50: 4, p90: 10, p99: 30, p999: 80, max: 100 },
};
const mesh: DistributionVariant = {
  name: 'mesh',
  latencyMs: { mean: 8.1, p50: 6, p90: 15, p99: 50, p999: 150, max: 200 },
};

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

describe('distributionChartModel', () => {
  test('a step through the reported percentiles, on a log latency axis', () => {
    const model = distributionChartModel([gateway], 400, 280);
    expect([model.left, model.right, model.top, model.bottom]).toEqual([46, 386, 34, 194]);
    expect(model.xDomain).toEqual([2, 100]);
    expect(model.xTicks.map((t) => [t.pos, t.label])).toEqual([
      [46, '2 ms'],
      [125.6, '5 ms'],
      [185.9, '10 ms'],
      [246.1, '20 ms'],
      [325.8, '50 ms'],
      [386, '100 ms'],
    ]);
    expect(model.yTicks.map((t) => [t.pos, t.label])).toEqual([
      [182, '50%'],
      [154, '90%'],
      [114, '99%'],
      [74, '99.9%'],
      [34, '100%'],
    ]);
    const [s] = model.series;
    expect(s.fromHistogram).toBe(false);
    expect(s.cdf).toBe('M46,194H106.2V182H185.9V154H281.4V114H366.6V74H386V34H386');
    expect(s.markers.map((m) => [m.label, m.ms, m.x, m.y])).toEqual([
      ['p50', 4, 106.2, 182],
      ['p90', 10, 185.9, 154],
      ['p99', 30, 281.4, 114],
      ['p99.9', 80, 366.6, 74],
      ['max', 100, 386, 34],
    ]);
  });

  test('labels sit below-right of the markers, and turn left at the right edge', () => {
    const [s] = distributionChartModel([gateway], 400, 280).series;
    expect(s.labels).toEqual([
      { text: 'p50 4 ms', x: 112.2, y: 192, anchor: 'start' },
      { text: 'p90 10 ms', x: 191.9, y: 168, anchor: 'start' },
      { text: 'p99 30 ms', x: 287.4, y: 128, anchor: 'start' },
      { text: 'p99.9 80 ms', x: 360.6, y: 88, anchor: 'end' },
      { text: 'max 100 ms', x: 380, y: 48, anchor: 'end' },
    ]);
  });

  test('the caption says the line is only known at the markers', () => {
    const model = distributionChartModel([gateway], 400, 280);
    expect(model.caption.join(' ')).toBe(`${STEP_CAPTION} The vertical axis is stretched toward the tail.`);
    expect(model.caption).toHaveLength(4);
    expect(model.label).toBe(
      `${DISTRIBUTION_CHART_TITLE}. gateway-only: p50 4 ms, p90 10 ms, p99 30 ms, p99.9 80 ms, max 100 ms, mean 6.1 ms.`,
    );
  });

  test('two variants: styles by order, values only, the lower median above-left, the other below-right', () => {
    const model = distributionChartModel([mesh, gateway], 400, 280);
    const [m, g] = model.series;
    expect([m.name, m.style.marker, m.style.dash]).toEqual(['mesh', 'circle', '']);
    expect([g.name, g.style.marker, g.style.dash]).toEqual(['gateway-only', 'square', '5 3']);
    expect(model.xDomain).toEqual([2, 200]);
    expect(g.labels).toEqual([
      { text: '4 ms', x: 91.2, y: 177.2, anchor: 'end' },
      { text: '10 ms', x: 158.8, y: 152, anchor: 'end' },
      { text: '30 ms', x: 239.9, y: 116, anchor: 'end' },
      { text: '80 ms', x: 312.4, y: 80, anchor: 'end' },
      { text: '100 ms', x: 328.8, y: 60, anchor: 'end' },
    ]);
    // Below-right, but the last two would leave the chart: they turn left.
    expect(m.labels.map((l) => [l.text, l.anchor, l.y])).toEqual([
      ['6 ms', 'start', 192],
      ['15 ms', 'start', 172],
      ['50 ms', 'start', 136],
      ['150 ms', 'end', 100],
      ['200 ms', 'end', 64],
    ]);
  });

  test('labels of the two variants that would overlap are moved to free lines', () => {
    const close: DistributionVariant = {
      name: 'close',
      latencyMs: { mean: 6.1, p50: 4.1, p90: 10.5, p99: 31, p999: 82, max: 101 },
    };
    const model = distributionChartModel([gateway, close], 400, 280);
    const boxes = model.series.flatMap((s) =>
      s.labels.map((l) => {
        const w = Math.ceil(l.text.length * 6.6);
        return { x0: l.anchor === 'start' ? l.x : l.x - w, x1: l.anchor === 'start' ? l.x + w : l.x, y: l.y };
      }),
    );
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x0 < b.x1 && b.x0 < a.x1 && Math.abs(a.y - b.y) < 12;
        expect(overlap, `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(false);
      }
    }
  });

  test('a histogram, when a report has one, gives bars per decade and the cumulative line', () => {
    const withHistogram: DistributionVariant = {
      ...gateway,
      latencyHistogram: { boundsMs: [0, 2, 5, 10, 20, 100], counts: [0, 50, 40, 8, 2] },
    };
    const model = distributionChartModel([withHistogram], 400, 280);
    const [s] = model.series;
    expect(s.fromHistogram).toBe(true);
    expect(s.cdf).toBe('M46,208L46,208L125.6,194.9L185.9,164.5L246.1,134.1L386,34H386');
    expect(s.bars).toEqual([
      { x: 46, y: 150.4, width: 79.6, height: 57.6 },
      { x: 125.6, y: 147.1, width: 60.3, height: 60.9 },
      { x: 185.9, y: 195.8, width: 60.2, height: 12.2 },
      { x: 246.1, y: 206.7, width: 139.9, height: 1.3 },
    ]);
    expect(model.caption.join(' ')).toBe(
      `${HISTOGRAM_CAPTION} The vertical axis is stretched toward the tail.`,
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

  test('at most two variants', () => {
    expect(() => distributionChartModel([gateway, mesh, gateway], 400)).toThrow(
      'the distribution chart compares at most 2 variants, got 3',
    );
  });
});

describe('distributionChartScene', () => {
  test('names are text, the caption is in the file, the image is labelled', () => {
    const svg = svgString(
      distributionChartScene(distributionChartModel([{ ...gateway, name: 'a<b>' }], 400, 280)),
    );
    expect(svg).toContain('>a&lt;b&gt; · mean 6.1 ms</text>');
    expect(svg).toContain('>Steps through the reported percentiles (p50, p90, p99,</text>');
    expect(svg).toContain(`<title>${DISTRIBUTION_CHART_TITLE}</title>`);
    expect(svg).toContain('role="img" aria-label="Latency distribution. a&lt;b&gt;: p50 4 ms');
    expect(svg).toContain('<path d="M46,194H106.2V182H185.9V154H281.4V114H366.6V74H386V34H386" fill="none"');
  });
});
