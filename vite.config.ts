import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { nameLineOf } from './src/ui/app/library-texts.ts';

/**
 * `FILE?name-line`: a module whose default export is the file's `name:` line, so that the library's
 * menu is built without its texts, which load when a file is opened (`src/ui/app/library-texts.ts`).
 */
function nameLines(): Plugin {
  return {
    name: 'meshsim-name-line',
    load(id) {
      const [file, query] = id.split('?', 2);
      if (query !== 'name-line') return null;
      this.addWatchFile(file);
      return `export default ${JSON.stringify(nameLineOf(readFileSync(file, 'utf8')))};`;
    },
  };
}

/**
 * The page (`index.html`, `src/ui/`) and its simulation worker (`src/worker/`). `npm start` serves it
 * with the dev server; `npm run build` writes `dist/`. The e2e tests build and serve it the same way.
 */
export default defineConfig({
  plugins: [nameLines()],
  worker: {
    // The worker is an ES module (`new Worker(url, { type: 'module' })`), in dev and in the build.
    format: 'es',
  },
  optimizeDeps: {
    // Crawl the worker too, so that its dependencies are pre-bundled at start-up rather than found
    // on the first run (which would make the dev server reload the page).
    entries: ['index.html', 'src/worker/simulation.worker.ts'],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // `.vite/manifest.json` lists each chunk's static imports: the page's first script (the entry and
    // what it imports statically, see `bench/initial-js.ts`) is measured from it, and kept in budget.
    manifest: true,
    rolldownOptions: {
      output: {
        // The views loaded with `import()` share code with the page's first script (the DOM helpers,
        // the formats, the player): in one chunk rather than a small chunk per pair of users, which
        // compresses worse and costs a request each.
        codeSplitting: { groups: [{ name: 'shared', minShareCount: 2 }] },
      },
    },
  },
});
