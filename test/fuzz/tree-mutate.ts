/**
 * Mutations of a parsed YAML tree: a value set to an extreme, a string or key made hostile, a subtree
 * duplicated many times (variants, schedule steps, services, documents), an alias bomb, a key deleted
 * or swapped, a value of another type. Each mutation edits the `yaml` package's document in place;
 * text that YAML cannot produce from a value (`1e400`, `.nan`, an alias bomb, deep nesting) goes in
 * through a placeholder scalar replaced after stringifying.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  Pair,
  Scalar,
  type Document,
  type Node,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { EXTREME_DURATIONS, EXTREME_NUMBERS, hostileString } from './hostile-values';
import type { Random } from './random';

/** A place in the tree that holds a value: a map pair's value or a sequence's item. */
interface Slot {
  readonly path: string;
  readonly container: YAMLMap | YAMLSeq;
  readonly index: number;
  get(): unknown;
  set(value: unknown): void;
}

/** Raw YAML text waiting to replace its placeholder scalar once the document is a string. */
export interface RawInsertions {
  readonly byToken: Map<string, string>;
}

/** A scalar that stringifies as `text` verbatim (see {@link fillRaw}). */
function raw(text: string, inserts: RawInsertions): Scalar {
  const token = `fuzzraw${inserts.byToken.size}q${text.length}z`;
  inserts.byToken.set(token, text);
  return new Scalar(token);
}

/** Replaces each placeholder of `inserts` in `text` by its raw YAML. */
export function fillRaw(text: string, inserts: RawInsertions): string {
  let out = text;
  for (const [token, rawText] of inserts.byToken) out = out.split(token).join(rawText);
  return out;
}

/** Every slot of the tree under `root`, depth first. */
function slotsOf(root: unknown, path = ''): Slot[] {
  const out: Slot[] = [];
  if (isMap(root)) {
    root.items.forEach((pair, index) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      const at = path ? `${path}.${key}` : key;
      out.push({
        path: at,
        container: root,
        index,
        get: () => pair.value,
        set: (v) => void (pair.value = v),
      });
      out.push(...slotsOf(pair.value, at));
    });
  } else if (isSeq(root)) {
    root.items.forEach((_item, index) => {
      const at = path ? `${path}.${index}` : String(index);
      out.push({
        path: at,
        container: root,
        index,
        get: () => root.items[index],
        set: (v) => void (root.items[index] = v),
      });
      out.push(...slotsOf(root.items[index], at));
    });
  }
  return out;
}

const DURATION = /^-?[\d.]+(e-?\d+)?\s*(us|µs|ms|s|m|h)$/;

/** The text length of one more copy of a parsed item (a pair with its key), or a guess for one the fuzzer made. */
function sizeOf(item: unknown): number {
  const [node, start] = isPair(item)
    ? [item.value, (item.key as Node | null)?.range?.[0]]
    : [item, undefined];
  const range = (node as Node | null)?.range;
  // Its indentation and line break, as a block item is printed.
  return range ? range[2] - (start ?? range[0]) + 8 : 64;
}

