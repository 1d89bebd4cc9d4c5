import { describe, expect, it } from 'vitest';
import { changeSense } from '../../src/report/change-sense';
import type { SensedFigure } from '../../src/report/change-sense';

const p99: SensedFigure = { unit: 'ms', delta: 'relative', better: 'lower' };
const success: SensedFigure = { unit: 'percent', delta: 'points', better: 'higher' };
const amplification: SensedFigure = { unit: 'factor', delta: 'absolute', better: 'lower' };
const generated: SensedFigure = { unit: 'count', delta: 'relative' };
const utilization: SensedFigure = { unit: 'percent', digits: 1, delta: 'points' };

describe('changeSense', () => {
  it('a clear latency drop is better, a clear rise worse', () => {
    expect(changeSense(p99, { mean: -4.2, halfWidth: 0.8 })).toBe('better');
    expect(changeSense(p99, { mean: 4.2, halfWidth: 0.8 })).toBe('worse');
  });

  it('higher success is better, lower worse', () => {
    expect(changeSense(success, { mean: 0.186, halfWidth: 0.0023 })).toBe('better');
    expect(changeSense(success, { mean: -0.05, halfWidth: 0.01 })).toBe('worse');
  });

  it('a change whose interval straddles zero is neutral, however large', () => {
    expect(changeSense(p99, { mean: 2.69, halfWidth: 3.1 })).toBe('neutral');
    expect(changeSense(p99, { mean: -5, halfWidth: 5 })).toBe('neutral');
  });

  it('a change that prints as zero is neutral, even with a tight interval', () => {
    // +0.0004x prints as +0.000x: nothing a reader can see.
    expect(changeSense(amplification, { mean: 0.0004, halfWidth: 0.0001 })).toBe('neutral');
    expect(changeSense(p99, { mean: 0.0001, halfWidth: 0.00001 })).toBe('neutral');
    // As the view prints it, when it prints its own way.
    expect(changeSense(amplification, { mean: 0.003, halfWidth: 0.0001 }, '+0.00x')).toBe('neutral');
    expect(changeSense(amplification, { mean: 0.003, halfWidth: 0.0001 })).toBe('worse');
  });

  it('a clear rise of a figure without a direction is neutral', () => {
    expect(changeSense(generated, { mean: 326, halfWidth: 10 })).toBe('neutral');
    expect(changeSense(utilization, { mean: 0.3, halfWidth: 0.01 })).toBe('neutral');
  });

  it('without an interval (one run) nothing is painted', () => {
    expect(changeSense(p99, { mean: -40, halfWidth: NaN })).toBe('neutral');
    expect(changeSense(p99, { mean: NaN, halfWidth: 1 })).toBe('neutral');
  });
});
