/**
 * One mapping of a Consul config entry, read as Consul's decoder reads it: a field matches
 * whatever its case, with or without underscores, so `PathPrefix` (the HCL and JSON of the docs),
 * `path_prefix` (HashiCorp's demos, the snake_case the API also takes) and `pathPrefix` (the
 * consul-k8s custom resources) are one field. Keys that are data rather than fields (subset
 * names, `Failover` keys, `Meta`) are read as written. Diagnostics name a field as it is written.
 */
import type { Path, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { mappingOf } from './config-entity';
import { normalKey } from './hcl';
import { MeshEntity } from './mesh-entity';

/** A mapping of a Consul config entry (or of its custom resource's `spec`). */
export class ConsulEntity extends MeshEntity {
  constructor(node: LMap, path: Path, r: Reporter, kind: string, fields?: readonly string[]) {
    super(node, path, r, 'Consul', kind, fields);
  }

  override child(key: string, kind: string, fields?: readonly string[]): ConsulEntity | undefined {
    const v = this.take(key);
    return v === undefined
      ? undefined
      : consulEntity(v, [...this.path, this.keyOf(key)], this.r, kind, fields);
  }

  override children(key: string, kind: string, fields?: readonly string[]): { e: ConsulEntity; i: number }[] {
    const out: { e: ConsulEntity; i: number }[] = [];
    this.list(key)?.forEach((n, i) => {
      const e = consulEntity(n, [...this.path, this.keyOf(key), i], this.r, kind, fields);
      if (e !== undefined) out.push({ e, i });
    });
    return out;
  }

  /** The value written under the field `key`, however it is spelt, without marking it read. */
  peek(key: string): LNode | undefined {
    return this.node.entries.get(this.keyOf(key))?.value;
  }

  protected override keyOf(key: string): string {
    if (this.node.entries.has(key)) return key;
    const want = normalKey(key);
    for (const k of this.node.entries.keys()) if (normalKey(k) === want) return k;
    return key;
  }

  protected override isField(key: string): boolean {
    const want = normalKey(key);
    return this.fields?.some((f) => normalKey(f) === want) ?? false;
  }

  protected override whyLeftOut(key: string, notes: Readonly<Record<string, string>>): string | undefined {
    const want = normalKey(key);
    const k = Object.keys(notes).find((n) => normalKey(n) === want);
    return k === undefined ? undefined : notes[k];
  }
}

/** The entity at `node`, or undefined (with an error naming `kind`) when `node` is not a mapping. */
export function consulEntity(
  node: LNode,
  path: Path,
  r: Reporter,
  kind: string,
  fields?: readonly string[],
): ConsulEntity | undefined {
  const map = mappingOf(node, path, r, `a Consul ${kind}`);
  return map === undefined ? undefined : new ConsulEntity(map, path, r, kind, fields);
}