/** A YAML text nesting `depth` flow sequences, to find recursion without a bound. */
function nested(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/**
 * An alias bomb in one flow node: level 0 is ten strings, each level ten references to the one below,
 * so `depth` levels stand for 10^depth values in a few hundred characters.
 */
export function aliasBomb(depth: number, tag: string): string {
  let text = `&${tag}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`;
  for (let level = 1; level <= depth; level++) {
    const ref = `*${tag}${level - 1}`;
    text = `&${tag}${level} [${text}, ${Array(9).fill(ref).join(', ')}]`;
  }
  return text;
}

/** The tree mutations, by name, with their relative weights. */
export const TREE_MUTATIONS = {
  'extreme number': 4,
  'hostile string': 3,
  'hostile key': 2,
  'duplicate subtree': 3,
  'alias bomb': 1,
  'delete key': 2,
  'swap values': 1,
  'change type': 2,
} as const;

/** One tree mutation's name. */
export type TreeMutation = keyof typeof TREE_MUTATIONS;

/**
 * Applies `mutation` to `doc` and describes what it did, or returns undefined when the tree has no
 * place for it (an empty document). Copies add at most about `room` characters (one at least).
 */
export function mutateTree(
  doc: Document,
  mutation: TreeMutation,
  random: Random,
  inserts: RawInsertions,
  room: number,
): string | undefined {
  const slots = slotsOf(doc.contents);
  if (slots.length === 0) return undefined;
  switch (mutation) {
    case 'extreme number': {
      const numeric = slots.filter((s) => {
        const v = s.get();
        return (
          isScalar(v) &&
          (typeof v.value === 'number' || (typeof v.value === 'string' && DURATION.test(v.value)))
        );
      });
      const slot = random.pick(numeric.length > 0 ? numeric : slots);
      const value = random.chance(0.4) ? random.pick(EXTREME_DURATIONS) : random.pick(EXTREME_NUMBERS);
      slot.set(typeof value === 'number' ? new Scalar(value) : raw(value === '' ? "''" : value, inserts));
      return `${slot.path} = ${String(value)}`;
    }
    case 'hostile string': {
      const strings = slots.filter((s) => {
        const v = s.get();
        return isScalar(v) && typeof v.value === 'string';
      });
      const slot = random.pick(strings.length > 0 ? strings : slots);
      const v = slot.get();
      const original = isScalar(v) && typeof v.value === 'string' ? v.value : '';
      const { value, kind } = hostileString(random, original);
      slot.set(new Scalar(value));
      return `${slot.path} = ${kind} (${value.length} chars)`;
    }
    case 'hostile key': {
      const inMaps = slots.filter((s) => isMap(s.container));
      if (inMaps.length === 0) return undefined;
      const slot = random.pick(inMaps);
      const pair = (slot.container as YAMLMap).items[slot.index];
      const original = isScalar(pair.key) ? String(pair.key.value) : '';
      const { value, kind } = hostileString(random, original);
      pair.key = new Scalar(value);
      return `key ${slot.path} renamed: ${kind} (${value.length} chars)`;
    }
    case 'duplicate subtree': {
      const collections = slots.filter((s) => {
        const v = s.get();
        return (isSeq(v) || isMap(v)) && v.items.length > 0;
      });
      if (collections.length === 0) return undefined;
      const slot = random.pick(collections);
      const collection = slot.get() as YAMLMap | YAMLSeq;
      const which = random.int(collection.items.length);
      const item = collection.items[which];
      const wanted = random.pick([2, 10, 100, 1_000, 2_000, 20_000]);
      const copies = Math.max(1, Math.min(wanted, Math.floor(room / sizeOf(item))));
      for (let i = 0; i < copies; i++) {
        if (isSeq(collection)) collection.items.push(cloned(item));
        else {
          const pair = item as Pair;
          const key = isScalar(pair.key) ? String(pair.key.value) : 'copy';
          collection.items.push(new Pair(new Scalar(`${key}-${i + 2}`), cloned(pair.value)));
        }
      }
      return `${slot.path}: item ${which} copied ${copies} times`;
    }
    case 'alias bomb': {
      const slot = random.pick(slots);
      const depth = 3 + random.int(7);
      slot.set(raw(aliasBomb(depth, `b${inserts.byToken.size}x`), inserts));
      return `${slot.path} = alias bomb of 10^${depth}`;
    }
    case 'delete key': {
      const slot = random.pick(slots);
      slot.container.items.splice(slot.index, 1);
      return `${slot.path} deleted`;
    }
    case 'swap values': {
      const slot = random.pick(slots);
      const siblings = slots.filter((s) => s.container === slot.container && s !== slot);
      const other = siblings.length > 0 ? random.pick(siblings) : random.pick(slots);
      const a = slot.get();
      slot.set(cloned(other.get()));
      other.set(cloned(a));
      return `${slot.path} swapped with ${other.path}`;
    }
    case 'change type': {
      const slot = random.pick(slots);
      const replacement = random.pick([
        '{}',
        '[]',
        'null',
        '~',
        'true',
        "'text'",
        '42',
        '{ a: 1 }',
        '[1, 2]',
        '!!binary aGVsbG8=',
        '!custom x',
        '"\\u0000"',
        nested(random.pick([100, 1_000, 100_000])),
      ]);
      slot.set(raw(replacement, inserts));
      return `${slot.path} = ${replacement.slice(0, 24)}`;
    }
  }
}

/** A deep copy of a node, so that a copy's later mutation leaves the original alone. */
function cloned(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'clone' in value
    ? (value as { clone(): unknown }).clone()
    : value;
}
