/**
 * A zipped Apigee API proxy bundle (what `apigeecli apis fetch` and the Edge UI's download give: a
 * zip of `apiproxy/`) as the sources a bundle import takes, one per XML file, each named by its
 * path in the zip under the zip's own name. fflate unzips in the browser and in Node alike.
 */
import { strFromU8, unzipSync } from 'fflate';
import { MAX_FILE_BYTES } from '../parse-limits';
import type { ImportSource } from './bundle';

/** The XML files of the proxy bundle zipped in `bytes`, or why there are none. */
export function apigeeZipSources(
  bytes: Uint8Array,
  zipName: string,
): { readonly sources: ImportSource[] } | { readonly error: string } {
  let files: Record<string, Uint8Array>;
  try {
    // Only the proxy's XML is inflated: resources (scripts, XSLT) are not read, and a file over the bound is refused.
    files = unzipSync(bytes, {
      filter: (f) => /(^|\/)apiproxy\/.*\.xml$/.test(f.name) && f.originalSize <= MAX_FILE_BYTES,
    });
  } catch (e) {
    return { error: `${zipName} is not a zip file: ${e instanceof Error ? e.message : String(e)}` };
  }
  const names = Object.keys(files).sort();
  if (names.length === 0) return { error: `${zipName} holds no apiproxy/ folder of XML files` };
  return { sources: names.map((name) => ({ text: strFromU8(files[name]), fileName: `${zipName}/${name}` })) };
}
