import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  amplificationChartModel,
  amplificationChartScene,
  createAmplificationChart,
  createDistributionChart,
  createLatencyChart,
  createThroughputChart,
  createUtilizationBars,
  latencyChartModel,
  latencyChartScene,
} from '../../../src/ui/charts';
import { createChartHost, patch, prefersReducedMotion } from '../../../src/ui/charts/mount';
import { el, svgString, textEl } from '../../../src/ui/charts/scene';
import { createSeriesStore } from '../../../src/ui/charts/series';
import { asElement, fakeContainer, type FakeElement } from './fake-dom';
import { frame } from './frames';

afterEach(() => {
  vi.unstubAllGlobals();
});

function store4s() {
  const store = createSeriesStore(2);
  for (let i = 0; i < 4; i++) {
    for (const variant of [0, 1]) {
      store.add(
        frame({
          variant,
          from: i * 1000,
          to: (i + 1) * 1000,
          answered: [100 + i, 0, variant, 0, 0],
          latency: [4 + i, 10 + i, 20 + i + variant],
        }),
      );
    }
  }
  return store;
}

describe('patch', () => {
  test('writes only the attributes and texts that changed', () => {
    const { document, container } = fakeContainer(100);
    const before = el('svg', { width: 10 }, [el('rect', { x: 1, y: 2 }), textEl('text', { x: 0 }, 'a')]);
    const svg = container.appendChild(document.createElementNS('svg', 'svg'));
    patch(asElement(svg), el('svg', {}, []), before, false);
    document.writes = [];
    const after = el('svg', { width: 10 }, [el('rect', { x: 1, y: 3 }), textEl('text', { x: 0 }, 'b')]);
    patch(asElement(svg), before, after, false);
    expect(document.writes).toEqual(['rect.y=3', 'text.textContent=b']);
  });

  test('a node reused from the last scene costs nothing', () => {
    const { document, container } = fakeContainer(100);
    const body = el('g', {}, [el('rect', { x: 1 })]);
    const svg = container.appendChild(document.createElementNS('svg', 'svg'));
    patch(asElement(svg), el('svg', {}, []), el('svg', {}, [body]), false);
    document.writes = [];
    patch(asElement(svg), el('svg', {}, [body]), el('svg', {}, [body]), false);
    expect(document.writes).toEqual([]);
  });

  test('adds, removes and replaces children and attributes', () => {
    const { document, container } = fakeContainer(100);
    const svg = container.appendChild(document.createElementNS('svg', 'svg'));
    const one = el('svg', {}, [el('rect', { x: 1, fill: 'red' }), el('circle', {}), el('line', {})]);
    patch(asElement(svg), el('svg', {}, []), one, false);
    const two = el('svg', {}, [el('rect', { x: 1 }), el('path', { d: 'M0,0' })]);
    document.writes = [];
    patch(asElement(svg), one, two, false);
    expect(svg.children.map((c) => c.tagName)).toEqual(['rect', 'path']);
    expect(document.writes).toEqual(['rect.-fill', 'path.d=M0,0']);
  });
});

