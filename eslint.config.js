// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Lines of code a file may hold, blank lines and comments not counted: about one concept per file. */
const MAX_LINES = 500;
/** Test files are lists of cases and may run longer. */
const MAX_TEST_LINES = 800;

/** `max-lines` at `max`, counting code only. */
function maxLines(max) {
  return { 'max-lines': ['error', { max, skipBlankLines: true, skipComments: true }] };
}

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', '.bench/', '.cli/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The layers and the imports allowed between them are checked by dependency-cruiser
  // (.dependency-cruiser.cjs, run by `npm test`), which also follows dynamic imports and chains.
  { files: ['src/**/*.ts', 'bench/**/*.ts', 'bin/**'], rules: maxLines(MAX_LINES) },
  { files: ['test/**/*.ts'], rules: maxLines(MAX_TEST_LINES) },
  // Files over the limit today, each held at its current size so that it cannot grow: the simulation
  // (its components, routes and tables are out) and the Istio importer's table of cases (to be split
  // by resource). Lower a ceiling as a file shrinks; drop it once the file is under the limit.
  { files: ['src/model/simulation.ts'], rules: maxLines(560) },
  { files: ['test/scenario/import/istio.test.ts'], rules: maxLines(1056) },
);
