/**
 * The layer rules catch what they are meant to: each case plants one forbidden import in a small
 * tree of its own (a copy of src/'s layer folders, a few lines each) and cruises it with the
 * repository's rules, as `npm test` cruises src/. The clean tree passes, so each failure is the
 * planted import's.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IFlattenedRuleSet } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';

interface DepcruiseConfig {
  readonly forbidden: IFlattenedRuleSet['forbidden'];
  readonly options: { readonly tsPreCompilationDeps: boolean };
}

const require = createRequire(import.meta.url);
const LAYERS = require('../../.dependency-cruiser.cjs') as DepcruiseConfig;
const RUNTIME = require('../../.dependency-cruiser-runtime.cjs') as DepcruiseConfig;

/** A clean tree: one module per layer, each importing only downwards, the page through the worker's door. */
const CLEAN: Readonly<Record<string, string>> = {
  'src/engine/kernel.ts': 'export const tick = 1;',
  'src/scenario/types.ts': "import { tick } from '../engine/kernel';\nexport const scenario = tick;",
  'src/report/report.ts': "import { scenario } from '../scenario/types';\nexport const report = scenario;",
  'src/model/simulation.ts':
    "import { report } from '../report/report';\nexport const simulate = () => report;",
  'src/worker/simulation.ts': "import { simulate } from '../model/simulation';\nexport const run = simulate;",
  'src/worker/protocol.ts': "export type { Kind } from '../model/kind';",
  'src/model/kind.ts': "export type Kind = 'a' | 'b';",
  'src/worker/client.ts': "import type { Kind } from './protocol';\nexport const ask = (k: Kind) => k;",
  'src/cli/main.ts':
    "import { simulate } from '../model/simulation';\nexport const main = async () => (await import('./run')).run(simulate);",
  'src/cli/run.ts': 'export const run = (f: () => number) => f();',
  'src/ui/main.ts':
    "import { ask } from '../worker/client';\nimport { report } from '../report/report';\nexport const show = () => [ask('a'), report, import('./lazy')];",
  'src/ui/lazy.ts': 'export const lazy = 1;',
};

let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The rules broken by CLEAN with `changes` applied, by both cruises `npm test` runs, sorted by name. */
async function broken(changes: Readonly<Record<string, string>>): Promise<string[]> {
  dir = mkdtempSync(join(tmpdir(), 'meshsim-layers-'));
  for (const [path, text] of Object.entries({ ...CLEAN, ...changes })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${text}\n`);
  }
  const names = new Set<string>();
  for (const config of [LAYERS, RUNTIME]) {
    const { output } = await cruise(['src'], {
      baseDir: dir,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      includeOnly: '^src/',
      tsPreCompilationDeps: config.options.tsPreCompilationDeps,
    });
    for (const v of (output as ICruiseResult).summary.violations) names.add(v.rule.name);
  }
  return [...names].sort();
}

describe('the layer rules', () => {
  it('pass a tree that imports only downwards', async () => {
    expect(await broken({})).toEqual([]);
  });

  it('forbid the engine any import of ours', async () => {
    expect(
      await broken({ 'src/engine/kernel.ts': "import '../scenario/types';\nexport const tick = 1;" }),
    ).toEqual(['layer-engine', 'no-cycles']);
  });

  it('forbid an upward import: the scenario reading the model', async () => {
    expect(await broken({ 'src/scenario/limits.ts': "export type { Kind } from '../model/kind';" })).toEqual([
      'layer-scenario',
    ]);
  });

  it('forbid a sideways import: the CLI reading the worker', async () => {
    expect(await broken({ 'src/cli/serve.ts': "export { run } from '../worker/simulation';" })).toEqual([
      'layer-cli',
    ]);
  });

  it('forbid the report reading the model, even for a type', async () => {
    expect(
      await broken({
        'src/report/kinds.ts': "import type { Kind } from '../model/kind';\nexport type K = Kind;",
      }),
    ).toEqual(['layer-report']);
  });

  it('forbid the page importing what runs inside the worker', async () => {
    expect(await broken({ 'src/ui/run.ts': "export { run } from '../worker/simulation';" })).toEqual([
      'ui-reaches-model',
      'ui-worker-door',
    ]);
  });

  it('forbid the model reaching the page through the worker door', async () => {
    expect(
      await broken({
        'src/worker/client.ts':
          "import { simulate } from '../model/simulation';\nexport const ask = simulate;",
      }),
    ).toEqual(['ui-reaches-model']);
  });

  it('forbid a dynamic import() out of its layer', async () => {
    expect(
      await broken({ 'src/ui/lazy.ts': "export const lazy = () => import('../worker/simulation');" }),
    ).toEqual(['no-dynamic-escape', 'ui-reaches-model', 'ui-worker-door']);
  });

  it('forbid a cycle', async () => {
    expect(
      await broken({
        'src/cli/run.ts':
          "import { main } from './main';\nexport const run = (f: () => number) => [f(), main];",
      }),
    ).toEqual(['no-cycles']);
  });
});
