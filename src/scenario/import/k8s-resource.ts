/**
 * The fields every Kubernetes resource has, whatever its kind: Istio's, Kubernetes' own and
 * consul-k8s's custom resources alike, so that their readers agree on what is read and what is not.
 */

/** The top-level fields of a resource. */
export const RESOURCE_FIELDS: readonly string[] = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

/** Metadata fields the cluster writes (a `kubectl get -o yaml` dump has them): never warned about. */
export const WRITTEN_BY_KUBERNETES: readonly string[] = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'ownerReferences',
  'finalizers',
  'generateName',
  'selfLink',
];
