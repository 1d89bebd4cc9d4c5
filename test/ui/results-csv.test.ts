import { describe, expect, it } from 'vitest';
import { csvField, resultsCsv } from '../../src/ui/results-csv';
import { loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

describe('results CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });

  it('one row per figure, a column per variant, numbers as measured', () => {
    const report = runFileWithinBudget(
      loaded(
        yaml(
          'name: "CSV, quoted"',
          'duration: 2s',
          'clients: [ { id: c, target: s, arrival: { process: constant, rate: 10 } } ]',
          'services: [ { id: s, serviceTime: 1ms } ]',
          'variants: [ { name: a }, { name: b } ]',
        ),
      ),
    );
    const lines = resultsCsv(report).split('\r\n');
    expect(lines[0]).toBe('section,metric,a,b');
    expect(lines.find((l) => /,Generated,/i.test(l))).toMatch(/,20,20$/);
    // The shared rows, with the sections and labels of the table: a row per status, units in headings.
    expect(lines).toContain('Status,200,20,20');
    expect(lines.find((l) => l.startsWith('"Latency, ms",p99,'))).toMatch(/^"Latency, ms",p99,1,1$/);
    expect(lines.filter((l) => l.startsWith('Utilization,s,'))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('Engine,"wall, ms",'))).toBeDefined();
    expect(lines[lines.length - 1]).toBe('');
  });
});
