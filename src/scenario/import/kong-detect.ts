/**
 * Which format a Kong document is in: its `_format_version`, or, without one, whether it is Kong
 * declarative config at all, told from a meshsim scenario. Many tutorial
 * and hand-written `kong.yml` files leave the key out and Kong's tools read them all the same (decK
 * takes such a file as format 1.1), while a meshsim scenario shares only `services` with Kong at the
 * top level. A document is Kong's when:
 * 1. it has a top-level key only Kong uses (`routes`, `consumers`, `upstreams`, `plugins`,
 *    `_transform`, a credential list, ...) and none only meshsim uses (`clients`, `gateway`, `mesh`,
 *    ...); or
 * 2. its only section is `services`, and each service reads as Kong's (`url`, `host` or `routes`)
 *    and none as meshsim's (`serviceTime`, `instances`, `calls`, ...).
 */
import { describe } from '../checks';
import type { LMap, LNode } from '../positions';
import { warnAt } from './config-entity';
import type { KongEntity } from './kong-entity';
import { TOP_LEVEL_FIELDS } from '../schema/scenario';
import { SUPPORTED_FORMATS, TOP_FIELDS } from './kong-fields';

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

/** The major version of `_format_version`, or undefined (with an error) when it is missing or unknown. */
export function formatMajor(e: KongEntity): number | undefined {
  const written = e.node.entries.has('_format_version');
  const v = e.take('_format_version');
  if (!written) {
    // decK reads a file without the key as format 1.1; so does the importer, and says so once.
    warnAt(
      { r: e.r, pos: e.node.pos, path: [] },
      `no _format_version: read as "${ASSUMED_FORMAT}", as decK reads such a file (paths with regex characters are regexes, as in Kong 1.x and 2.x)`,
    );
    return Number(ASSUMED_FORMAT.split('.')[0]);
  }
  const raw = v?.kind === 'scalar' ? v.value : undefined;
  let text = typeof raw === 'string' ? raw : typeof raw === 'number' ? raw.toFixed(1) : undefined;
  if (text === '3') text = '3.0';
  if (text !== undefined && SUPPORTED_FORMATS.includes(text)) {
    if (typeof raw === 'number')
      warnAt(e.valueAt('_format_version'), `write it as a string, "${text}": Kong reads only strings here`);
    return Number(text.split('.')[0]);
  }
  e.r.error(v?.pos ?? e.node.pos, ['_format_version'], {
    message:
      v === undefined ? 'Kong declarative config needs _format_version' : 'unsupported _format_version',
    expected: SUPPORTED_FORMATS.map((f) => `"${f}"`).join(', '),
    found: v === undefined ? undefined : describe(v),
  });
  return undefined;
}
