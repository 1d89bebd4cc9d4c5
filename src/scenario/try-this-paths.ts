/**
 * A lesson's "try this" paths must lead somewhere: the page follows them into the text (mapping keys,
 * list indices, a list item's `id`, a variant's `name`) and a path that leads nowhere would make its
 * button do nothing. A missing mapping key is fine (the page adds it), but not a list index under it.
 */
import type { Reporter } from './diagnostics';
import type { LNode } from './positions';

/** Why `path` cannot be followed in `root`, or undefined when it can. */
export function tryThisPathProblem(root: LNode, path: string): string | undefined {
  const steps = path.split('.');
  let node: LNode | undefined = root;
  const walked: string[] = [];
  for (const step of steps) {
    if (step === '') return `"${path}" has an empty step`;
    const here = walked.length ? walked.join('.') : 'the file';
    if (node === undefined) {
      if (/^\d+$/.test(step)) return `${here} does not exist, so it has no item ${step}`;
    } else if (node.kind === 'seq') {
      const items: readonly LNode[] = node.items;
      const index = /^\d+$/.test(step) ? Number(step) : items.findIndex((item) => itemName(item) === step);
      if (index < 0 || index >= items.length) {
        const names = items.map(itemName).filter((n) => n !== undefined);
        return `${here} has no item "${step}"` + (names.length ? ` (it has ${names.join(', ')})` : '');
      }
      node = items[index];
    } else if (node.kind === 'map') {
      node = node.entries.get(step)?.value;
    } else {
      return `${here} is a single value, so it has no "${step}"`;
    }
    walked.push(step);
  }
  return undefined;
}

function itemName(item: LNode): string | undefined {
  if (item.kind !== 'map') return undefined;
  for (const key of ['id', 'name']) {
    const v = item.entries.get(key)?.value;
    if (v?.kind === 'scalar' && v.value !== null) return String(v.value);
  }
  return undefined;
}

/** Reports every "try this" path of the document `root` that leads nowhere, at the path's key. */
export function checkTryThisPaths(root: LNode, r: Reporter): void {
  const list = root.kind === 'map' ? root.entries.get('tryThis')?.value : undefined;
  if (list?.kind !== 'seq') return;
  list.items.forEach((item, i) => {
    const set = item.kind === 'map' ? item.entries.get('set')?.value : undefined;
    if (set?.kind !== 'map') return;
    for (const [path, entry] of set.entries) {
      const problem = tryThisPathProblem(root, path);
      if (problem === undefined) continue;
      r.error(entry.keyPos, ['tryThis', i, 'set', path], {
        message: `this path leads nowhere: ${problem}`,
        hint: "a path goes down by mapping keys, list indices, a list item's id or a variant's name",
      });
    }
  });
}
