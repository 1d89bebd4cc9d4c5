/**
 * The layers of src/ and the imports allowed between them, checked by `npm test` (alone:
 * `npm run lint:layers`); test/boundaries plants a violation of each rule and sees it caught.
 *
 * From the bottom up; a layer imports only from the layers below it, never upwards or sideways:
 *
 *   engine    the discrete-event kernel, random streams and statistics. Imports nothing of ours.
 *   scenario  the file format: parsing with positions, the schema, defaults, variants, importers and
 *             exporters. Imports the engine only.
 *   report    the report contract (plain data), its figures, their formats and wordings, claims,
 *             comparisons and key figures: pure, free of the DOM and of Node, shared by the CLI and
 *             the page. Imports the engine and the scenario.
 *   model     the simulation: builds from a scenario, runs on the engine, fills in a report.
 *   worker    the page's face in a Web Worker; runs the model.
 *   cli       the command line; runs the model. The worker and the CLI import the model and
 *             everything below it, never each other.
 *   ui        the page. Imports the report and the worker's door (client, protocol, frames,
 *             split-client); no code of the model reaches it, not even through another module, so
 *             the model stays out of the page's main bundle and the page cannot lean on the
 *             simulation's internals.
 *
 * Type-only imports (`import type`) count here like any other. The rule that follows imports through
 * other modules (no code of the model reaches the page) is in .dependency-cruiser-runtime.cjs, which
 * cruises the code as it runs, without them: the worker's protocol hands the page some of the model's
 * plain-data types (a trace, a run's series), which the compiler erases.
 *
 * Dynamic `import()` is cruised like any import and must stay inside its layer (the page's lazy
 * editor and views, the CLI loading one command), with one allowance, named at its rule: the worker
 * loads the importers lazily. The page starts its worker with `new Worker(new URL(...))` in
 * src/worker/client.ts: a URL, not an import, that the bundler follows and dependency-cruiser does
 * not; it names a module of the worker layer from inside that layer.
 *
 * Tests, benchmarks and scripts are not cruised: they may import any layer to check it.
 */

/** The layers, each with the layers it may import (its own included). */
const LAYERS = {
  engine: [],
  scenario: ['engine'],
  report: ['engine', 'scenario'],
  model: ['engine', 'scenario', 'report'],
  worker: ['engine', 'scenario', 'report', 'model'],
  cli: ['engine', 'scenario', 'report', 'model'],
  ui: ['report', 'worker'],
};

/** The worker modules the page may import: its door, not the simulation behind it. */
const WORKER_DOOR = ['client', 'protocol', 'frames', 'split-client'].map(
  (name) => `src/worker/${name}\\.ts$`,
);

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment:
    allowed.length === 0
      ? `src/${layer} imports nothing of ours.`
      : `src/${layer} imports only src/{${[layer, ...allowed].join(',')}}: no upward or sideways imports.`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: [layer, ...allowed].map((ok) => `^src/${ok}/`) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'ui-worker-door',
      comment:
        'The page talks to the worker through its door (client, protocol, frames, split-client) and never imports what runs inside the worker.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/worker/', pathNot: WORKER_DOOR },
    },
    {
      name: 'no-cycles',
      comment:
        'Modules import each other in one direction only: a cycle makes load order and reading order fragile.',
      severity: 'error',
      from: { path: '^src/' },
      // A cycle of type-only imports is erased with the types and costs nothing at run time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-dynamic-escape',
      comment:
        'A dynamic import() stays inside its own layer (lazy parts of the page, the CLI loading one command), but for the allowances below.',
      severity: 'error',
      from: {
        path: '^src/([^/]+)/',
        // The worker loads the importers only when a file is a bundle of Kong, Istio or Consul
        // configuration, so that opening a plain scenario does not pay for them.
        pathNot: '^src/worker/simulation\\.ts$',
      },
      to: { dependencyTypes: ['dynamic-import'], pathNot: '^src/$1/' },
    },
    {
      name: 'worker-dynamic-importers-only',
      comment: 'The worker loads nothing lazily but the importers.',
      severity: 'error',
      from: { path: '^src/worker/simulation\\.ts$' },
      to: {
        dependencyTypes: ['dynamic-import'],
        pathNot: ['^src/worker/', '^src/scenario/import/index\\.ts$'],
      },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Only src/ is cruised; what it imports from node_modules is not followed.
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
