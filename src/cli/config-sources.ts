/**
 * The files a command names, as the sources of one bundle: a file is one source; a folder (an Apigee
 * `apiproxy/` or the folder holding it, or any folder of config files) is its config files in name
 * order, the Apigee proxy's `resources/` left out; a `.zip` is the Apigee proxy bundle zipped in it.
 * What cannot be read is said on standard error, and no sources come back.
 */
import type { ImportSource } from '../scenario';
import { apigeeZipSources } from '../scenario/import/apigee-zip';
import type { CliIo } from './io';
import { readFailure } from './scenario-file';

/** Files a folder gives: the config formats meshsim imports. */
const CONFIG_FILE = /\.(xml|ya?ml|json|hcl)$/i;
/** An Apigee proxy's scripts, style sheets and specs: not config, and a spec's JSON is no bundle document. */
const PROXY_RESOURCES = /(^|[\\/])apiproxy[\\/]resources[\\/]/;

/**
 * The sources `paths` name, or undefined once one cannot be read (said on standard error, naming a
 * lone path `scenario file` when `lone` says so, as `run` and `validate` do).
 */
export function readConfigSources(
  paths: readonly string[],
  io: CliIo,
  lone = '',
): ImportSource[] | undefined {
  const sources: ImportSource[] = [];
  for (const path of paths) {
    try {
      const listed = io.listFiles?.(path);
      if (listed !== undefined) {
        const files = listed.filter((f) => CONFIG_FILE.test(f) && !PROXY_RESOURCES.test(f)).sort();
        if (files.length === 0) {
          io.stderr(`meshsim: '${path}' is a folder without config files (.xml, .yaml, .yml, .json, .hcl)\n`);
          return undefined;
        }
        for (const file of files) sources.push({ text: io.readFile(file), fileName: file });
      } else if (/\.zip$/i.test(path) && io.readBytes !== undefined) {
        const zipped = apigeeZipSources(io.readBytes(path), path);
        if ('error' in zipped) {
          io.stderr(`meshsim: ${zipped.error}\n`);
          return undefined;
        }
        sources.push(...zipped.sources);
      } else sources.push({ text: io.readFile(path), fileName: path });
    } catch (error) {
      const what = paths.length === 1 ? lone : '';
      io.stderr(`meshsim: cannot read ${what}'${path}': ${readFailure(error)}\n`);
      return undefined;
    }
  }
  return sources;
}
