/**
 * The worker's door to the model: what src/worker may import from src/model at run time. It reads a
 * run through the view (`model/observe`: the view, its observers and the playback's run entry), runs
 * files through the run entry points (`model/run`), and reads what the report holds; every other
 * import of the model is of types only. So the simulation's parts (stations, mesh destinations,
 * gateway plugins, the tracer) can change shape without the worker knowing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'src/worker');
const MODEL = join(ROOT, 'src/model');

/** Modules of src/model (paths without extension, `index` dropped) the worker may import values from, and why. */
const ALLOWED: Readonly<Record<string, string>> = {
  observe: 'the view, its observers and the playback run entry',
  run: 'the run entry points',
  'run-series': "the report's series over time",
};

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The model module a specifier of `file` names (`observe`, `run`, ...), or undefined when it is not the model's. */
function modelModule(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier);
  if (!target.startsWith(MODEL + '/') && target !== MODEL) return undefined;
  return relative(MODEL, target).replace(/(^|\/)index$/, '') || 'index';
}

/** The specifiers source `text` of `file` imports or re-exports values from (type-only ones left out), dynamic imports included. */
function valueImports(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0
    ) {
      const [argument] = node.arguments;
      // A computed specifier could name any module: the rule cannot see it, so it is refused.
      found.push(ts.isStringLiteralLike(argument) ? argument.text : '<computed>');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('src/worker imports from src/model only the view, the run entry points, the report and types', () => {
  it('imports no value of any other model module', () => {
    const offending: string[] = [];
    for (const file of sources(WORKER)) {
      for (const specifier of valueImports(file)) {
        if (specifier === '<computed>') {
          offending.push(`${relative(ROOT, file)}: import() of a computed specifier`);
          continue;
        }
        const module = modelModule(file, specifier);
        if (module !== undefined && !(module in ALLOWED))
          offending.push(`${relative(ROOT, file)}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('tells a type-only import from a value import, and sees a dynamic one', () => {
    const file = join(WORKER, 'example.ts');
    const text = [
      "import { Simulation } from '../model/simulation';",
      "import type { Station } from '../model/station';",
      "import { type Topology, type Behaviour } from '../model/topology';",
      "import { openRun, type LiveRun } from '../model/observe/index';",
      "export { Tracer } from '../model/trace';",
      "export type { Span } from '../model/trace';",
      "const later = () => import('../model/mesh/mesh-runtime');",
    ].join('\n');
    expect(valueImports(file, text)).toEqual([
      '../model/simulation',
      '../model/observe/index',
      '../model/trace',
      '../model/mesh/mesh-runtime',
    ]);
    expect(modelModule(file, '../model/observe/index')).toBe('observe');
    expect(modelModule(file, '../model/mesh/mesh-runtime')).toBe('mesh/mesh-runtime');
    expect(modelModule(file, '../scenario/types')).toBeUndefined();
  });
});
