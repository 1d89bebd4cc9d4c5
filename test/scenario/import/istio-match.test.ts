/**
 * VirtualService routes with match conditions, as Bookinfo's request-routing and fault-injection
 * tasks apply them: the user "jason" (header `end-user: jason`, which productpage passes on to
 * reviews and reviews to ratings) sees reviews v2, then a 7 s delay on ratings, then an abort 500
 * on ratings; everyone else sees v1, unharmed. A quarter of the pages are jason's.
 *
 * Shares are of about 950 calls: a share of a quarter has a standard deviation of about 0.014, so
 * ±0.06 is over four of them. Edge percentiles come from histogram buckets within 1.6 %.
 */
import { describe, expect, test } from 'vitest';
import { meshOf } from './bundle-helpers';
import { edge, imported, run, served, shares, source } from './istio-run';

/** The scenario document with a quarter of the pages sent by jason. */
const SCENARIO = source('./istio-bookinfo.yaml', (t) =>
  t.replace(
    '      - { path: /productpage }',
    '      - { path: /productpage, weight: 3 }\n      - { path: /productpage, weight: 1, headers: { end-user: jason } }',
  ),
);
const BOOKINFO = [
  source('bookinfo/bookinfo.yaml'),
  source('bookinfo/bookinfo-gateway.yaml'),
  source('bookinfo/destination-rule-all.yaml'),
  source('bookinfo/virtual-service-all-v1.yaml'),
  source('bookinfo/virtual-service-reviews-test-v2.yaml'),
];

describe('request routing: jason sees reviews v2, everyone else v1', () => {
  test('the routes of reviews: the header route first, then the catch-all', () => {
    const r = imported([...BOOKINFO, SCENARIO]);
    expect(meshOf(r).policies.reviews).toEqual({
      routes: [
        { match: { headers: { 'end-user': 'jason' } }, split: [{ service: 'reviews-v2', weight: 100 }] },
        { split: [{ service: 'reviews-v1', weight: 100 }] },
      ],
    });
  });

  test('a quarter of the calls into reviews are jason’s and reach v2; v3 none', () => {
    const report = run([...BOOKINFO, SCENARIO]);
    const [v1, v2, v3] = shares(report, ['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(Math.abs(v2 - 0.25)).toBeLessThan(0.06);
    expect(Math.abs(v1 - 0.75)).toBeLessThan(0.06);
    expect(v3).toBe(0);
    // Only v2 calls ratings.
    expect(served(report, 'ratings-v1')).toBe(served(report, 'reviews-v2'));
  });
});

describe('fault injection for jason', () => {
  test('a 7 s delay on ratings: jason’s calls wait 7 s, the others are not delayed', () => {
    const report = run([...BOOKINFO, source('bookinfo/virtual-service-ratings-test-delay.yaml'), SCENARIO]);
    const delayed = edge(report, 'reviews-v2', 'ratings-v1');
    expect(delayed.tries).toBeGreaterThan(100);
    // Every call into ratings is jason's, so every one is delayed: both percentiles at 7 s.
    expect(delayed.p50).toBeGreaterThanOrEqual(7000 * 0.984);
    expect(delayed.p99).toBeLessThan(7000 * 1.016 + 50);
    expect(edge(report, 'productpage-v1', 'reviews-v1').p99).toBeLessThan(100);
    // The pages: three quarters are fast, jason's take over 7 s.
    expect(report.latencyMs.p50).toBeLessThan(100);
    expect(report.latencyMs.p90).toBeGreaterThan(7000);
  });

  test('an abort 500 on ratings: every call jason’s pages make into ratings fails, the pages still answer 200', () => {
    const report = run([...BOOKINFO, source('bookinfo/virtual-service-ratings-test-abort.yaml'), SCENARIO]);
    const aborted = edge(report, 'reviews-v2', 'ratings-v1');
    expect(aborted.tries).toBeGreaterThan(100);
    expect(aborted.errors).toBe(aborted.tries);
    // An injected abort never reaches ratings.
    expect(served(report, 'ratings-v1')).toBe(0);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
  });

  test('the abort applied after the delay replaces it: no call waits', () => {
    const report = run([
      ...BOOKINFO,
      source('bookinfo/virtual-service-ratings-test-delay.yaml'),
      source('bookinfo/virtual-service-ratings-test-abort.yaml'),
      SCENARIO,
    ]);
    expect(report.latencyMs.max).toBeLessThan(1000);
    const aborted = edge(report, 'reviews-v2', 'ratings-v1');
    expect(aborted.errors).toBe(aborted.tries);
  });
});

describe('more of Bookinfo’s files', () => {
  const BASE = [
    source('bookinfo/bookinfo.yaml'),
    source('bookinfo/bookinfo-gateway.yaml'),
    source('bookinfo/destination-rule-all-mtls.yaml'),
    source('bookinfo/virtual-service-all-v1.yaml'),
  ];

  test('jason to v2, everyone else to v3; ISTIO_MUTUAL is the sidecars’ own, with no warning', () => {
    const r = imported([...BASE, source('bookinfo/virtual-service-reviews-jason-v2-v3.yaml'), SCENARIO]);
    expect(
      r.warnings.filter((d) => !d.message.includes(' is a stub') && !d.message.includes('subset')),
    ).toEqual([]);
    const report = run([...BASE, source('bookinfo/virtual-service-reviews-jason-v2-v3.yaml'), SCENARIO]);
    const [v1, v2, v3] = shares(report, ['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(v1).toBe(0);
    expect(Math.abs(v2 - 0.25)).toBeLessThan(0.06);
    expect(Math.abs(v3 - 0.75)).toBeLessThan(0.06);
  });

  test('an abort 555 on every call into details: each one fails, the pages still answer 200', () => {
    const report = run([...BASE, source('bookinfo/fault-injection-details-v1.yaml'), SCENARIO]);
    const details = edge(report, 'productpage-v1', 'details-v1');
    expect(details.tries).toBeGreaterThan(800);
    expect(details.errors).toBe(details.tries);
    expect(served(report, 'details-v1')).toBe(0);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
  });
});
