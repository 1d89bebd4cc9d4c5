/**
 * Walking the shipped and real-shaped config files, for the tests that take every one of them: the
 * real corpus, the budget corpus and the fuzzer's inputs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a scenario or a product's config file is named. */
export const CONFIG_FILE = /\.(ya?ml|json|hcl)$/;

/** Config files under `dir`, recursively, in name order. */
export function configFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return configFilesUnder(path);
      return CONFIG_FILE.test(name) ? [path] : [];
    });
}

/** Folders under `dir`, recursively, in name order. */
export function foldersUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap((path) => [path, ...foldersUnder(path)]);
}
