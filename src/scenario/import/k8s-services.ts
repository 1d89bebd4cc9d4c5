/**
 * The scenario's services where Kubernetes documents say how many pods run them.
 *
 * - A service the scenario lacks, made for a subset whose host the scenario defines (`reviews-v1`
 *   when the scenario document defines `reviews`), is a copy of the host's definition: the subset
 *   runs the same code, so its service time and calls are the host's. Its instances are its pods'.
 * - Another service the scenario lacks is a stub, with its pods' count as instances.
 * - A service the scenario defines without `instances` takes its pods' count; a different count
 *   written in the scenario wins, with a warning.
 */
import type { LMap } from '../positions';
import type { Reporter } from '../diagnostics';
import { warnAt, type Where } from './config-entity';
import type { MeshConfig } from './mesh-config';

/** The scenario document, for the positions of its services. */
interface Doc {
  readonly root: LMap;
  readonly r: Reporter;
}

/** The service `id` that the scenario lacks when its host is defined there, or undefined. */
export function subsetCopy(id: string, at: Where, mesh: MeshConfig, services: readonly unknown[]): unknown {
  const pods = mesh.kube?.services.get(id);
  const subsetOf = mesh.hostOf(id);
  const host = subsetOf ?? pods?.parent;
  const def = host === undefined ? undefined : services.find((s) => isMap(s) && s.id === host);
  if (host === undefined || !isMap(def)) return undefined;
  const { id: _host, instances: _count, ...rest } = def;
  const instances = pods !== undefined && pods.instances > 0 ? pods.instances : 1;
  const what =
    subsetOf !== undefined
      ? `is subset ${id.slice(host.length + 1)} of ${host} (meshsim has no subsets)`
      : `runs pods the Service ${host} also picks`;
  warnAt(
    at,
    `meshsim service "${id}" ${what}: it does what the scenario's ${host} does (service time, calls), with ${instances} instance${instances === 1 ? '' : 's'}${pods === undefined ? '' : ` from ${pods.sources.join(', ')}`}`,
  );
  return { id, instances, ...rest };
}

/** Instances of a stub for `id`: its pods' count, else 1. */
export function podCount(id: string, mesh: MeshConfig): number {
  const n = mesh.kube?.services.get(id)?.instances ?? 0;
  return n > 0 ? n : 1;
}

/** `services` with each one the scenario document defines without `instances` given its pods' count. */
export function withPodCounts(services: unknown[], mesh: MeshConfig, doc: Doc | undefined): unknown[] {
  const kube = mesh.kube;
  if (kube === undefined) return services;
  const node = doc?.root.entries.get('services')?.value;
  return services.map((s, i) => {
    const pods = isMap(s) && typeof s.id === 'string' ? kube.services.get(s.id) : undefined;
    if (!isMap(s) || pods === undefined || pods.instances === 0) return s;
    if (s.instances === undefined || s.instances === null) {
      const { id, ...rest } = s;
      return { id, instances: pods.instances, ...rest };
    }
    if (s.instances !== pods.instances && doc !== undefined) {
      const item = node?.kind === 'seq' ? node.items[i] : undefined;
      const at = item?.kind === 'map' ? item.entries.get('instances')?.keyPos : undefined;
      warnAt(
        { r: doc.r, pos: at ?? doc.root.pos, path: ['services', i, 'instances'] },
        `${pods.sources.join(', ')} run${pods.sources.length === 1 ? 's' : ''} ${pods.instances} pod${pods.instances === 1 ? '' : 's'}; the scenario document's ${String(s.instances)} instances win`,
      );
    }
    return s;
  });
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
