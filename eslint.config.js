// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Layers may only import downwards (DESIGN.md section 2): ui -> worker -> model -> engine, cli -> model,
 * and `scenario` is used by cli, worker and model. Each entry forbids imports of the named layers, by
 * relative path (`../model/run`) or by `src/` path.
 */
function forbidLayers(layer, forbidden, why) {
  const names = forbidden.join('|');
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?:(?:\\.\\./)+|.*\\bsrc/)(?:${names})(?:/|$)`,
              message: `src/${layer} must not import src/{${forbidden.join(',')}}: ${why}`,
            },
          ],
        },
      ],
    },
  };
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
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  forbidLayers(
    'engine',
    ['model', 'scenario', 'ui', 'worker', 'cli'],
    'the engine is the bottom layer and knows nothing of the domain.',
  ),
  forbidLayers('model', ['ui', 'worker', 'cli'], 'the model does not know what drives it.'),
  forbidLayers('scenario', ['ui', 'worker', 'cli'], 'the file format is used by the faces, not the reverse.'),
  forbidLayers('cli', ['ui', 'worker'], 'the CLI runs the model directly, in Node.'),
  forbidLayers('worker', ['ui', 'cli'], 'the worker serves the page and never reaches back into it.'),
  forbidLayers(
    'ui',
    ['model', 'engine', 'scenario', 'cli'],
    'the page only renders; it asks the worker (src/worker/client.ts) and takes types from src/worker/protocol.ts.',
  ),
);
