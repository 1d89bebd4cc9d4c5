/**
 * The network between components, and the regions they run in. A hop costs `latency` each way;
 * a hop between two components in different regions (both written) costs `crossRegion` more.
 */
import { bad, check, dflt, fields, str, type Check } from '../checks';
import { dist } from '../distributions';
import type { Dist, NetworkSpec } from '../types';

const REGION = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A region name, such as `aws-us-east-1` or `gcp-west`: letters, digits, `_`, `.`, `-`. */
export const region: Check<string> = check('a region name (letters, digits, _ . -)', (node, path, r) => {
  const v = str(node, path, r);
  if (v === undefined) return undefined;
  if (!REGION.test(v)) return bad(r, node, path, 'is not a valid region name', region.expects);
  return v;
});

const ZERO: Dist = { dist: 'constant', value: 0 };

/** The network section: both latencies default to 0. */
export const network: Check<NetworkSpec> = fields({
  latency: dflt(dist, ZERO),
  crossRegion: dflt(dist, ZERO),
});

/** The network of a file without a network section. */
export const DEFAULT_NETWORK: NetworkSpec = { latency: ZERO, crossRegion: ZERO };
