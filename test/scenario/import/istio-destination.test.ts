/**
 * A DestinationRule's localityLbSetting.failover, run: the host's pods in us-east are all down, and
 * its callers' sidecars send the calls to the service that stands for it in us-west, as Istio's
 * locality failover does once outlier detection is on.
 */
import { describe, expect, test } from 'vitest';
import { meshOf } from './bundle-helpers';
import { imported, run, served } from './istio-run';

const RULE = {
  fileName: 'reviews-dr.yaml',
  text: [
    'apiVersion: networking.istio.io/v1',
    'kind: DestinationRule',
    'metadata:',
    '  name: reviews',
    'spec:',
    '  host: reviews.default.svc.cluster.local',
    '  trafficPolicy:',
    '    loadBalancer:',
    '      localityLbSetting:',
    '        enabled: true',
    '        failover:',
    '        - from: us-east',
    '          to: us-west',
    '    outlierDetection:',
    '      consecutive5xxErrors: 1',
    '      interval: 1s',
    '      baseEjectionTime: 1m',
    '',
  ].join('\n'),
};
const SCENARIO = {
  fileName: 'scenario.yaml',
  text: [
    'name: reviews in two regions',
    'seed: 3',
    'duration: 20s',
    'warmup: 1s',
    'clients: [{ id: users, target: productpage, arrival: { rate: 40 } }]',
    'services:',
    '  - { id: productpage, region: us-east, concurrency: 64, calls: [reviews] }',
    '  - { id: reviews, region: us-east, instances: 2, concurrency: 16, serviceTime: 5ms }',
    '  - { id: reviews-us-west, region: us-west, instances: 2, concurrency: 16, serviceTime: 5ms }',
    'network: { crossRegion: 30ms }',
    'faults: [{ kind: crash, target: reviews, at: 0s }]',
    '',
  ].join('\n'),
};

describe('localityLbSetting failover', () => {
  test('is the policy’s failover to the service standing for reviews in us-west', () => {
    expect(meshOf(imported([RULE, SCENARIO])).policies.reviews).toEqual({
      outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '60s' },
      failover: ['reviews-us-west'],
    });
  });

  test('with every pod in us-east down, every call is served in us-west, 200, paying the crossing', () => {
    const report = run([RULE, SCENARIO]);
    expect(served(report, 'reviews')).toBe(0);
    expect(served(report, 'reviews-us-west')).toBeGreaterThan(700);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
    // Two crossings each way, 30 ms each, on every page.
    expect(report.latencyMs.p50).toBeGreaterThan(60);
  });
});
