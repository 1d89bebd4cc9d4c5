/**
 * One box of the diagram as plain data: what the model's view lays out and the worker's frames hand
 * the page, written once here, below both.
 */

/** What a node of the diagram is. */
export type DiagramNodeKind = 'client' | 'gateway' | 'service' | 'sidecar';

/** One node: a client, the gateway, a service or a sidecar. */
export interface DiagramNode {
  /** Unique: the client's, gateway's or service's id; a sidecar's is `<workload> sidecar`. */
  readonly id: string;
  readonly kind: DiagramNodeKind;
  /** Instance slots (a service that scales up has more than it starts with); 0 for a client. */
  readonly instances: number;
  /** Workers per instance; 0 for a client. */
  readonly concurrency: number;
  /** Waiting calls an instance holds before 503; -1 for unlimited or a client. */
  readonly queueLimit: number;
  /** For a sidecar, the id of its workload. */
  readonly sidecarOf?: string;
  /** Offset of the node's first instance in the per-instance columns; -1 for a client. */
  readonly slot: number;
  /** Where it runs, when the scenario names regions (a sidecar runs where its workload does). */
  readonly region?: string;
  /**
   * A one-way message queue (`kind: queue`): its callers are answered once a message is in, and its
   * workers are the consumers that drain it. Absent for every other node.
   */
  readonly oneWay?: true;
}
