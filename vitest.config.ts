import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The app's sources that `vitest run` has Node import itself (tsx compiles them) rather than Vite's
 * module runner: all of `src/` but the page's own code, which imports through Vite (`?raw`,
 * `import.meta.glob`). The runner reads each imported name through a getter on the exporting
 * module's object, and the model's hot path reads dozens of imported constants per event: a theory
 * run took 40 % more CPU through the runner than natively. Watch mode keeps the runner, which
 * follows the imports of each test and reruns it when one of its sources is edited; Node's own
 * module cache would keep the old code.
 */
const nativeSources = process.argv.some((arg) => arg === 'run' || arg === '--run')
  ? {
      execArgv: ['--import', 'tsx'],
      server: {
        deps: {
          external: [
            new RegExp(`^${escapeRegExp(fileURLToPath(new URL('./src/', import.meta.url)))}(?!ui/)`),
          ],
        },
      },
    }
  : {};

/**
 * `npm test` runs three projects, one after the other (each a higher `groupOrder`), so that none
 * competes with another for this machine's two cores and makes the other's timing flaky. `unit` is
 * everything under `test/` but the fuzz campaign and the browser tests: the quick loop while
 * working, on a worker per core, each importing a module once for all the files it runs. `fuzz` is
 * the campaign of test/fuzz (1,800 mutated inputs through the command line, about 20 s alone), one
 * file that keeps both cores busy with its own pool of threads. `e2e` builds the page, serves it and
 * drives Debian's chromium, one file at a time.
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
          // Vitest leaves a core to its main process by default, which has little to do here: on
          // two cores one worker left the other core idle. The longest files start first (vitest
          // keeps their times), so both workers stay busy to the end.
          maxWorkers: availableParallelism(),
          ...nativeSources,
        },
      },
      {
        extends: true,
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          sequence: { groupOrder: 1 },
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
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

/** `text` matched literally in a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
