import { describe, expect, test } from 'vitest';
import { groupKnobs, knobValueText } from '../../../src/ui/knobs/knob-panel-model';
import type { Knob, KnobUnit } from '../../../src/ui/knobs/knobs';

const knob = (id: string, group: string, unit: KnobUnit = 'count'): Knob => ({
  id,
  label: id,
  path: [id],
  value: 1,
  min: 0,
  max: 10,
  step: 1,
  unit,
  group,
});

describe('groupKnobs', () => {
  test('groups in order of first appearance, knobs in the order given', () => {
    const groups = groupKnobs([
      knob('a', 'Clients'),
      knob('b', 'Services'),
      knob('c', 'Gateway'),
      knob('d', 'Services'),
    ]);
    expect(groups.map((g) => `${g.name}: ${g.knobs.map((k) => k.id).join(' ')}`)).toEqual([
      'Clients: a',
      'Services: b d',
      'Gateway: c',
    ]);
    expect(groupKnobs([])).toEqual([]);
  });
});

describe('knobValueText', () => {
  test('each unit', () => {
    const text = (unit: KnobUnit, value: number) => knobValueText(knob('k', 'G', unit), value);
    expect(text('rps', 200)).toBe('200 rps');
    expect(text('rps', 0.25)).toBe('0.25 rps');
    expect(text('count', 12)).toBe('12');
    expect(text('ms', 250)).toBe('250 ms');
    expect(text('ms', 1500)).toBe('1.5 s');
    expect(text('ms', 60_000)).toBe('60 s');
    expect(text('attempts', 0)).toBe('0 retries');
    expect(text('attempts', 1)).toBe('1 retry');
    expect(text('attempts', 3)).toBe('3 retries');
    expect(text('per period', 14500)).toBe('14,500 req');
    expect(text('percent', 20)).toBe('20 %');
    expect(text('number', 0.25)).toBe('0.25');
  });
});
