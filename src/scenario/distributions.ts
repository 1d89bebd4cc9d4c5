/**
 * Latency distributions as written in a scenario: `{dist: constant, value}`, `{dist: exponential, mean}`,
 * `{dist: uniform, min, max}`, `{dist: lognormal, median, p99}` or `{..., mean, sd}`,
 * `{dist: pareto, min, alpha}`, or a bare duration meaning constant.
 */
import { byKind, check, fields, map, num, req, tagged, type Check } from './checks';
import type { Dist, Millis } from './types';
import { duration } from './units';

/** z of the 99th percentile of a standard normal: a lognormal's p99 is median * exp(Z99 * sigma). */
export const Z99 = 2.3263478740408408;

const nonNegative = duration();
const positive = duration({ positive: true });

const constant = fields({ dist: req(check('constant', () => 'constant' as const)), value: req(nonNegative) });
const exponential = fields({
  dist: req(check('exponential', () => 'exponential' as const)),
  mean: req(positive),
});
const uniform = map(
  fields({
    dist: req(check('uniform', () => 'uniform' as const)),
    min: req(nonNegative),
    max: req(nonNegative),
  }),
  (d, node, path, r) => {
    if (d.max >= d.min) return d;
    const maxNode = node.kind === 'map' ? node.entries.get('max')?.value : undefined;
    r.error(maxNode?.pos ?? node.pos, [...path, 'max'], {
      message: `max must not be below min (${d.min} ms)`,
      expected: `a duration >= ${d.min} ms`,
      found: `${d.max} ms`,
    });
    return undefined;
  },
);
const byPercentiles = map(
  fields(
    { dist: req(check('lognormal', () => 'lognormal' as const)), median: req(positive), p99: req(positive) },
    'a mapping with median and p99, or mean and sd',
  ),
  (d, node, path, r) => {
    if (d.p99 > d.median) return d;
    const p99Node = node.kind === 'map' ? node.entries.get('p99')?.value : undefined;
    r.error(p99Node?.pos ?? node.pos, [...path, 'p99'], {
      message: `p99 must be greater than median (${d.median} ms)`,
      expected: `a duration > ${d.median} ms`,
      found: `${d.p99} ms`,
      hint: 'a lognormal with p99 <= median would have no spread; use {dist: constant} for a fixed time',
    });
    return undefined;
  },
);
const byMoments = fields(
  { dist: req(check('lognormal', () => 'lognormal' as const)), mean: req(positive), sd: req(duration()) },
  'a mapping with median and p99, or mean and sd',
);
// A lognormal is given by percentiles unless the author used mean or sd.
const lognormal = check<Dist>(byPercentiles.expects, (node, path, r) =>
  node.kind === 'map' && (node.entries.has('mean') || node.entries.has('sd'))
    ? byMoments(node, path, r)
    : byPercentiles(node, path, r),
);
const pareto = map(
  fields({
    dist: req(check('pareto', () => 'pareto' as const)),
    min: req(positive),
    alpha: req(num({ expects: 'a number > 0', above: 0 })),
  }),
  (d, node, path, r) => {
    if (d.alpha <= 1) {
      const alphaNode = node.kind === 'map' ? node.entries.get('alpha')?.value : undefined;
      r.warn(alphaNode?.pos ?? node.pos, [...path, 'alpha'], {
        message: 'a pareto with alpha <= 1 has an infinite mean; averages will not settle',
        found: String(d.alpha),
      });
    }
    return d;
  },
);

const fromDuration = map(
  nonNegative,
  (value): Dist => ({ dist: 'constant', value }),
  `${nonNegative.expects}, or {dist: ...}`,
);

/** A distribution of times in ms; a bare duration means constant. */
export const dist: Check<Dist> = byKind<Dist>(
  {
    scalar: fromDuration,
    map: tagged('dist', { constant, exponential, uniform, lognormal, pareto }, 'distribution'),
  },
  'a duration or a distribution {dist: constant | exponential | uniform | lognormal | pareto, ...}',
);

/** Mean of a distribution in ms (Infinity for a pareto with alpha <= 1). */
export function distMean(d: Dist): Millis {
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'exponential':
      return d.mean;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'lognormal': {
      if ('mean' in d) return d.mean;
      const sigma = Math.log(d.p99 / d.median) / Z99;
      return d.median * Math.exp((sigma * sigma) / 2);
    }
    case 'pareto':
      return d.alpha > 1 ? (d.alpha * d.min) / (d.alpha - 1) : Infinity;
  }
}
