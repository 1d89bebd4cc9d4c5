import { describe, expect, it } from 'vitest';
import { renderGateway } from '../../src/cli/summary';
import type { VariantReport } from '../../src/report/report';

describe('renderGateway', () => {
  it('prints the profile, the answers by status, plugin counters and a route table', () => {
    const variant = {
      gateway: {
        id: 'edge',
        profile: 'kong',
        metrics: {
          routes: [{ key: 'api', count: 1200, mean: 0.25, max: 3 }],
          consumers: [],
          statuses: [
            { key: 200, count: 1000, mean: 0.3, max: 3 },
            { key: 429, count: 200, mean: 0, max: 0 },
          ],
          breakdown: [],
        },
        plugins: { api: { 'proxy-cache': { hit: 900, miss: 100 } } },
      },
    } as unknown as VariantReport;
    expect(renderGateway(variant)).toBe(
      [
        '  profile kong',
        '  answers 200: 1,000, 429: 200',
        '  api · proxy-cache: hit 900, miss 100',
        '  route  answered  mean at gateway',
        '  api       1,200          0.25 ms',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing without a gateway', () => {
    expect(renderGateway({} as VariantReport)).toBe('');
  });
});
