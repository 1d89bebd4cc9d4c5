import { describe, expect, test } from 'vitest';
import { svgString } from '../../../src/ui/charts/scene';
import {
  UTILIZATION_TITLE,
  utilizationBarsModel,
  utilizationBarsScene,
  type UtilizationVariant,
} from '../../../src/ui/charts/utilization-bars';

const gateway: UtilizationVariant = {
  name: 'gateway-only',
  components: { edge: { utilization: 0.12 }, catalog: { utilization: 0.9 } },
};
const mesh: UtilizationVariant = {
  name: 'mesh',
  components: { edge: { utilization: 0.2 }, 'catalog sidecar': { utilization: 0.5 } },
};

describe('utilizationBarsModel', () => {
  test('one row per component, in order of appearance, a bar per variant', () => {
    const model = utilizationBarsModel([gateway, mesh], 400);
    expect([model.left, model.right, model.hotX, model.height]).toEqual([115, 340, 306.3, 134]);
    expect(model.rows.map((r) => [r.id, r.y])).toEqual([
      ['edge', 26],
      ['catalog', 58],
      ['catalog sidecar', 90],
    ]);
    expect(model.rows[0].bars).toEqual([
      { variant: 0, value: 0.12, text: '12.0%', hot: false, x: 115, y: 26, width: 27, textX: 346 },
      { variant: 1, value: 0.2, text: '20.0%', hot: false, x: 115, y: 38, width: 45, textX: 346 },
    ]);
  });

  test('85 % and above is hot; a component a variant lacks reads none', () => {
    const model = utilizationBarsModel([gateway, mesh], 400);
    const catalog = model.rows[1].bars;
    expect(catalog.map((b) => [b.text, b.hot, b.width])).toEqual([
      ['90.0%', true, 202.5],
      ['none', false, 0],
    ]);
    expect(model.label).toBe(
      `${UTILIZATION_TITLE}, whole run. edge: gateway-only 12.0%, mesh 20.0%. catalog: gateway-only 90.0%, mesh none. ` +
        'catalog sidecar: gateway-only none, mesh 50.0%.',
    );
  });

  test('a single variant has one bar per row', () => {
    const model = utilizationBarsModel([gateway], 400);
    expect(model.rows.map((r) => [r.y, r.bars.length])).toEqual([
      [26, 1],
      [46, 1],
    ]);
    expect(model.height).toBe(78);
  });

  test('long ids are cut for the label column, and kept whole in the label', () => {
    const long = 'inventory-service-with-a-very-long-name-indeed';
    const model = utilizationBarsModel([{ name: 'x', components: { [long]: { utilization: 1.2 } } }], 300);
    expect(model.rows[0].shown).toBe('inventory-serv…');
    expect(model.rows[0].bars[0].width).toBe(model.right - model.left);
    expect(model.label).toContain(long);
  });

  test('five variants: a bar each per row, thinner, and a legend that wraps instead of being cut', () => {
    const names = ['no-limit', 'fixed-window', 'sliding-window', 'token-bucket', 'spike-arrest'];
    const five = names.map((name, k) => ({ name, components: { edge: { utilization: k / 10 } } }));
    const model = utilizationBarsModel(five, 320);
    expect(model.rows[0].bars.map((b) => [b.variant, b.text])).toEqual([
      [0, '0.0%'],
      [1, '10.0%'],
      [2, '20.0%'],
      [3, '30.0%'],
      [4, '40.0%'],
    ]);
    expect(model.bar).toBe(10);
    expect(model.legend.map((i) => i.lines.join(''))).toEqual(names);
    for (const item of model.legend) {
      expect(item.x + 16 + Math.max(...item.lines.map((l) => Math.ceil(l.length * 6.6)))).toBeLessThanOrEqual(
        316,
      );
    }
    expect(new Set(model.legend.map((i) => i.y)).size).toBeGreaterThan(1);
    expect(model.top).toBeGreaterThan(Math.max(...model.legend.map((i) => i.y)) + 10);
    expect(model.note).toBe('');
  });

  test('more variants than styles: the first six are drawn and the chart names the others', () => {
    const seven = Array.from({ length: 7 }, (_, k) => ({
      name: `v${k + 1}`,
      components: { edge: { utilization: 0.5 } },
    }));
    const model = utilizationBarsModel(seven, 400);
    expect(model.rows[0].bars).toHaveLength(6);
    expect(model.note).toBe('Showing 6 of 7 variants; not drawn: v7.');
    expect(svgString(utilizationBarsScene(model))).toContain(
      '>Showing 6 of 7 variants; not drawn: v7.</text>',
    );
  });
});

describe('utilizationBarsScene', () => {
  test('the second variant is hatched, numbers are text, hot ones bold, ids shown as text', () => {
    const svg = svgString(
      utilizationBarsScene(utilizationBarsModel([gateway, { ...mesh, name: '<m>' }], 400), 'u'),
    );
    expect(svg).toContain('<pattern id="u-utilization-v1"');
    expect(svg).toContain('<rect x="115" y="38" width="45" height="10" fill="url(#u-utilization-v1)"/>');
    expect(svg).toContain('font-style="italic">whole run</text>');
    expect(svg).toContain('<rect x="115" y="26" width="27" height="10" fill="#1d2433"/>');
    expect(svg).toContain('font-weight="700">90.0%</text>');
    expect(svg).toContain('>&lt;m&gt;</text>');
    expect(svg).toContain('<title>catalog sidecar</title>');
    expect(svg).toContain('>85%</text>');
  });

  test('empty until a run finishes', () => {
    const svg = svgString(utilizationBarsScene(utilizationBarsModel([], 400)));
    expect(svg).toContain('>No finished run yet</text>');
    expect(svg).toContain('aria-label="Utilization by component: no components."');
  });
});
