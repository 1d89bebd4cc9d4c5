/**
 * Which Kubernetes documents make a bundle Linkerd's: a resource of a Linkerd API group
 * (`linkerd.io` ServiceProfile, `policy.linkerd.io` Server, AuthorizationPolicy, HTTPRoute, ...),
 * an SMI TrafficSplit (`split.smi-spec.io`, which Linkerd implements), or a workload or namespace
 * annotated `linkerd.io/inject`. One such document makes every `apiVersion` document of the
 * bundle Linkerd's: its Gateway API HTTPRoutes and its Deployments and Services are then read as
 * Linkerd reads them. A bundle without one stays as the Istio importer reads it; one with Istio's
 * own resources too compares the two meshes, each variant taking its own resources.
 */
import type { LMap, LNode } from '../positions';

/** The SMI traffic split API group, which Linkerd implements (with its SMI extension). */
export const SMI_SPLIT_GROUP = 'split.smi-spec.io';

/** Whether `group` is one of Linkerd's API groups (`linkerd.io`, `policy.linkerd.io`, ...) or SMI's split. */
export function isLinkerdGroup(group: string): boolean {
  return group === 'linkerd.io' || group.endsWith('.linkerd.io') || group === SMI_SPLIT_GROUP;
}

/** The API group of `apiVersion: GROUP/VERSION` (`''` for the core group's `v1`). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/** Whether `root` is a resource of a Linkerd API group, or an SMI TrafficSplit. */
export function isLinkerdResource(root: LMap): boolean {
  const apiVersion = scalarText(root.entries.get('apiVersion')?.value);
  return apiVersion !== undefined && isLinkerdGroup(groupOf(apiVersion));
}

/**
 * Whether the `apiVersion` documents `roots` are Linkerd's: one is (below), and none is one of
 * Istio's own (`*.istio.io`), whose presence makes the bundle compare the two meshes instead.
 */
export function isLinkerdBundle(roots: readonly LMap[]): boolean {
  const istio = (root: LMap): boolean =>
    groupOf(scalarText(root.entries.get('apiVersion')?.value) ?? '').endsWith('istio.io');
  return roots.some(isLinkerdDocument) && !roots.some(istio);
}

/** Whether `root` is a Linkerd resource or a resource annotated for Linkerd's proxy injection. */
export function isLinkerdDocument(root: LMap): boolean {
  const apiVersion = scalarText(root.entries.get('apiVersion')?.value);
  if (apiVersion === undefined) return false;
  if (isLinkerdGroup(groupOf(apiVersion))) return true;
  const template = mapAt(mapAt(root, 'spec'), 'template');
  return [mapAt(root, 'metadata'), mapAt(template, 'metadata')].some((m) =>
    [...(mapAt(m, 'annotations')?.entries.keys() ?? [])].some((k) => k === 'linkerd.io/inject'),
  );
}

function mapAt(node: LNode | undefined, key: string): LMap | undefined {
  const v = node?.kind === 'map' ? node.entries.get(key)?.value : undefined;
  return v?.kind === 'map' ? v : undefined;
}

function scalarText(node: LNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}
