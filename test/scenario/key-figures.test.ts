import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_FIGURES, keyFigureValue, resolveKeyFigures } from '../../src/report/key-figures';
import { formatKeyFigure, formatKeyFigureChange } from '../../src/report/key-figures';
import type { VariantReport } from '../../src/report/report';
import { errorsOf, loaded, yaml } from './helpers';

const base = ['clients: [ { id: web, target: api, arrival: { rate: 5 } } ]', 'services: [ { id: api } ]'];

describe('keyFigures in a file', () => {
  it('reads a figure alone and a mapping with label, unit and direction', () => {
    const file = loaded(
      yaml(
        ...base,
        'keyFigures:',
        '  - p90',
        '  - { label: api calls per request, value: components.api.served / requests.generated, unit: x }',
        '  - share.429',
      ),
    );
    const figures = resolveKeyFigures(file.base.keyFigures);
    expect(figures.map(({ key, label, unit, better }) => ({ key, label, unit, better }))).toEqual(
      [
        { key: 'p90', label: 'p90 latency', unit: 'ms', better: 'lower' },
        { key: 'components.api.served / requests.generated', label: 'api calls per request', unit: 'factor' },
        { key: 'share.429', label: 'answered 429', unit: 'share', better: 'lower' },
      ].map((f) => (f.better ? f : { ...f, better: undefined })),
    );
  });

  it('without keyFigures the page’s own set applies', () => {
    expect(resolveKeyFigures(loaded(yaml(...base)).base.keyFigures)).toBe(DEFAULT_KEY_FIGURES);
  });

  it('refuses a figure that does not parse, a variant name, a bad unit, at their line and column', () => {
    const [typo] = errorsOf(yaml(...base, 'keyFigures: [ p90x ]'));
    expect(typo).toMatchObject({ line: 3, path: 'keyFigures[0]' });
    expect(typo.message).toMatch(/unknown figure "p90x"/);
    const [named] = errorsOf(yaml(...base, 'keyFigures:', '  - { value: "one:p50" }'));
    expect(named).toMatchObject({ line: 4, path: 'keyFigures[0].value' });
    expect(named.message).toMatch(/shown for every variant, so "one:" names none/);
    const [unit] = errorsOf(yaml(...base, 'keyFigures:', '  - { value: p50, unit: seconds }'));
    expect(unit).toMatchObject({ path: 'keyFigures[0].unit', message: 'unknown unit "seconds"' });
    const [field] = errorsOf(yaml(...base, 'keyFigures:', '  - { value: p50, lable: x }'));
    expect(field).toMatchObject({ message: 'unknown field "lable"', hint: 'did you mean "label"?' });
    const [inVariant] = errorsOf(yaml(...base, 'variants: [ { name: one, keyFigures: [p50] } ]'));
    expect(inVariant.message).toBe('"keyFigures" belongs to the whole file, not to a variant');
  });
});

describe('key figure values', () => {
  const report = (answered: number, mesh?: number) =>
    ({
      name: 'v',
      requests: { generated: 10, ok: answered, failed: 0, inFlight: 10 - answered, byStatus: {} },
      latencyMs: { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 },
      attempts: { total: 0, retries: 0, amplification: 1 },
      components: { api: { served: 30 } },
      ...(mesh === undefined ? {} : { mesh: { cpuMsPer1000Requests: mesh } }),
    }) as unknown as VariantReport;
  const [p50, , , , , sidecar] = DEFAULT_KEY_FIGURES;

  it('a latency before any answer is no value, not 0 ms; a variant without the mesh spends 0 on sidecars', () => {
    expect(keyFigureValue(p50, report(0))).toBeNaN();
    expect(keyFigureValue(p50, report(3))).toBe(0);
    expect(keyFigureValue(sidecar, report(3))).toBe(0);
    expect(keyFigureValue(sidecar, report(3, 210))).toBe(210);
    const [perRequest] = resolveKeyFigures(
      loaded(yaml(...base, 'keyFigures: [ "components.api.served / requests.generated" ]')).base.keyFigures,
    );
    expect(keyFigureValue(perRequest, report(3))).toBe(3);
    const [missing] = resolveKeyFigures(
      loaded(yaml(...base, 'keyFigures: [ components.db.served ]')).base.keyFigures,
    );
    expect(keyFigureValue(missing, report(3))).toBeNaN();
  });

  it('prints each unit, and a change with its sign, ±0 when it prints as none', () => {
    expect(formatKeyFigure('ms', 815.2)).toBe('815 ms');
    expect(formatKeyFigure('share', 0.8234)).toBe('82.3%');
    expect(formatKeyFigure('factor', 25.93)).toBe('25.9×');
    expect(formatKeyFigure('count', 1204)).toBe('1,204');
    expect(formatKeyFigure('rate', 80)).toBe('80.0/s');
    expect(formatKeyFigure('number', NaN)).toBe('—');
    expect(formatKeyFigureChange('ms', -799)).toBe('−799 ms');
    expect(formatKeyFigureChange('share', 0.0123)).toBe('+1.2 pp');
    expect(formatKeyFigureChange('share', 0.00001)).toBe('±0.0 pp');
  });
});
