import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test` runs three projects. `unit` is everything under `test/` but the fuzz campaign and the
 * browser tests, run in workers that import each module once for all the files they run: the quick
 * loop while working. `fuzz` is the campaign of test/fuzz (1,800 mutated inputs through the command
 * line, about 45 s alone), beside `unit`. `e2e` builds
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
          exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/fuzz/**'],
          testTimeout: 30_000,
          // The files share their worker's module cache instead of each importing the app afresh:
          // importing took more of the project's time than most tests. The code under test keeps
          // no state between runs, and the few tests that stub a global or the timers undo it.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
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
