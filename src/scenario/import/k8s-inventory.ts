/**
 * What a bundle's Kubernetes documents say about the workloads behind the mesh: Deployments (and
 * the other workload kinds) with their pod labels, replicas and service account; Services with
 * their selectors; ServiceAccounts. k8s-placement.ts turns them into meshsim services, instance
 * counts and identities once every document is read.
 */
import type { Where } from './config-entity';

/** Labels as written: name to value. */
export type Labels = Readonly<Record<string, string>>;

/** A Deployment, StatefulSet, ReplicaSet, DaemonSet or Pod: pods alike, run under one account. */
export interface Workload {
  /** `Deployment reviews-v1`, for messages. */
  readonly source: string;
  readonly name: string;
  readonly namespace: string;
  /** The pods' labels (the template's), which Services and DestinationRule subsets select. */
  readonly labels: Labels;
  /** Pods it runs: `replicas`, default 1. */
  readonly replicas: number;
  /** The pods' service account: `serviceAccountName`, default `default`. */
  readonly account: string;
  readonly at: Where;
}

/** A Kubernetes Service: the host callers name, and the pods it sends them to. */
export interface KubeService {
  readonly name: string;
  readonly namespace: string;
  /** Absent: a Service without a selector, whose endpoints are written by hand. */
  readonly selector?: Labels;
  readonly at: Where;
}

/** The Kubernetes documents of a bundle. */
export class KubeInventory {
  readonly workloads: Workload[] = [];
  readonly services: KubeService[] = [];
  /** ServiceAccounts declared, by `namespace/name`. */
  readonly accounts = new Map<string, Where>();
  /** Where the first Kubernetes document is. */
  first?: Where;
}

/** Whether every label of `selector` is among `labels` with the same value (an empty selector matches all). */
export function selects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
}

/** `namespace/name` of a service account: how principals and workloads meet. */
export function accountKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
