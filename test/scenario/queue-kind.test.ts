/** A service's `kind`: a one-way `queue`, or a service by default; its errors at their line and column. */
import { describe, expect, test } from 'vitest';
import { loaded, onlyError, yaml } from './helpers';

const producerAnd = (...queue: string[]): string =>
  yaml(
    'clients:',
    '  - id: web',
    '    target: api',
    '    arrival: { rate: 10 }',
    'services:',
    '  - id: api',
    '    calls: [ events ]',
    '  - id: events',
    ...queue,
  );

describe('services[].kind', () => {
  test('is absent for a service and `queue` for a queue, with the usual fields', () => {
    const file = loaded(producerAnd('    kind: queue', '    concurrency: 4', '    serviceTime: 4ms'));
    const [api, events] = file.base.services;
    expect(api.kind).toBeUndefined();
    expect(events).toMatchObject({ kind: 'queue', concurrency: 4, queue: Infinity });
  });

  test('an unknown kind, with a did-you-mean hint', () => {
    expect(onlyError(producerAnd('    kind: queu'))).toMatchObject({
      line: 9,
      column: 11,
      path: 'services[1].kind',
      message: 'unknown value "queu"',
      expected: 'one of service, queue',
      hint: 'did you mean "queue"?',
    });
  });

  test('a queue that makes calls', () => {
    expect(onlyError(producerAnd('    kind: queue', '    calls: [ db ]', '  - id: db'))).toMatchObject({
      line: 10,
      column: 12,
      path: 'services[1].calls',
      message: 'queue "events" makes no calls: its consumers only drain it',
    });
  });
});
