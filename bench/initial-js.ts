/**
 * The script a browser must load before the page can run: the entry chunk named by the built
 * `index.html` and every chunk it imports statically, followed through the build manifest
 * (`.vite/manifest.json`, written because `vite.config.ts` sets `build.manifest`). Chunks reached only
 * through `import()` (the editor, the sliders' YAML editing, the views loaded when first needed) and
 * the worker are not part of it. Used by
 * `npm run bench:page` and by the test that keeps it under its budget.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The page's first script may weigh at most this much, kB (1000 bytes) gzip. The page's controller
 * (xstate, about 13 kB gzip) took it to 157 for a while; the views a first run does not show (the
 * import summary, the compare view, the claims, the landmarks, the exports, the share link's coding)
 * now load with `import()` when first needed, which brought it back to about 148. The library's
 * texts (about 40 kB gzip, growing with every lesson and bundle) load when a file is opened, the menu
 * built from each file's name line: about 112.
 */
export const INITIAL_JS_BUDGET_KB = 150;

/** One chunk of the first script. */
export interface InitialChunk {
  /** Path in the build, e.g. `assets/index-Dt1s4DVm.js`. */
  readonly file: string;
  /** Bytes as built (minified). */
  readonly bytes: number;
  /** Bytes gzip-compressed at zlib's default level, as a server would send it. */
  readonly gzipBytes: number;
}

/** What `initialJs` finds. */
export interface InitialJs {
  /** The entry chunk first, then its static imports, each once. */
  readonly chunks: readonly InitialChunk[];
  /** Sum of the chunks' `bytes`. */
  readonly bytes: number;
  /** Sum of the chunks' `gzipBytes`. */
  readonly gzipBytes: number;
}

/** A manifest entry, as much of it as is read here. */
interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  /** Keys of the chunks it imports statically. */
  readonly imports?: readonly string[];
}

/** The scripts `index.html` loads before anything runs: module scripts and module preloads. */
export function scriptsOfHtml(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/gi) ?? []) {
    const module = /\btype\s*=\s*["']?module\b/i.test(tag) || /\brel\s*=\s*["']?modulepreload\b/i.test(tag);
    const source = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (module && source && !/^[a-z]+:/i.test(source)) found.push(source.replace(/^\.?\//, ''));
  }
  return found;
}

/**
 * The first script of the page built in `outDir`: the chunks `index.html` loads, and all they import
 * statically, by the manifest. Throws when the build has no manifest or `index.html` loads no script.
 */
export async function initialJs(outDir: string): Promise<InitialJs> {
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const manifestText = await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8').catch(() => {
    throw new Error(`${outDir} has no .vite/manifest.json: build the page with build.manifest set`);
  });
  const manifest = JSON.parse(manifestText) as Record<string, ManifestChunk>;
  const keyOfFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  const roots = scriptsOfHtml(html);
  if (roots.length === 0) throw new Error(`${outDir}/index.html loads no module script`);
  const files: string[] = [];
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    const key = keyOfFile.get(file);
    for (const imported of (key && manifest[key]?.imports) || []) visit(manifest[imported].file);
  };
  roots.forEach(visit);
  const chunks = await Promise.all(
    files.map(async (file) => {
      const code = await readFile(join(outDir, file));
      return { file, bytes: code.length, gzipBytes: gzipSync(code).length };
    }),
  );
  return {
    chunks,
    bytes: chunks.reduce((sum, c) => sum + c.bytes, 0),
    gzipBytes: chunks.reduce((sum, c) => sum + c.gzipBytes, 0),
  };
}
