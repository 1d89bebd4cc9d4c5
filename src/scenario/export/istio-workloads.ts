/**
 * Kubernetes workloads for an Istio export, on request: per service a ServiceAccount, a Deployment
 * with `replicas` its instances (running as that account, so the principals the AuthorizationPolicies
 * name are its own) and a Service selecting its pods. Images and ports are placeholders.
 */
import type { Scenario } from '../types';

const NS = 'default';

/** A ServiceAccount, Deployment and Service for each service of the scenario. */
export function istioWorkloads(scenario: Scenario): object[] {
  return scenario.services.flatMap((s) => {
    const labels = { app: s.id };
    return [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: s.id, namespace: NS } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: s.id, namespace: NS, labels },
        spec: {
          replicas: s.instances,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: s.id,
              containers: [
                {
                  name: s.id,
                  image: `registry.example.com/${s.id}:latest`,
                  ports: [{ containerPort: 8080 }],
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: s.id, namespace: NS, labels },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      },
    ];
  });
}
