import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test` runs two projects. `unit` is everything under `test/` but the browser tests. `e2e` builds
 * the page, serves it and drives Debian's chromium; it runs after `unit` has finished (a higher
 * `groupOrder`), one file at a time, so that a build and a browser do not compete for this machine's
 * two cores with the theory tests and make either side's timing flaky.
 */
export default defineConfig({
  test: {
    environment: 'node',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          // Building the page is done once per file, in `beforeAll`.
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
