/**
 * One fuzz case's input: a seed input with one to three mutations applied, at the YAML tree level
 * most of the time (parse with the `yaml` package, edit, stringify), at the text level otherwise,
 * and for multi-document files sometimes at the document level (a document repeated hundreds of
 * times, each with an alias bomb under a per-document cap).
 */
import { parseAllDocuments, type Document } from 'yaml';
import type { FuzzInput, InputFile } from './corpus';
import type { Random } from './random';
import { aliasBomb, fillRaw, mutateTree, TREE_MUTATIONS, type RawInsertions } from './tree-mutate';
import { mutateText, TEXT_MUTATIONS } from './text-mutate';

/** The files of a mutated input and what was done to them, in order. */
export interface MutatedInput {
  readonly files: readonly InputFile[];
  readonly mutations: readonly string[];
}

/** Most copies stay under this many bytes, so that a case runs in milliseconds. */
const USUAL_BYTES = 16_000;
/** A few grow files this far: many variants, steps or documents that still parse. */
const LARGE_BYTES = 150_000;
/** And fewer this far, past the parse bounds, to check they are refused rather than parsed. */
const HUGE_BYTES = 4_000_000;
/** Share of mutations done on the text rather than the tree. */
const TEXT_SHARE = 0.25;

/** Mutates one file of `input` (sometimes two of a folder) one to three times. */
export function mutateInput(input: FuzzInput, random: Random): MutatedInput {
  const files = [...input.files];
  const mutations: string[] = [];
  const size = random.next();
  const maxBytes = size < 0.005 ? HUGE_BYTES : size < 0.02 ? LARGE_BYTES : USUAL_BYTES;
  const touched = files.length > 1 && random.chance(0.2) ? 2 : 1;
  for (let t = 0; t < touched; t++) {
    const which = random.int(files.length);
    // One mutation mostly: each more makes a file that is refused early more likely.
    const count = random.pick([1, 1, 1, 1, 2, 2, 3]);
    let text = files[which].text;
    let tree = !files[which].path.endsWith('.hcl');
    for (let m = 0; m < count; m++) {
      // What a mutation may add: the file's growth is bounded, not each step's.
      const done = mutateOnce(text, tree, random, Math.max(maxBytes - text.length, 0));
      text = done.text;
      tree = done.tree;
      mutations.push(`${files[which].path}: ${done.what}`);
    }
    files[which] = { path: files[which].path, text };
  }
  return { files, mutations };
}

/** Raw text longer than this (deep nesting) makes a file too slow to parse again for the next mutation. */
const RAW_TOO_SLOW_TO_REPARSE = 1_000;

/**
 * One mutation of one file's text, adding at most about `room` characters. `tree` says whether the
 * text may be parsed for a tree mutation; the answer says whether the result still may: not after a
 * text mutation (it may no longer parse) nor after deep nesting was put in (parsing it takes seconds).
 */
function mutateOnce(
  text: string,
  tree: boolean,
  random: Random,
  room: number,
): { text: string; what: string; tree: boolean } {
  if (!tree || random.chance(TEXT_SHARE)) {
    const mutation = random.weighted(TEXT_MUTATIONS);
    const done = mutateText(text, mutation, random, room);
    return { text: done.text, what: `${mutation}: ${done.what}`, tree: false };
  }
  // Duplicate keys are meshsim's to find; the yaml package's own check is quadratic in a map's keys.
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) {
    const done = mutateText(text, 'flip bytes', random, room);
    return { text: done.text, what: `flip bytes: ${done.what}`, tree: false };
  }
  const inserts: RawInsertions = { byToken: new Map() };
  if (random.chance(0.05)) return { ...repeatDocument(docs, random, inserts, room), tree: true };
  const doc = random.pick(docs);
  const mutation = random.weighted(TREE_MUTATIONS);
  const what = mutateTree(doc, mutation, random, inserts, room) ?? 'nothing to change';
  try {
    const deep = [...inserts.byToken.values()].some((raw) => raw.length > RAW_TOO_SLOW_TO_REPARSE);
    return { text: fillRaw(stringify(docs), inserts), what: `${mutation}: ${what}`, tree: !deep };
  } catch (error) {
    // A tree the yaml package will not print (an alias whose anchor was deleted): cut the text instead.
    const done = mutateText(text, 'truncate', random, room);
    return {
      text: done.text,
      what: `truncate (tree unprintable: ${(error as Error).message}): ${done.what}`,
      tree: false,
    };
  }
}

/** A multi-document text repeating one document, each copy with its own small alias bomb sometimes. */
function repeatDocument(
  docs: Document[],
  random: Random,
  inserts: RawInsertions,
  room: number,
): { text: string; what: string } {
  const which = random.int(docs.length);
  const text = stringify([docs[which]]);
  const wanted = random.pick([10, 100, 600, 2_000]);
  const bomb = random.chance(0.5) ? 3 + random.int(3) : 0;
  const copy = (i: number) =>
    bomb > 0 ? `${text.trimEnd()}\nfuzzBomb${i}: ${aliasBomb(bomb, `d${i}x`)}\n` : text;
  const times = Math.max(1, Math.min(wanted, Math.floor(room / (copy(0).length + 4))));
  const copies = Array.from({ length: times }, (_, i) => copy(i));
  return {
    text: fillRaw(stringify(docs) + copies.map((c) => `---\n${c}`).join(''), inserts),
    what: `repeat document: document ${which + 1} added ${times} times${bomb > 0 ? `, each with an alias bomb of 10^${bomb}` : ''}`,
  };
}

/** The documents as one text, `---` between them. */
function stringify(docs: readonly Document[]): string {
  return docs
    .map((d, i) => {
      const text = d.toString({ lineWidth: 0 });
      return i === 0 || text.startsWith('---') ? text : `---\n${text}`;
    })
    .join('');
}
