/**
 * Variants: `variants: [{name, ...patch}]`, each patch merged over the base document before it is
 * checked, as in JSON Merge Patch (RFC 7386): mappings merge recursively, lists and scalars replace,
 * and null removes a field (`gateway: null` runs the same traffic with no gateway). Merging works on
 * the located tree, so every value keeps the position of the text it came from.
 */
import type { Reporter } from './diagnostics';
import type { LEntry, LMap, LNode } from './positions';
import { bad } from './checks';

/** A variant's name and its patch (the mapping without `name`). */
export interface VariantPatch {
  readonly name: string;
  readonly index: number;
  readonly patch: LMap;
}

const isNull = (n: LNode): boolean => n.kind === 'scalar' && n.value === null;

/**
 * `patch` merged over `base`. A mapping present on both sides keeps the base's position (a missing
 * field is reported where the base wrote the mapping); everything the patch brings keeps the patch's.
 */
export function mergePatch(base: LNode, patch: LNode): LNode {
  if (base.kind !== 'map' || patch.kind !== 'map') return patch;
  const entries = new Map<string, LEntry>(base.entries);
  for (const [k, e] of patch.entries) {
    const old = entries.get(k);
    if (isNull(e.value)) entries.delete(k);
    else if (old !== undefined && old.value.kind === 'map' && e.value.kind === 'map')
      entries.set(k, { keyPos: old.keyPos, value: mergePatch(old.value, e.value) });
    else entries.set(k, e);
  }
  return { kind: 'map', pos: base.pos, entries };
}

/** The document without its `variants` entry: the base scenario. */
export function withoutVariants(root: LMap): LMap {
  const entries = new Map(root.entries);
  entries.delete('variants');
  return { ...root, entries };
}

/** Reads the `variants` list: each a mapping with a unique `name`; reports problems and skips bad items. */
export function readVariants(node: LNode | undefined, r: Reporter): VariantPatch[] {
  if (node === undefined || isNull(node)) return [];
  const expects = 'a list of {name, ...fields to change}';
  if (node.kind !== 'seq') {
    bad(r, node, ['variants'], 'must be a list', expects);
    return [];
  }
  const out: VariantPatch[] = [];
  const seen = new Map<string, number>();
  node.items.forEach((item, index) => {
    const path = ['variants', index];
    if (item.kind !== 'map') return void bad(r, item, path, 'must be a mapping', expects);
    const nameNode = item.entries.get('name')?.value;
    if (nameNode === undefined)
      return void r.error(item.pos, [...path, 'name'], {
        message: 'missing required field "name"',
        expected: 'a string',
      });
    if (nameNode.kind !== 'scalar' || typeof nameNode.value !== 'string' || nameNode.value === '') {
      return void bad(r, nameNode, [...path, 'name'], 'must be a non-empty string', 'a string');
    }
    const name = nameNode.value;
    const nested = item.entries.get('variants');
    if (nested !== undefined)
      return void r.error(nested.keyPos, [...path, 'variants'], {
        message: 'a variant cannot have variants of its own',
      });
    const firstLine = seen.get(name);
    if (firstLine !== undefined) {
      return void r.error(nameNode.pos, [...path, 'name'], {
        message: `duplicate variant name "${name}"`,
        hint: `first used at line ${firstLine}`,
      });
    }
    seen.set(name, nameNode.pos.line);
    const entries = new Map(item.entries);
    entries.delete('name');
    out.push({ name, index, patch: { kind: 'map', pos: item.pos, entries } });
  });
  return out;
}
