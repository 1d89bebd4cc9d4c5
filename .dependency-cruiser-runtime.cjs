/**
 * The second half of the layer check (the first, with the layers, is .dependency-cruiser.cjs): what
 * the page loads. Cruised without type-only imports, which the compiler erases, so that it follows
 * the code as it runs.
 */
const { options } = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'ui-reaches-model',
      comment:
        'No code of the model reaches the page, through any chain of imports: the page asks the worker (src/worker/client.ts) and formats with src/report.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/model/', reachable: true },
    },
  ],
  options: { ...options, tsPreCompilationDeps: false },
};
