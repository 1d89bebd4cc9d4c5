/** A small file with two variants on the same arrivals (one catalog replica or two) and three replications. */
export function twoReplicas(duration: string, extra = ''): string {
  return `
name: Two replicas or one
seed: 7
duration: ${duration}
replications: 3
clients:
  - { id: shoppers, target: catalog, arrival: { rate: 80 } }
services:
  - { id: catalog, serviceTime: 8ms, instances: 1 }
variants:
  - { name: one }
  - { name: two, services: [{ id: catalog, serviceTime: 8ms, instances: 2 }] }
${extra}`;
}
