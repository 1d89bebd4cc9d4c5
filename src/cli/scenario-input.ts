/**
 * What `run`, `validate`, `compare` and `check` read: a meshsim scenario file, or a bundle of Kong,
 * Istio or Consul config (one file or several, with or without a scenario document), imported as
 * `meshsim import` imports it and then loaded as the scenario it makes. The import's diagnostics name
 * the bundle's own files; the loader's, if the made scenario does not load, name it
 * `<imported>` (what `meshsim import` prints).
 */
import { parseAllDocuments } from 'yaml';
import { formatDiagnostic, importedYaml, importSources, loadScenario, type ImportSource } from '../scenario';
import { plural } from './format';
import type { CliIo } from './io';
import { readFailure, readScenarioFile, type ReadResult } from './scenario-file';

/** The name the loader's diagnostics give an imported scenario. */
export const IMPORTED = '<imported>';

/** Top-level keys of a document that no meshsim scenario has: Kong, Istio, Consul and Kubernetes. */
const CONFIG_KEYS = new Set([
  '_format_version',
  '_transform',
  '_workspace',
  '_info',
  '_plugin_configs',
  'apiVersion',
  'kind',
  'Kind',
  'routes',
  'upstreams',
  'consumers',
  'consumer_groups',
  'plugins',
  'certificates',
  'ca_certificates',
  'snis',
  'vaults',
]);
/** Fields of a Kong service that a meshsim service never has (a Kong file without `_format_version`). */
const KONG_SERVICE_KEYS = ['url', 'host', 'protocol', 'routes'];

/**
 * Whether `text` is product config rather than a meshsim scenario: HCL (`Kind = "..."`, or a `.hcl`
 * file), several YAML documents, or a document with a top-level key of Kong, Istio, Consul or
 * Kubernetes, or Kong services (with `url`, `host` or `routes`). A file that does not parse is not a
 * bundle, so the loader reports its syntax.
 */
export function isConfigBundle(text: string, fileName = ''): boolean {
  if (/\.hcl$/i.test(fileName) || /^\s*Kind\s*=/m.test(text)) return true;
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return false;
  const roots = docs.map((d) => d.toJS() as unknown).filter((root) => root !== null && root !== undefined);
  if (roots.length > 1) return true;
  const root = roots[0];
  if (!isRecord(root)) return false;
  if (Object.keys(root).some((key) => CONFIG_KEYS.has(key))) return true;
  const services = root.services;
  return (
    Array.isArray(services) &&
    services.some((s) => isRecord(s) && KONG_SERVICE_KEYS.some((key) => Object.hasOwn(s, key)))
  );
}

/**
 * Reads `paths` as one input: a scenario file alone, else a bundle imported and loaded. Every
 * diagnostic goes to standard error as `file:line:col: ...`; when not ok, the reasons are there.
 */
export function readScenarioInput(paths: readonly string[], io: CliIo): ReadResult {
  const sources: ImportSource[] = [];
  for (const path of paths) {
    try {
      sources.push({ text: io.readFile(path), fileName: path });
    } catch (error) {
      const what = paths.length === 1 ? 'scenario file ' : '';
      io.stderr(`meshsim: cannot read ${what}'${path}': ${readFailure(error)}\n`);
      return { ok: false };
    }
  }
  if (sources.length === 1 && !isConfigBundle(sources[0].text, sources[0].fileName))
    return readScenarioFile(paths[0], io, sources[0].text);
  return importInput(sources, io);
}

/** Imports a bundle and loads the scenario it makes, as `meshsim import` would print it. */
function importInput(sources: readonly ImportSource[], io: CliIo): ReadResult {
  const names = sources.map((s) => s.fileName);
  const result = importSources(sources);
  for (const d of [...result.warnings, ...result.errors]) io.stderr(`${formatDiagnostic(d)}\n`);
  if (result.errors.length > 0) {
    io.stderr(`meshsim: cannot import ${names.join(' ')} (${plural(result.errors.length, 'error')})\n`);
    return { ok: false };
  }
  const loaded = loadScenario(importedYaml(result, names), IMPORTED);
  for (const d of loaded.warnings) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!loaded.ok) {
    for (const d of loaded.errors) io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(
      `meshsim: the scenario imported from ${names.join(' ')} does not load (${plural(loaded.errors.length, 'error')}); 'meshsim import ${names.join(' ')}' prints it\n`,
    );
    return { ok: false };
  }
  return {
    ok: true,
    file: loaded.file,
    warnings: result.warnings.length + loaded.warnings.length,
    imported: true,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
