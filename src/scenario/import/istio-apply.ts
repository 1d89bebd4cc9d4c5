/**
 * The order in which a bundle's Kubernetes resources take effect, as `kubectl apply -f a.yaml -f
 * b.yaml` gives them: documents in file order, files in the order given, and a document with the
 * kind, namespace and name of an earlier one replaces it. The Istio traffic-management tasks rely
 * on this: `virtual-service-reviews-50-v3.yaml` replaces the VirtualService `reviews` that
 * `virtual-service-all-v1.yaml` created.
 *
 * A replaced resource keeps its place: Kubernetes keeps its creation timestamp, by which Istio
 * orders resources where it keeps one of two (two VirtualServices for one host of the mesh: the
 * oldest). Documents without a name (Kubernetes refuses them; the readers say so) are all kept.
 */
import type { LMap, LNode } from '../positions';

/** One document with an `apiVersion`, as the bundle read it. */
export interface AppliedDoc<D extends { readonly root: LMap }> {
  /** The document that is in effect: the last one applied under this identity. */
  readonly doc: D;
  /** The documents it replaced, first applied first. */
  readonly replaced: readonly D[];
}

/** The documents in effect, each at the place of the first document of its identity. */
export function appliedInOrder<D extends { readonly root: LMap }>(docs: readonly D[]): AppliedDoc<D>[] {
  const byIdentity = new Map<string, { doc: D; replaced: D[] }>();
  const out: { doc: D; replaced: D[] }[] = [];
  for (const doc of docs) {
    const id = identity(doc.root);
    const earlier = id === undefined ? undefined : byIdentity.get(id);
    if (earlier !== undefined) {
      earlier.replaced.push(earlier.doc);
      earlier.doc = doc;
      continue;
    }
    const slot = { doc, replaced: [] };
    if (id !== undefined) byIdentity.set(id, slot);
    out.push(slot);
  }
  return out;
}

/**
 * `group kind namespace name`: what `kubectl apply` identifies a resource by. The API version is
 * not part of it (`v1beta1` and `v1` of one group are one resource); a missing namespace is
 * `default`, where `kubectl apply` puts it without `-n`.
 */
function identity(root: LMap): string | undefined {
  const apiVersion = text(root.entries.get('apiVersion')?.value);
  const kind = text(root.entries.get('kind')?.value);
  const metadata = root.entries.get('metadata')?.value;
  const name = metadata?.kind === 'map' ? text(metadata.entries.get('name')?.value) : undefined;
  if (apiVersion === undefined || kind === undefined || name === undefined) return undefined;
  const namespace = metadata?.kind === 'map' ? text(metadata.entries.get('namespace')?.value) : undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return JSON.stringify([group, kind, namespace ?? 'default', name]);
}

function text(node: LNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' && node.value !== ''
    ? node.value
    : undefined;
}
