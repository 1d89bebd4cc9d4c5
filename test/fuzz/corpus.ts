/**
 * The fuzzer's seed inputs: every scenario file under scenarios/ (the lessons, queueing models, bench
 * scenarios and the product bundles), and every importer fixture under test/fixtures/real/, each file
 * alone and each folder as one bundle in name order, as the real-corpus test imports them.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDuration } from '../../src/scenario';
import { isConfigBundle } from '../../src/scenario/import/bundle-detect';
import { bundleFilesUnder, configFilesUnder, foldersUnder } from '../support/config-files';

/** What an input is, which decides the commands a case may run on it. */
export type InputKind = 'scenario' | 'bundle' | 'fixture-file' | 'fixture-folder';

/** One file of an input: its path from the repository root and its text. */
export interface InputFile {
  readonly path: string;
  readonly text: string;
}

/** One seed input: a scenario, a bundle file, or the files of an importer fixture. */
export interface FuzzInput {
  /** Its path from the repository root; a folder's ends in `/`. */
  readonly name: string;
  readonly kind: InputKind;
  /** One file, or a folder's files in name order. */
  readonly files: readonly InputFile[];
}

/** The longest simulated time a seed scenario keeps, ms: its runs then fit the fuzz's event budget. */
const MAX_SEED_DURATION_MS = 30_000;

/**
 * The file with its top-level `duration` cut to 30 s when longer: the queueing models and bench
 * scenarios run for an hour of simulated time, which the fuzz's budget (check-case.ts) refuses at
 * load, so that every mutation of them would be refused before it reached a run.
 */
function shortened(file: InputFile): InputFile {
  const text = file.text.replace(/^duration: *(\S+)$/m, (line, value: string) => {
    const ms = parseDuration(value);
    return ms !== undefined && ms > MAX_SEED_DURATION_MS ? `duration: ${MAX_SEED_DURATION_MS / 1000}s` : line;
  });
  return { path: file.path, text };
}

/**
 * Every seed input under the repository at `root`, in a fixed order, so that a case index means the
 * same input on every machine. Names are relative to `root`.
 */
export function loadCorpus(root: string): FuzzInput[] {
  const read = (path: string): InputFile => ({
    path: relative(root, path),
    text: readFileSync(path, 'utf8'),
  });
  const scenarios = configFilesUnder(join(root, 'scenarios')).map((path): FuzzInput => {
    const file = shortened(read(path));
    return {
      name: file.path,
      kind: isConfigBundle(file.text, file.path) ? 'bundle' : 'scenario',
      files: [file],
    };
  });
  const real = join(root, 'test/fixtures/real');
  const fixtureFiles = configFilesUnder(real).map((path): FuzzInput => {
    const file = read(path);
    return { name: file.path, kind: 'fixture-file', files: [file] };
  });
  // Each product's folders, as the real-corpus test bundles them: not a product's whole tree at once.
  const fixtureFolders = foldersUnder(real)
    .filter((dir) => relative(real, dir).includes('/'))
    .map((dir): FuzzInput => ({
      name: `${relative(root, dir)}/`,
      kind: 'fixture-folder',
      files: bundleFilesUnder(dir).map(read),
    }));
  return [...scenarios, ...fixtureFiles, ...fixtureFolders.filter((f) => f.files.length > 0)];
}
