/**
 * Walking the shipped and real-shaped config files, for the tests that take every one of them: the
 * real corpus, the budget corpus and the fuzzer's inputs. An Apigee API proxy bundle is a folder
 * `apiproxy/` of XML files read together, so its files are never taken alone, and its folder's
 * files are taken with the folder that holds it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a scenario or a product's config file is named. */
export const CONFIG_FILE = /\.(ya?ml|json|hcl|xml)$/;

/** The folder an Apigee proxy bundle's files live in. */
const PROXY_FOLDER = 'apiproxy';

/** Config files under `dir`, recursively, in name order; those of an `apiproxy/` folder only with `inProxies`. */
export function configFilesUnder(dir: string, inProxies = false): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory())
        return name !== PROXY_FOLDER || inProxies ? configFilesUnder(path, inProxies) : [];
      return CONFIG_FILE.test(name) ? [path] : [];
    });
}

/** The files a folder's bundle holds: its config files, those of an `apiproxy/` folder in it too. */
export function bundleFilesUnder(dir: string): string[] {
  return configFilesUnder(dir, true);
}

/** Folders under `dir`, recursively, in name order; an `apiproxy/` folder is part of the one holding it. */
export function foldersUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .filter((name) => name !== PROXY_FOLDER)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
    .flatMap((path) => [path, ...foldersUnder(path)]);
}
