import { parseDocument, type Scalar } from 'yaml';
import { describe, expect, test } from 'vitest';
import { numberText, readDuration, readNumber, readRate } from '../../../src/ui/knobs/knob-values';

/** The scalar of `v: <written>`. */
function scalar(written: string): Scalar {
  return parseDocument(`v: ${written}`).get('v', true) as Scalar;
}

/** The value read and the text written for `next`, or null when `written` is not of the form. */
function roundTrip(read: typeof readNumber, written: string, next: number): [number, string] | null {
  const value = read(scalar(written));
  return value === null ? null : [value.value, value.write(next)];
}

describe('readDuration', () => {
  test('reads every unit as ms and writes back in it', () => {
    expect(roundTrip(readDuration, '250ms', 300)).toEqual([250, '300ms']);
    expect(roundTrip(readDuration, '2s', 1500)).toEqual([2000, '1.5s']);
    expect(roundTrip(readDuration, '1.5s', 250)).toEqual([1500, '0.25s']);
    expect(roundTrip(readDuration, '1m', 90_000)).toEqual([60_000, '1.5m']);
    expect(roundTrip(readDuration, '1h', 7_200_000)).toEqual([3_600_000, '2h']);
    expect(roundTrip(readDuration, '250us', 0.5)).toEqual([0.25, '500us']);
    expect(roundTrip(readDuration, '250µs', 1)).toEqual([0.25, '1000µs']);
    expect(roundTrip(readDuration, '1e3ms', 5)).toEqual([1000, '5ms']);
    expect(roundTrip(readDuration, '.5s', 750)).toEqual([500, '0.75s']);
  });

  test('falls back to ms when the unit cannot write the value in three decimals', () => {
    expect(roundTrip(readDuration, '1m', 100)).toEqual([60_000, '100ms']);
    expect(roundTrip(readDuration, '1 m', 1)).toEqual([60_000, '1 ms']);
  });

  test('numbers are ms; spacing and quotes are kept', () => {
    expect(roundTrip(readDuration, '2000', 1500)).toEqual([2000, '1500']);
    expect(roundTrip(readDuration, '5 ms', 7)).toEqual([5, '7 ms']);
    expect(roundTrip(readDuration, '"2s"', 3000)).toEqual([2000, '"3s"']);
    expect(roundTrip(readDuration, "'250'", 300)).toEqual([250, "'300'"]);
  });

  test('words, wrong case, other units and block scalars are not durations', () => {
    for (const written of [
      'unlimited',
      'infinity',
      '.inf',
      '5MS',
      '5sec',
      '200/s',
      '-5ms',
      '|\n  5ms',
      'true',
      '~',
    ]) {
      expect(readDuration(scalar(written)), written).toBeNull();
    }
  });
});

describe('readNumber and readRate', () => {
  test('readNumber takes plain finite numbers only', () => {
    expect(roundTrip(readNumber, '200', 250)).toEqual([200, '250']);
    expect(roundTrip(readNumber, '0.5', 0.1 + 0.2)).toEqual([0.5, '0.3']);
    for (const written of ['"200"', 'two', '.inf', '.nan', 'null']) {
      expect(readNumber(scalar(written)), written).toBeNull();
    }
  });

  test("readRate: a number, or spike-arrest's per-second and per-minute forms", () => {
    expect(roundTrip(readRate, '30', 45)).toEqual([30, '45']);
    expect(roundTrip(readRate, '30ps', 45)).toEqual([30, '45ps']);
    expect(roundTrip(readRate, '12pm', 6)).toEqual([12, '6pm']);
    expect(roundTrip(readRate, '"12pm"', 6)).toEqual([12, '"6pm"']);
    expect(readRate(scalar('12ph'))).toBeNull();
  });

  test('numberText writes what YAML reads back as the same number', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(14500)).toBe('14500');
  });
});