describe('createChartHost', () => {
  test('follows the container with a ResizeObserver when there is one', () => {
    let observed: (() => void) | null = null;
    const disconnect = vi.fn();
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          observed = callback;
        }
        observe(): void {}
        disconnect = disconnect;
      },
    );
    const { container } = fakeContainer(300);
    const onResize = vi.fn();
    const host = createChartHost(asElement(container), onResize, 480);
    // The fallback until the observer reports the first layout, which redraws at the real width.
    expect(host.width()).toBe(480);
    observed!();
    expect(host.width()).toBe(300);
    expect(onResize).toHaveBeenCalledTimes(1);
    observed!();
    expect(onResize).toHaveBeenCalledTimes(1);
    container.clientWidth = 280;
    observed!();
    expect(onResize).toHaveBeenCalledTimes(2);
    expect(host.width()).toBe(280);
    host.destroy();
    expect(disconnect).toHaveBeenCalled();
    expect(container.children).toEqual([]);
  });

  test('reads the container width only when the observer reports a layout: none forced at creation or on an update', () => {
    let observed: (() => void) | null = null;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          observed = callback;
        }
        observe(): void {}
        disconnect(): void {}
      },
    );
    const { container } = fakeContainer(300);
    let reads = 0;
    Object.defineProperty(container, 'clientWidth', {
      get: () => {
        reads++;
        return 300;
      },
    });
    const host = createChartHost(asElement(container), () => undefined);
    expect(reads).toBe(0);
    observed!();
    expect(reads).toBe(1);
    for (let i = 0; i < 10; i++) expect(host.width()).toBe(300);
    expect(reads).toBe(1);
    observed!();
    expect(reads).toBe(2);
  });

  test('falls back to the window resize event, and to a width while the container has none', () => {
    const { document, container } = fakeContainer(0);
    const onResize = vi.fn();
    const host = createChartHost(asElement(container), onResize, 480);
    expect(host.width()).toBe(480);
    container.clientWidth = 500;
    document.listeners.get('resize')!();
    expect(onResize).toHaveBeenCalledTimes(1);
    host.destroy();
    expect(document.listeners.has('resize')).toBe(false);
  });

  test('reduced motion is what the media query says, and assumed where it cannot be asked', () => {
    expect(prefersReducedMotion()).toBe(true);
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query !== '(prefers-reduced-motion: reduce)',
    }));
    expect(prefersReducedMotion()).toBe(false);
  });
});

describe('createLatencyChart', () => {
  test('renders what latencyChartScene describes, and exports the same', () => {
    const { container } = fakeContainer(420);
    const chart = createLatencyChart(asElement(container), { names: ['gateway-only', 'mesh'] });
    const store = store4s();
    chart.update(store, 2500);
    const expected = svgString(
      latencyChartScene(latencyChartModel(store, 2500, 420, 328, { names: ['gateway-only', 'mesh'] }), 2500),
    );
    expect(chart.toSvgString()).toBe(expected);
    const svg = container.children[0];
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain('gateway-only at 2 s: p50 5 ms');
    expect(svg.findAll('title')[0].textContent).toBe('Latency percentiles over time');
  });

  test('svgAt draws the whole run wherever the playhead is: every row, no cursor, "whole run"', () => {
    const { container } = fakeContainer(420);
    const names = ['gateway-only', 'mesh'];
    const chart = createLatencyChart(asElement(container), { names, durationMs: 4000 });
    const store = store4s();
    chart.update(store, 500);
    expect(chart.toSvgString()).toContain('data-part="moment">up to 00:00.5</text>');
    expect(chart.toSvgString()).not.toContain('p99 23 ms');
    const whole = chart.svgAt(store);
    const model = latencyChartModel(store, Infinity, 420, 328, { names, durationMs: 4000 });
    expect(whole).toBe(svgString(latencyChartScene(model, Infinity)));
    // The last second's figures are in the file, and no cursor line is.
    expect(whole).toContain('>p99 23 ms</text>');
    expect(whole).toContain('data-part="moment">whole run</text>');
    expect(whole).not.toContain('stroke-dasharray="3 3"');
    // What the page shows did not move.
    expect(chart.toSvgString()).toContain('up to 00:00.5');
  });

  test('moving the cursor within a slice writes only the cursor', () => {
    const { document, container } = fakeContainer(420);
    const chart = createLatencyChart(asElement(container), { names: ['gateway-only', 'mesh'] });
    const store = store4s();
    chart.update(store, 2500);
    document.writes = [];
    chart.update(store, 2600);
    expect(document.writes).toEqual(['line.x1=245.7', 'line.x2=245.7', 'text.textContent=up to 00:02.6']);
    // Crossing a slice end redraws the lines.
    document.writes = [];
    chart.update(store, 3000);
    expect(document.writes.some((w) => w.startsWith('path.d='))).toBe(true);
  });

  test('names from the file are set as text only', () => {
    const { container } = fakeContainer(420);
    const chart = createLatencyChart(asElement(container), { names: ['<img onerror=x>', 'mesh'] });
    chart.update(store4s(), 4000);
    const texts = container.children[0].findAll('text').map((t: FakeElement) => t.textContent);
    expect(texts).toContain('<img onerror=x>');
  });

  test('configure redraws with new options; destroy removes the chart', () => {
    const { container } = fakeContainer(420);
    const chart = createLatencyChart(asElement(container), { variants: [0, 1] });
    const store = store4s();
    chart.update(store, 4000);
    chart.configure({ variants: [1], height: 200 });
    expect(chart.element.getAttribute('height')).toBe('200');
    expect(chart.toSvgString()).toContain('>variant 2</text>');
    expect(chart.toSvgString()).not.toContain('>variant 1</text>');
    chart.destroy();
    expect(container.children).toEqual([]);
  });
});

