import { describe, expect, test } from 'vitest';
import { outcomeOf, statusText } from '../../../src/ui/trace/outcome';

describe('outcomeOf(status)', () => {
  test('classes a status as the diagram does: 499 and 504 are timeouts, 429 its own', () => {
    const statuses = [200, 204, 304, 400, 401, 403, 429, 499, 500, 503, 504];
    expect(statuses.map(outcomeOf)).toEqual([
      'ok',
      'ok',
      'ok',
      '4xx',
      '4xx',
      '4xx',
      '429',
      'timeout',
      '5xx',
      '5xx',
      'timeout',
    ]);
  });
  test('no class without a status', () => {
    expect(outcomeOf(0)).toBeNull();
    expect(outcomeOf(NaN)).toBeNull();
  });
});

describe('statusText(status, open)', () => {
  test('the code, with a word for what is not ok', () => {
    expect(statusText(200, false)).toBe('200');
    expect(statusText(401, false)).toBe('401 client error');
    expect(statusText(429, false)).toBe('429 throttled');
    expect(statusText(503, false)).toBe('503 server error');
    expect(statusText(504, false)).toBe('504 timed out');
  });
  test('open, or nothing for a span without a status', () => {
    expect(statusText(0, true)).toBe('open');
    expect(statusText(0, false)).toBe('');
  });
});
