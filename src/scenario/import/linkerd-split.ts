/**
 * An SMI TrafficSplit (`split.smi-spec.io` v1alpha1 to v1alpha4), which Linkerd's SMI extension
 * turns into a weighted split of the calls into its apex service: `spec.service` takes the
 * `split` of `spec.backends` (service, weight). v1alpha1 writes weights as Kubernetes quantities
 * (`500m`), later versions as integers; both are read. Its `matches` (HTTPRouteGroups) are warned:
 * the split then takes every call, where SMI would split only the matching ones.
 */
import { warnAt, type Where } from './config-entity';
import { hostService, type MeshConfig } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

/** The fields of a TrafficSplit spec. */
export const SPLIT_FIELDS = ['service', 'backends', 'matches'];

/** What a TrafficSplit reader is given. */
export interface SplitResource {
  readonly spec: MeshEntity | undefined;
  readonly source: string;
  readonly at: Where;
  readonly mesh: MeshConfig;
}

/** Reads a TrafficSplit; returns its apex service (undefined when it names none). */
export function readTrafficSplit(res: SplitResource): string | undefined {
  const { spec, mesh, source } = res;
  const apex = spec?.str('service');
  if (spec === undefined || apex === undefined) {
    warnAt(spec?.at('service') ?? res.at, `${source} names no apex service (spec.service); left out`);
    spec?.finish();
    return undefined;
  }
  const service = hostService(apex);
  const split: { service: string; weight: number }[] = [];
  for (const { e } of spec.children('backends', 'backend', ['service', 'weight'])) {
    const name = e.str('service');
    const weight = quantity(e, 'weight');
    e.finish();
    if (name === undefined || weight === undefined || weight === 0) continue;
    const backend = hostService(name);
    mesh.refer(backend, e.at('service'));
    const same = split.find((x) => x.service === backend);
    if (same !== undefined) same.weight += weight;
    else split.push({ service: backend, weight });
  }
  spec.note(
    'matches',
    'HTTPRouteGroup matches are not read: the split takes every call into the apex service, where SMI splits only the matching ones',
  );
  spec.finish();
  mesh.refer(service, spec.at('service'));
  if (split.length === 0) {
    warnAt(spec.at('backends'), `${source} has no backend with a positive weight; left out`);
    return service;
  }
  mesh.setRoute(service, { leaf: 'split', value: split, at: spec.at('backends') }, source);
  return service;
}

/** Multipliers of Kubernetes quantity suffixes (`500m` is 0.5). */
const SUFFIX: Readonly<Record<string, number>> = { m: 1e-3, '': 1, k: 1e3, M: 1e6 };

/**
 * A weight written as a number or a Kubernetes quantity (`500m`, `1`, `2k`), as SMI's v1alpha1 and
 * ServiceProfile `dstOverrides` write it; undefined (with an error) when it is neither.
 */
export function quantity(e: MeshEntity, key: string): number | undefined {
  const node = e.take(key);
  if (node === undefined) return undefined;
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)(m|k|M)?$/.exec(v.trim()) : null;
  if (m !== null) return Number((Number(m[1]) * SUFFIX[m[2] ?? '']).toPrecision(12));
  e.r.error(node.pos, [...e.path, key], {
    message: 'is not a weight',
    expected: 'a number or a Kubernetes quantity such as 500m or 1',
    found: JSON.stringify(v),
  });
  return undefined;
}
