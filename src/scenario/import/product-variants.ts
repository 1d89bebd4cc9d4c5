/**
 * A bundle holding several products' config of one kind (Istio, Consul, ... for the mesh; Kong, ...
 * for the gateway) cannot run them at once: a call goes through one mesh and one gateway. It runs
 * one variant per product instead, each made from that product's config and everything else of the
 * bundle (the scenario document, the other kind's config, the Kubernetes documents), side by side
 * on the same traffic: a comparison of the products as their own config writes them.
 */
import type { Pos, Reporter } from '../diagnostics';
import type { LMap } from '../positions';
import { warnAt } from './config-entity';
import type { RawScenario } from './types';

/** The kind of product a bundle compares. */
export type ProductKind = 'mesh' | 'gateway';

/** A selection of a bundle's documents, as the bundle's reader sorts them. */
export interface ProductSelection<Sorted> {
  /** The product, as it names the variant. */
  readonly product: string;
  readonly kind: ProductKind;
  readonly sorted: Sorted;
}

/** The scenario one product's selection made. */
export interface ProductScenario {
  readonly product: string;
  readonly kind: ProductKind;
  readonly scenario: RawScenario;
}

/** What of one kind (mesh or gateway) a bundle holds: each product's own documents, in bundle order. */
export interface ProductDocs<Doc> {
  readonly product: string;
  readonly docs: readonly Doc[];
}

/** Fields a variant's patch never carries: the variant's own name, and the scenario's text and variants. */
const NOT_PATCHED = new Set(['name', 'description', 'variants']);

/**
 * The products of the kind a bundle holds several of, each with the selection its variant is made
 * from (`select`); undefined when every kind has at most one product (one scenario, no variants).
 * Several of both kinds is an error at the second gateway's first document: the variants would be
 * every pair, which a reader of the comparison could not follow.
 */
export function productSelections<
  Doc extends { readonly root: { readonly pos: Pos }; readonly r: Reporter },
  Sorted,
>(
  meshes: readonly ProductDocs<Doc>[],
  gateways: readonly ProductDocs<Doc>[],
  select: (
    mesh: ProductDocs<Doc> | undefined,
    gateway: ProductDocs<Doc> | undefined,
    comparing: ProductKind,
  ) => Sorted,
): ProductSelection<Sorted>[] | undefined {
  const mesh = meshes.filter((m) => m.docs.length > 0);
  const gateway = gateways.filter((g) => g.docs.length > 0);
  if (mesh.length <= 1 && gateway.length <= 1) return undefined;
  if (mesh.length > 1 && gateway.length > 1) {
    const at = gateway[1].docs[0];
    at.r.error(at.root.pos, [], {
      message: `a bundle compares several products of one kind: it holds ${mesh.map((m) => m.product).join(', ')} (meshes) and ${gateway.map((g) => g.product).join(', ')} (gateways)`,
      hint: 'keep one gateway and compare the meshes, or one mesh and compare the gateways',
    });
    return [];
  }
  if (mesh.length > 1)
    return mesh.map((m) => ({ product: m.product, kind: 'mesh', sorted: select(m, gateway[0], 'mesh') }));
  return gateway.map((g) => ({ product: g.product, kind: 'gateway', sorted: select(mesh[0], g, 'gateway') }));
}

/**
 * One scenario running `made`'s products as variants, named by product: the first product's
 * scenario is the base, and each variant a patch (JSON Merge Patch, as the format's variants are)
 * that turns the base into its product's scenario. The description says so. A scenario document
 * with variants of its own is an error at them: the products are the variants.
 */
export function productVariants(
  made: readonly ProductScenario[],
  scenarioDoc: { readonly root: LMap; readonly r: Reporter } | undefined,
): RawScenario | undefined {
  const own = scenarioDoc?.root.entries.get('variants');
  if (own !== undefined && scenarioDoc !== undefined) {
    warnAt(
      { r: scenarioDoc.r, pos: own.keyPos, path: ['variants'] },
      `the bundle runs one variant per product (${made.map((m) => m.product).join(', ')}); the scenario document's own variants are left out`,
    );
  }
  const base = made[0].scenario;
  const body = bodyOf(base);
  const variants = made.map((m) => ({ name: m.product, ...mergePatch(body, bodyOf(m.scenario)) }));
  const products = made.map((m) => m.product).join(', ');
  const note = `Each variant runs one ${made[0].kind} product's config, on the same traffic: ${products}.\n`;
  const description = typeof base.description === 'string' ? `${base.description}${note}` : note;
  return { ...base, description, variants };
}

/** A scenario's fields that a variant may patch. */
function bodyOf(scenario: RawScenario): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scenario)) if (!NOT_PATCHED.has(key)) out[key] = value;
  return out;
}

/**
 * The JSON Merge Patch (RFC 7386) that turns `from` into `to`: a key whose value differs takes
 * `to`'s (maps recursively, anything else whole), a key `to` lacks is null, an equal key is left out.
 */
export function mergePatch(
  from: Record<string, unknown>,
  to: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (isMap(before) && isMap(value)) {
      const inner = mergePatch(before, value);
      if (Object.keys(inner).length > 0) patch[key] = inner;
    } else if (!Object.hasOwn(from, key) || JSON.stringify(before) !== JSON.stringify(value))
      patch[key] = value;
  }
  for (const key of Object.keys(from)) if (!Object.hasOwn(to, key)) patch[key] = null;
  return patch;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
