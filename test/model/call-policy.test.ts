import { describe, expect, it } from 'vitest';
import { CallPolicy } from '../../src/model';
import {
  CAUSE_APP,
  CAUSE_CONNECT,
  CAUSE_OVERFLOW,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_RESET,
} from '../../src/model/constants';

/** Which of a fixed set of outcomes `retryOn` retries. */
function retried(retryOn: string[]): string[] {
  const policy = new CallPolicy({ attempts: 1, retryOn });
  const outcomes: [string, number, number][] = [
    ['500 app', 500, CAUSE_APP],
    ['502 app', 502, CAUSE_APP],
    ['503 overflow', 503, CAUSE_OVERFLOW],
    ['503 connect', 503, CAUSE_CONNECT],
    ['503 reset', 503, CAUSE_RESET],
    ['504 per-try', 504, CAUSE_PER_TRY_TIMEOUT],
    ['409 app', 409, CAUSE_APP],
    ['429 app', 429, CAUSE_APP],
  ];
  return outcomes.filter(([, status, cause]) => policy.retries(status, cause)).map(([name]) => name);
}

describe('CallPolicy.retries', () => {
  it('5xx retries every 5xx, whatever its cause', () => {
    expect(retried(['5xx'])).toEqual([
      '500 app',
      '502 app',
      '503 overflow',
      '503 connect',
      '503 reset',
      '504 per-try',
    ]);
  });
  it('gateway-error retries 502, 503 and 504 only', () => {
    expect(retried(['gateway-error'])).toEqual([
      '502 app',
      '503 overflow',
      '503 connect',
      '503 reset',
      '504 per-try',
    ]);
  });
  it('each narrow condition retries only its own cause', () => {
    expect(retried(['reset'])).toEqual(['503 reset']);
    expect(retried(['connect-failure'])).toEqual(['503 connect']);
    expect(retried(['timeout'])).toEqual(['504 per-try']);
    expect(retried(['refused-stream'])).toEqual(['503 overflow']);
    expect(retried(['retriable-4xx'])).toEqual(['409 app']);
  });
  it('status codes retry exactly those statuses', () => {
    expect(retried(['429', '500'])).toEqual(['500 app', '429 app']);
  });
  it('no conditions retry nothing', () => {
    expect(retried([])).toEqual([]);
  });
});
