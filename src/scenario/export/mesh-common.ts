/**
 * What the Istio and Consul exports share: the mesh fields that are the simulation's own (sidecar
 * cost, handshake times, propagation), compared with the product profile's defaults, which the
 * import would fill in again; fields equal to them need no config and are not listed.
 */
import { meshProfile } from '../profiles/mesh';
import type { MeshPolicy, MeshProfileName, Scenario } from '../types';
import { type Omissions, same } from './omissions';

/** Records the mesh's simulation-only fields that differ from `product`'s defaults. */
export function meshSimulationFields(s: Scenario, product: MeshProfileName, omissions: Omissions): void {
  const mesh = s.mesh;
  const d = meshProfile(product);
  const sim = (path: string) =>
    omissions.simulation(path, `a parameter of the simulation, not ${product} config`);
  if (mesh.profile !== product)
    omissions.add(
      'mesh.profile',
      `the import fills ${product}'s defaults, not ${mesh.profile ?? 'the generic'} ones`,
    );
  if (!same(mesh.sidecar, d.sidecar)) sim('mesh.sidecar');
  for (const k of ['handshake', 'perRequest', 'rotation', 'idleTimeout'] as const)
    if (!same(mesh.mtls[k], d.mtls[k])) sim(`mesh.mtls.${k}`);
  if (mesh.discovery.propagationDelay !== d.propagationDelay) sim('mesh.discovery.propagationDelay');
}

/** The policy fields no mesh product's config holds: the resilience4j breaker and Linkerd's accrual. */
export function foreignPolicyFields(id: string, p: MeshPolicy, product: string, omissions: Omissions): void {
  if (p.circuitBreaker !== undefined)
    omissions.add(
      `mesh.policies.${id}.circuitBreaker`,
      `a client library's breaker (resilience4j); ${product} has none`,
    );
  if (p.failureAccrual !== undefined)
    omissions.add(
      `mesh.policies.${id}.failureAccrual`,
      `Linkerd's failure accrual; ${product} ejects by outlier detection`,
    );
}

/** The defaults of `product`'s policy, the same for every service. */
export function defaultPolicy(product: MeshProfileName): MeshPolicy {
  return meshProfile(product).policy;
}
