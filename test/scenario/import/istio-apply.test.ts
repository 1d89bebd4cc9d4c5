/**
 * Istio's traffic-management tasks apply one file after another with `kubectl apply`, and a
 * resource of the same kind, namespace and name replaces the earlier one. Each test imports the
 * task's files in that order, with Bookinfo's Kubernetes manifest, gateway and DestinationRules and
 * a scenario document, runs the result and checks what Istio shows after the last step.
 *
 * Shares are of about 950 calls (50 a second for 19 measured seconds): a fair split's share has a
 * standard deviation of about 0.016, so ±0.06 is nearly four of them.
 */
import { describe, expect, test } from 'vitest';
import { edge, imported, run, served, shares, source } from './istio-run';

const BOOKINFO = [
  source('bookinfo/bookinfo.yaml'),
  source('bookinfo/bookinfo-gateway.yaml'),
  source('bookinfo/destination-rule-all.yaml'),
];
const SCENARIO = source('./istio-bookinfo.yaml');
const REVIEWS = ['reviews-v1', 'reviews-v2', 'reviews-v3'];
const TOLERANCE = 0.06;

describe('traffic shifting: files applied in order, the later replacing the earlier', () => {
  test('all v1: every call into reviews goes to v1, and ratings is never called', () => {
    const report = run([...BOOKINFO, source('bookinfo/virtual-service-all-v1.yaml'), SCENARIO]);
    expect(served(report, 'reviews-v1')).toBeGreaterThan(800);
    expect(served(report, 'reviews-v2') + served(report, 'reviews-v3')).toBe(0);
    expect(served(report, 'ratings-v1')).toBe(0);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
  });

  test('all v1, then 50 % v3: the second VirtualService reviews replaces the first, half of reviews is v3', () => {
    const r = imported([
      ...BOOKINFO,
      source('bookinfo/virtual-service-all-v1.yaml'),
      source('bookinfo/virtual-service-reviews-50-v3.yaml'),
      SCENARIO,
    ]);
    // No warning that one VirtualService is kept over the other: kubectl apply replaced it.
    expect(r.warnings.filter((d) => /VirtualService/.test(d.message))).toEqual([]);
    const report = run([
      ...BOOKINFO,
      source('bookinfo/virtual-service-all-v1.yaml'),
      source('bookinfo/virtual-service-reviews-50-v3.yaml'),
      SCENARIO,
    ]);
    const [v1, v2, v3] = shares(report, REVIEWS);
    expect(v1).toBeCloseTo(0.5, 0);
    expect(Math.abs(v1 - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(v3 - 0.5)).toBeLessThan(TOLERANCE);
    expect(v2).toBe(0);
    // Only v3 calls ratings, once per call it serves; the other VirtualServices of all-v1 stay.
    expect(served(report, 'ratings-v1')).toBe(served(report, 'reviews-v3'));
    expect(served(report, 'productpage-v1')).toBeGreaterThan(800);
  });

  test('all v1, then 50 % v3, then v2 and v3: v1 takes nothing', () => {
    const report = run([
      ...BOOKINFO,
      source('bookinfo/virtual-service-all-v1.yaml'),
      source('bookinfo/virtual-service-reviews-50-v3.yaml'),
      source('bookinfo/virtual-service-reviews-v2-v3.yaml'),
      SCENARIO,
    ]);
    const [v1, v2, v3] = shares(report, REVIEWS);
    expect(v1).toBe(0);
    expect(Math.abs(v2 - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(v3 - 0.5)).toBeLessThan(TOLERANCE);
    expect(served(report, 'ratings-v1')).toBe(served(report, 'reviews-v2') + served(report, 'reviews-v3'));
  });

  test('the same files in the other order: 50 % v3 is replaced by all v1', () => {
    const report = run([
      ...BOOKINFO,
      source('bookinfo/virtual-service-reviews-50-v3.yaml'),
      source('bookinfo/virtual-service-all-v1.yaml'),
      SCENARIO,
    ]);
    expect(shares(report, REVIEWS)).toEqual([1, 0, 0]);
  });
});

describe('request timeouts: reviews v2, ratings delayed 2 s, then a 0.5 s timeout on reviews', () => {
  const STEPS = ['request-timeouts/1-reviews-v2.yaml', 'request-timeouts/2-ratings-delay.yaml'];

  test('before the timeout: every page waits for the 2 s delay of ratings', () => {
    const report = run([...BOOKINFO, ...STEPS.map((s) => source(s)), SCENARIO]);
    const reviews = edge(report, 'productpage-v1', 'reviews-v2');
    expect(reviews.errors).toBe(0);
    expect(reviews.p50).toBeGreaterThan(2000);
    expect(report.latencyMs.p50).toBeGreaterThan(2000);
  });

  test('after it: calls into reviews end with 504 at 0.5 s; the page still answers 200, without reviews', () => {
    const report = run([
      ...BOOKINFO,
      ...STEPS.map((s) => source(s)),
      source('request-timeouts/3-reviews-timeout.yaml'),
      SCENARIO,
    ]);
    const reviews = edge(report, 'productpage-v1', 'reviews-v2');
    expect(reviews.tries).toBeGreaterThan(800);
    // Every call times out: the delay alone is four times the timeout.
    expect(reviews.errors).toBe(reviews.tries);
    // The edges' percentiles come from histogram buckets within 1.6 %.
    expect(Math.abs(reviews.p50 - 500) / 500).toBeLessThan(0.02);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
    expect(report.latencyMs.p99).toBeLessThan(600);
  });
});

describe('mirroring: httpbin v1 takes every call, and v2 a copy of each', () => {
  const STEPS = [
    'mirroring/1-httpbin-v1.yaml',
    'mirroring/2-httpbin-v2.yaml',
    'mirroring/3-httpbin-service.yaml',
    'mirroring/4-sleep.yaml',
    'mirroring/5-httpbin-all-v1.yaml',
  ];
  const HTTPBIN = source('./istio-httpbin.yaml');

  test('before the mirror: v1 serves every call, v2 none', () => {
    const report = run([...STEPS.map((s) => source(s)), HTTPBIN]);
    expect(served(report, 'httpbin-v1')).toBeGreaterThan(700);
    expect(served(report, 'httpbin-v2')).toBe(0);
  });

  test('with the mirror (replacing the VirtualService): v2 serves a copy of every call v1 serves', () => {
    const report = run([
      ...STEPS.map((s) => source(s)),
      source('mirroring/6-httpbin-mirror-v2.yaml'),
      HTTPBIN,
    ]);
    const v1 = served(report, 'httpbin-v1');
    expect(v1).toBeGreaterThan(700);
    // A copy may still be on its way when the run ends: at most a few apart.
    expect(Math.abs(served(report, 'httpbin-v2') - v1)).toBeLessThanOrEqual(3);
    expect(report.requests.byStatus).toEqual({ '200': report.requests.ok });
  });
});
