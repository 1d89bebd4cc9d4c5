/**
 * A scenario's mesh as Istio resources: the inverse of the Istio importer, so that `meshsim import`
 * of the output gives the same mesh section for every field Istio has.
 *
 * | meshsim                                         | Istio                                                     |
 * | ----------------------------------------------- | --------------------------------------------------------- |
 * | `policies.X` timeout, retries, fault, split,    | VirtualService X, one http route (or one per mesh route,   |
 * | mirror, routes (match, and their own settings)  | with its `match`)                                          |
 * | `policies.X` loadBalancer, connectTimeout,      | DestinationRule X `trafficPolicy`                          |
 * | connectionPool, outlierDetection, panicThreshold| (`outlierDetection.minHealthPercent`)                      |
 * | `mtls.mode`, `mtls.services`                    | PeerAuthentication in istio-system, and one per service    |
 * | `requestAuthentication`                         | RequestAuthentication (`jwtRules` issuers)                 |
 * | `authorization`                                 | one AuthorizationPolicy per rule; callers as principals    |
 * |                                                 | `cluster.local/ns/default/sa/ID`                           |
 *
 * With `workloads`, each service also gets a ServiceAccount, a Deployment and a Service (istio-workloads.ts).
 * Only values that differ from Istio's defaults are written, since the import fills those in. A
 * split or mirror to another service names that service as the destination host (a subset service
 * `reviews-v2` is its own host, which the import reads back as the same service).
 */
import { terminalSafe } from '../echo';
import type { Scenario } from '../types';
import { istioPolicyResources } from './istio-policies';
import { istioSecurityResources } from './istio-security';
import { istioWorkloads } from './istio-workloads';
import { meshSimulationFields } from './mesh-common';
import { Omissions, type ExportResult } from './omissions';
import { yamlDocuments } from './yaml-writer';

/** What an Istio export may add. */
export interface IstioExportOptions {
  /** Also write a ServiceAccount, Deployment (replicas: instances) and Service per service; default false. */
  readonly workloads?: boolean;
}

/** The scenario's mesh as Istio resources in one YAML stream, and the fields Istio cannot hold. */
export function exportIstio(scenario: Scenario, options: IstioExportOptions = {}): ExportResult {
  const omissions = new Omissions();
  const mesh = scenario.mesh;
  const header = [`Istio resources exported by meshsim from "${terminalSafe(scenario.name)}".`];
  if (!mesh.enabled) {
    omissions.add('mesh.enabled', 'the mesh is off: there is no Istio config to write');
    return { text: header.map((l) => `# ${l}\n`).join(''), notExported: omissions.list() };
  }
  meshSimulationFields(scenario, 'istio', omissions);
  for (const id of mesh.exclude)
    omissions.add(
      `mesh.exclude`,
      `a workload without a sidecar is a Deployment annotated sidecar.istio.io/inject: "false" (${id}); the export writes no Deployments`,
    );
  const docs = [
    ...(options.workloads ? istioWorkloads(scenario) : []),
    ...istioSecurityResources(mesh, omissions),
    ...istioPolicyResources(mesh, omissions),
  ];
  return { text: yamlDocuments(docs, header), notExported: omissions.list() };
}
