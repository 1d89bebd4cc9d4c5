/**
 * Reading one Istio resource or Consul config entry (or a part of one: a route, a trafficPolicy, a
 * source) field by field, as every {@link ConfigEntity} is read. What is the meshes' own: the
 * product named in messages, nested mappings read as entities of the same product, numbers within
 * inclusive bounds, and Go durations (`1m30s`), which both products write.
 */
import type { Path, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { ConfigEntity, mappingOf, type Bounds } from './config-entity';

/** Whose config is read: it names the product in messages. */
export type MeshProduct = 'Istio' | 'Consul' | 'Linkerd' | 'Kubernetes';

/** Milliseconds per unit of a Go duration (`time.ParseDuration`), which both products write. */
const GO_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds of a Go duration (`1m30s`, `250ms`, `0`), or undefined. */
export function parseGoDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  if (t === '') return undefined;
  let ms = 0;
  GO_PART.lastIndex = 0;
  while (GO_PART.lastIndex < t.length) {
    const m = GO_PART.exec(t);
    if (m === null) return undefined;
    ms += Number(m[1]) * GO_UNITS[m[2]];
  }
  // toPrecision drops binary noise (0.1s is 100ms, not 100.00000000000001ms).
  return Number(ms.toPrecision(12));
}

/** One mapping of a resource being read. */
export class MeshEntity extends ConfigEntity {
  constructor(
    node: LMap,
    path: Path,
    r: Reporter,
    readonly product: MeshProduct,
    /** For messages: `VirtualService`, `DestinationRule trafficPolicy`, `service-router route`. */
    readonly kind: string,
    /** Every field the product defines here, to tell a typo (with a suggestion) from a known field. */
    fields?: readonly string[],
  ) {
    super(node, path, r, labelOf(product, kind), fields);
  }

  /** The entity at `node`, or undefined (with an error) when `node` is not a mapping. */
  static of(
    node: LNode,
    path: Path,
    r: Reporter,
    product: MeshProduct,
    kind: string,
    fields?: readonly string[],
  ): MeshEntity | undefined {
    const map = mappingOf(node, path, r, labelOf(product, kind));
    return map === undefined ? undefined : new MeshEntity(map, path, r, product, kind, fields);
  }

  /** The mapping under `key` as an entity of its own. */
  child(key: string, kind: string, fields?: readonly string[]): MeshEntity | undefined {
    const v = this.take(key);
    return v === undefined
      ? undefined
      : MeshEntity.of(v, [...this.path, key], this.r, this.product, kind, fields);
  }

  /** The mappings of the list under `key`, each as an entity, with its index. */
  children(key: string, kind: string, fields?: readonly string[]): { e: MeshEntity; i: number }[] {
    const out: { e: MeshEntity; i: number }[] = [];
    this.list(key)?.forEach((n, i) => {
      const e = MeshEntity.of(n, [...this.path, key, i], this.r, this.product, kind, fields);
      if (e !== undefined) out.push({ e, i });
    });
    return out;
  }

  /** A number field within `bounds`. */
  num(key: string, bounds: Bounds): number | undefined {
    return this.number(
      key,
      (n) => n >= bounds.min && n <= bounds.max,
      `a number from ${bounds.min} to ${bounds.max}`,
    );
  }

  /**
   * A mapping of labels (`app: reviews`), values as text (YAML reads `version: 2` as a number,
   * which Kubernetes would refuse; meshsim reads it as "2"); undefined when absent or not a mapping.
   */
  labels(key: string): Record<string, string> | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v.kind !== 'map') return this.wrong(key, v, 'a mapping of label names to values');
    const out: Record<string, string> = {};
    for (const [k, e] of v.entries)
      if (e.value.kind === 'scalar' && e.value.value !== null)
        Object.defineProperty(out, k, { value: String(e.value.value), enumerable: true });
    return out;
  }

  /** A Go duration (`10s`, `1m30s`, `250ms`) in milliseconds; `positive` refuses zero. */
  duration(key: string, positive = false): number | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    const raw = v.kind === 'scalar' ? v.value : undefined;
    const ms = typeof raw === 'string' ? parseGoDuration(raw) : raw === 0 ? 0 : undefined;
    if (ms !== undefined && Number.isFinite(ms) && (ms > 0 || (!positive && ms === 0))) return ms;
    return this.wrong(key, v, `${positive ? 'a positive' : 'a'} duration such as 250ms, 10s or 1m30s`);
  }
}

/** `an Istio VirtualService`, `a Consul service-router entry`. */
function labelOf(product: MeshProduct, kind: string): string {
  return `${product === 'Istio' ? 'an' : 'a'} ${product} ${kind}`;
}

/**
 * A Kubernetes-style resource's `apiVersion` and `kind`, read from `e` (an entity over the document
 * at `root`); undefined when either is not a string, with an error at the document naming `expected`
 * (the kinds the product reads) when `kind` is missing altogether.
 */
export function apiVersionAndKind(
  e: MeshEntity,
  root: LMap,
  r: Reporter,
  expected: string,
): { readonly apiVersion: string; readonly kind: string } | undefined {
  const apiVersion = e.str('apiVersion');
  const kind = e.str('kind');
  if (apiVersion !== undefined && kind !== undefined) return { apiVersion, kind };
  if (!e.has('kind'))
    r.error(root.pos, [], {
      message: 'a resource with apiVersion needs a kind',
      expected: `kind: ${expected}`,
    });
  return undefined;
}
