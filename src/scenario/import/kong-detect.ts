/**
 * Telling Kong declarative config without `_format_version` from a meshsim scenario. Many tutorial
 * and hand-written `kong.yml` files leave the key out and Kong's tools read them all the same (decK
 * takes such a file as format 1.1), while a meshsim scenario shares only `services` with Kong at the
 * top level. A document is Kong's when:
 * 1. it has a top-level key only Kong uses (`routes`, `consumers`, `upstreams`, `plugins`,
 *    `_transform`, a credential list, ...) and none only meshsim uses (`clients`, `gateway`, `mesh`,
 *    ...); or
 * 2. its only section is `services`, and each service reads as Kong's (`url`, `host` or `routes`)
 *    and none as meshsim's (`serviceTime`, `instances`, `calls`, ...).
 */
import type { LMap, LNode } from '../positions';
import { TOP_LEVEL_FIELDS } from '../schema/scenario';
import { TOP_FIELDS } from './kong-fields';

/** The format decK assumes when `_format_version` is missing. */
export const ASSUMED_FORMAT = '1.1';

const MESHSIM_ONLY: ReadonlySet<string> = new Set(TOP_LEVEL_FIELDS.filter((k) => k !== 'services'));
const KONG_ONLY: ReadonlySet<string> = new Set(
  TOP_FIELDS.filter((k) => k !== 'services' && k !== '_format_version'),
);
/** Fields a Kong service has and a meshsim service never has. */
const KONG_SERVICE = ['url', 'host', 'routes'];
/** Fields a meshsim service has and a Kong service never has. */
const MESHSIM_SERVICE = ['serviceTime', 'instances', 'concurrency', 'calls', 'errorRate', 'queue'];

/** True when `root`, which has no `_format_version`, is Kong declarative config by the rules above. */
export function looksLikeKong(root: LMap): boolean {
  const keys = [...root.entries.keys()];
  if (keys.some((k) => MESHSIM_ONLY.has(k))) return false;
  if (keys.some((k) => KONG_ONLY.has(k))) return true;
  const services = root.entries.get('services')?.value;
  if (keys.length !== 1 || services?.kind !== 'seq' || services.items.length === 0) return false;
  return services.items.every((s) => hasAny(s, KONG_SERVICE) && !hasAny(s, MESHSIM_SERVICE));
}

function hasAny(node: LNode, keys: readonly string[]): boolean {
  return node.kind === 'map' && keys.some((k) => node.entries.has(k));
}
