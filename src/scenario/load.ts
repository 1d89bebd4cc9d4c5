/**
 * Loading a scenario file: YAML (or JSON) text in, a resolved ScenarioFile or diagnostics out.
 * Steps: parse with positions, build the located tree, check the base document, then merge and
 * check each variant; shapes first, then cross-references, then the size guard. Never throws.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { describe } from './checks';
import { type Diagnostic, type Pos, Reporter } from './diagnostics';
import { type Budget, budgetDiagnostic, checkSize, DEFAULT_BUDGET, rememberTrees } from './limits';
import { checkDocuments, checkFileBytes, checkOpenBrackets } from './parse-limits';
import { checkShapeLimits } from './shape-limits';
import { toLocated, type LMap, type LNode } from './positions';
import { scenario } from './schema/scenario';
import { claimHasBareFigure, claimVariants } from './expectations';
import { checkSemantics } from './semantic';
import { checkTryThisPaths } from './try-this-paths';
import { didYouMean } from './suggest';
import type { Scenario, ScenarioFile } from './types';
import { mergePatch, readVariants, withoutVariants } from './variants';

export { formatDiagnostic } from './diagnostics';
export type { Diagnostic } from './diagnostics';

/** The outcome of loading: the file and its warnings, or every error found (and the warnings). */
export type LoadResult =
  | { readonly ok: true; readonly file: ScenarioFile; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

const START: Pos = { line: 1, column: 1 };
const SCENARIO_FORM = 'a mapping with name, clients, services, ...';

/** Parses YAML or JSON text; never throws, whatever the input. `fileName` is used in diagnostics and as the default name. */
export function loadScenario(text: string, fileName: string, options: LoadOptions = {}): LoadResult {
  const file = typeof fileName === 'string' ? fileName : 'scenario';
  try {
    return load(typeof text === 'string' ? text : String(text), file, options.budget ?? DEFAULT_BUDGET);
  } catch (e) {
    // A bug of ours, not the author's; still one line, no stack.
    const message = `internal error while loading: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [{ severity: 'error', file, ...START, path: '', message }], warnings: [] };
  }
}

/** How a file is loaded. */
export interface LoadOptions {
  /** The resource budget the file is held to (see limits.ts); default `DEFAULT_BUDGET`. Tests and fuzzers may lower it. */
  readonly budget?: Budget;
}

function load(text: string, file: string, budget: Budget): LoadResult {
  const r = new Reporter(file);
  const root = parse(text, r);
  if (root === undefined || !checkShapeLimits(root, r)) return result(r, undefined);

  const baseRoot = withoutVariants(root);
  const check = scenario(baseName(file));
  const base = validate(baseRoot, check, r, budget);
  const patches = readVariants(root.entries.get('variants')?.value, r);

  // A value the variant took from the base was already reported for the base: report it once.
  const key = (d: Diagnostic): string => `${d.line}:${d.column}:${d.path}:${d.message}`;
  const known = new Set(r.errors.map(key));
  const knownWarnings = new Set(r.warnings.map(key));
  const variants: { name: string; scenario: Scenario }[] = [];
  const variantRoots: LNode[] = [];
  let variantsOk = true;
  for (const v of patches) {
    const vr = new Reporter(file);
    const merged = mergePatch(baseRoot, v.patch);
    variantRoots.push(merged);
    const s = validate(merged, check, vr, budget);
    if (s === undefined) variantsOk = false;
    else variants.push({ name: v.name, scenario: s });
    for (const d of vr.errors)
      if (!known.has(key(d))) r.errors.push({ ...d, message: `variant "${v.name}": ${d.message}` });
    for (const d of vr.warnings)
      if (!knownWarnings.has(key(d))) r.warnings.push({ ...d, message: `variant "${v.name}": ${d.message}` });
  }
  for (const v of patches) {
    for (const field of FILE_WIDE_FIELDS) {
      const entry = v.patch.entries.get(field);
      if (entry === undefined) continue;
      r.error(entry.keyPos, ['variants', v.index, field], {
        message: `"${field}" belongs to the whole file, not to a variant`,
        hint: 'move it to the top level',
      });
    }
  }
  if (base !== undefined) checkTryThisPaths(root, r);
  if (base !== undefined)
    checkClaimVariants(
      base,
      patches.map((v) => v.name),
      r,
    );
  const loaded = base !== undefined && variantsOk ? { base, variants } : undefined;
  // The whole file as `run` and the page run it: every variant on its `replications` seeds.
  if (loaded !== undefined && r.errors.length === 0) {
    rememberTrees(loaded, file, baseRoot, variantRoots);
    const refused = budgetDiagnostic(loaded, { runs: loaded.base.replications }, budget);
    if (refused !== undefined) r.errors.push(refused);
  }
  return result(r, loaded);
}

/** Fields that describe the whole file (its runs, claims and key figures), so a variant may not patch them. */
const FILE_WIDE_FIELDS = ['expect', 'replications', 'keyFigures'] as const;

/**
 * Each claim's figures must name a variant of the file, and must name one when the file has any:
 * `retries-on:successRate`; a file without variants names none (its one run is the base).
 */
function checkClaimVariants(base: Scenario, names: readonly string[], r: Reporter): void {
  base.expect.forEach((e, i) => {
    const path = ['expect', i, 'check'];
    const used = claimVariants(e.claim);
    if (names.length === 0 && used.length > 0) {
      r.error(e.pos, path, {
        message: `the file has no variants, so "${used[0]}:" names nothing`,
        hint: 'write the figure alone, e.g. successRate',
      });
      return;
    }
    for (const name of used) {
      if (names.includes(name)) continue;
      r.error(e.pos, path, {
        message: `unknown variant "${name}"`,
        expected: names.join(' | '),
        found: JSON.stringify(name),
        hint: didYouMean(name, names),
      });
    }
    if (names.length > 0 && claimHasBareFigure(e.claim)) {
      r.error(e.pos, path, {
        message: 'a figure does not say which variant it is from',
        hint: `prefix it with a variant name and a colon, e.g. ${names[0]}:successRate`,
      });
    }
  });
}

function result(r: Reporter, file: ScenarioFile | undefined): LoadResult {
  const byPosition = (a: Diagnostic, b: Diagnostic): number => a.line - b.line || a.column - b.column;
  const warnings = [...r.warnings].sort(byPosition);
  if (file !== undefined && r.errors.length === 0) return { ok: true, file, warnings };
  return { ok: false, errors: [...r.errors].sort(byPosition), warnings };
}

/** Checks one document (the base or a merged variant): shapes, then references, then size. */
function validate(
  root: LNode,
  check: ReturnType<typeof scenario>,
  r: Reporter,
  budget: Budget,
): Scenario | undefined {
  const before = r.errors.length;
  const s = check(root, [], r);
  if (s === undefined || r.errors.length > before) return undefined;
  checkSemantics(s, root, r);
  if (r.errors.length > before) return undefined;
  return checkSize(s, root, r, budget) ? s : undefined;
}

/** Text to the located root mapping, reporting YAML errors with their positions. */
function parse(text: string, r: Reporter): LMap | undefined {
  if (text.trim() === '') {
    r.error(START, [], { message: 'the file is empty', expected: SCENARIO_FORM });
    return undefined;
  }
  if (!checkFileBytes(text, r) || !checkOpenBrackets(text, r)) return undefined;
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): Pos => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  if (!Array.isArray(docs) || docs.length === 0) {
    r.error(START, [], { message: 'the file has no content (only comments?)', expected: SCENARIO_FORM });
    return undefined;
  }
  if (docs.length > 1) {
    r.error(at(docs[1].range[0]), [], {
      message: `the file holds ${docs.length} YAML documents; a scenario is one document`,
      hint: 'Kong or Istio bundles are read by `meshsim import`',
    });
    return undefined;
  }
  const doc = docs[0];
  for (const w of doc.warnings) r.warn(at(w.pos[0]), [], { message: w.message });
  for (const e of doc.errors) {
    // The parser recurses; hostile nesting exhausts the stack, which it reports as an error of its own.
    const message = /call stack/i.test(e.message) ? 'values are nested too deeply to parse' : e.message;
    r.error(at(e.pos[0]), [], { message: `YAML syntax: ${message}` });
  }
  if (doc.errors.length > 0 || !checkDocuments(docs, at, r)) return undefined;

  const tree = toLocated(doc, lines);
  if (!tree.ok) {
    r.error(tree.pos, [], { message: tree.message });
    return undefined;
  }
  const root = tree.root;
  if (root.kind === 'scalar' && root.value === null) {
    r.error(root.pos, [], { message: 'the file is empty', expected: SCENARIO_FORM });
    return undefined;
  }
  if (root.kind !== 'map') {
    r.error(root.pos, [], {
      message: 'a scenario must be a mapping of fields',
      expected: SCENARIO_FORM,
      found: describe(root),
    });
    return undefined;
  }
  const foreign = root.entries.has('_format_version')
    ? 'Kong declarative config'
    : root.entries.has('apiVersion')
      ? 'a Kubernetes/Istio resource'
      : undefined;
  if (foreign !== undefined) {
    r.error(root.pos, [], {
      message: `this looks like ${foreign}, not a meshsim scenario`,
      hint: 'convert it with `meshsim import`',
    });
    return undefined;
  }
  return root;
}

/** `lessons/mm1.yaml` -> `mm1`: the default scenario name. */
function baseName(file: string): string {
  const last = file.split(/[\\/]/).pop() ?? file;
  return last.replace(/\.(ya?ml|json)$/i, '') || 'scenario';
}