describe('createAmplificationChart', () => {
  const names = ['gateway-only', 'mesh'];

  function retrying() {
    const store = createSeriesStore(2);
    for (let i = 0; i < 40; i++) {
      for (const variant of [0, 1]) {
        const attempts = 10 + variant * (i % 5);
        store.add(frame({ variant, from: i * 100, to: (i + 1) * 100, attempts, retries: attempts - 10 }));
      }
    }
    return store;
  }

  test('renders what amplificationChartScene describes, one plot high, and exports the same', () => {
    const { container } = fakeContainer(420);
    const chart = createAmplificationChart(asElement(container));
    chart.configure({ names, durationMs: 4000 });
    const store = retrying();
    chart.update(store, 2550);
    const model = amplificationChartModel(store, 2550, 420, 196, { names, durationMs: 4000 });
    expect(chart.toSvgString()).toBe(svgString(amplificationChartScene(model, 2550)));
    const svg = container.children[0];
    // One plot, the legend's line and the moment's line under it.
    expect(svg.getAttribute('height')).toBe('196');
    // Mesh retried 0 to 4 of every 10 first tries in turn: 120 attempts per 100 over each second.
    expect(svg.getAttribute('aria-label')).toContain('gateway-only at 2.5 s: 1×. mesh at 2.5 s: 1.2×.');
    expect(svg.findAll('text').map((t: FakeElement) => t.textContent)).toContain('mesh 1.2×');
    expect(svg.findAll('title')[0].textContent).toBe('Retry amplification over time');
  });

  test('moving the cursor within a slice writes only the cursor; destroy removes the chart', () => {
    const { document, container } = fakeContainer(480);
    const chart = createAmplificationChart(asElement(container), { names, durationMs: 4000 });
    const store = retrying();
    chart.update(store, 2510);
    document.writes = [];
    chart.update(store, 2590);
    expect(document.writes).toEqual(['line.x1=246.7', 'line.x2=246.7', 'text.textContent=up to 00:02.6']);
    document.writes = [];
    chart.update(store, 2600);
    expect(document.writes.some((w) => w.startsWith('path.d='))).toBe(true);
    chart.destroy();
    expect(container.children).toEqual([]);
  });
});

describe('the other charts on the page', () => {
  test('createThroughputChart gives each chart its own pattern ids', () => {
    const a = fakeContainer(400);
    const b = fakeContainer(400);
    const one = createThroughputChart(asElement(a.container));
    const two = createThroughputChart(asElement(b.container));
    const ids = (svg: string): string[] => [...svg.matchAll(/<pattern id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(one.toSvgString())).toHaveLength(4);
    expect(ids(one.toSvgString()).filter((id) => ids(two.toSvgString()).includes(id))).toEqual([]);
  });

  test('createDistributionChart and createUtilizationBars draw a report', () => {
    const variant = {
      name: 'gateway-only',
      latencyMs: { mean: 6.1, p50: 4, p90: 10, p99: 30, p999: 80, max: 100 },
      components: { edge: { utilization: 0.5 } },
    };
    const d = fakeContainer(400);
    const distribution = createDistributionChart(asElement(d.container));
    expect(distribution.toSvgString()).toContain('>No finished run yet</text>');
    distribution.update([variant]);
    expect(distribution.toSvgString()).toContain('data-part="name">gateway-only</text>');
    const u = fakeContainer(400);
    const bars = createUtilizationBars(asElement(u.container));
    bars.update([variant]);
    expect(bars.toSvgString()).toContain('>50.0%</text>');
    expect(u.container.children[0].findAll('text').map((t) => t.textContent)).toContain('edge');
  });
});
