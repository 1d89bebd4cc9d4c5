/**
 * Round trips for the export tests: a scenario exported to a product and imported back, and the
 * sections compared field by field, leaving out the fields the export listed as not exported.
 */
import { parse, stringify } from 'yaml';
import {
  exportConsul,
  exportIstio,
  exportKong,
  importedYaml,
  importSources,
  loadScenario,
  type ExportResult,
} from '../../../src/scenario';
import { KONG_MAX_TIMEOUT } from '../../../src/scenario/export/kong';
import { meshProfile } from '../../../src/scenario/profiles/mesh';
import type { Scenario, ScenarioFile } from '../../../src/scenario/types';

/** The products, by the name `--to` takes. */
export type Product = 'kong' | 'istio' | 'consul';
export const EXPORTERS: Readonly<Record<Product, (s: Scenario) => ExportResult>> = {
  kong: exportKong,
  istio: exportIstio,
  consul: exportConsul,
};

/** Loads a scenario file's text; throws with its errors when it does not load. */
export function load(text: string, name = 'scenario.yaml'): ScenarioFile {
  const r = loadScenario(text, name);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column} ${e.path} ${e.message}`).join('\n'));
  return r.file;
}

/** Imports `sources` as one bundle and loads the scenario it makes; throws on an import error. */
export function importAndLoad(sources: readonly { text: string; fileName: string }[]): {
  file: ScenarioFile;
  warnings: string[];
} {
  const r = importSources(sources);
  if (r.errors.length > 0)
    throw new Error(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('\n'));
  return {
    file: load(
      importedYaml(
        r,
        sources.map((s) => s.fileName),
      ),
      '<imported>',
    ),
    warnings: r.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.path}: ${w.message}`),
  };
}

/** Plain data with Infinity as a string, for toEqual and for JSON. */
export function plainData(x: unknown): unknown {
  return JSON.parse(
    JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
  );
}

/** Deletes the field at `path` (`gateway.routes[1].timeout`, `mesh.policies.api.fault`) from `root`. */
export function deletePath(root: unknown, path: string): void {
  const segs = path.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
  let node = root as Record<string | number, unknown> | undefined;
  for (const seg of segs.slice(0, -1)) {
    node = node?.[seg] as Record<string | number, unknown> | undefined;
    if (typeof node !== 'object' || node === null) return;
  }
  if (node !== undefined) delete node[segs[segs.length - 1]];
}

/**
 * The `gateway` of each scenario as comparable data: routes of `back` in the order of `original`'s
 * (by id: Kong groups them by service), a plugin's shared `instance` named by the routes that share
 * it (the name is a label; the sharing is what counts), plugins sorted by name and consumer, and
 * the omitted paths deleted from both.
 */
export function comparableGateways(original: Scenario, back: Scenario, omitted: readonly string[]) {
  const sections = [original, back].map((s) => {
    const g = plainData({ gateway: s.gateway }) as { gateway: { routes: Record<string, unknown>[] } };
    const routes = g.gateway.routes;
    const holders = new Map<string, string[]>();
    for (const r of routes)
      for (const p of r.plugins as Record<string, unknown>[])
        if (typeof p.instance === 'string') {
          // Plugins of one name and instance share a state; the name is part of the key.
          const key = `${String(p.name)} ${p.instance}`;
          holders.set(key, [...(holders.get(key) ?? []), String(r.id)]);
        }
    for (const r of routes) {
      // Without retries, what they would retry on plays no part; Kong's longest timeout is none.
      const retries = r.retries as { attempts: number; retryOn?: unknown; perTryTimeout: unknown };
      if (retries.attempts === 0) delete retries.retryOn;
      if (typeof retries.perTryTimeout === 'number' && retries.perTryTimeout >= KONG_MAX_TIMEOUT)
        retries.perTryTimeout = 'Infinity';
      const plugins = r.plugins as Record<string, unknown>[];
      for (const p of plugins)
        if (typeof p.instance === 'string')
          p.instance = holders.get(`${String(p.name)} ${p.instance}`)?.join(' ');
      plugins.sort((a, b) => `${a.name} ${a.consumer}`.localeCompare(`${b.name} ${b.consumer}`));
    }
    return g;
  });
  const [a, b] = sections;
  // Kong config is read with Kong's profile; a generic gateway's defaults are written out explicitly.
  if (original.gateway?.profile === undefined) delete (b.gateway as { profile?: string }).profile;
  b.gateway.routes = a.gateway.routes.map((r) => b.gateway.routes.find((x) => x.id === r.id) ?? {});
  for (const path of omitted) for (const s of sections) deletePath(s, path);
  return { original: a, back: b };
}

/**
 * The `mesh` of each scenario as comparable data: the policy of every service either names (the
 * profile's default where one has none: an import makes no policy for a service nothing calls), and
 * the omitted paths deleted from both.
 */
export function comparableMeshes(original: Scenario, back: Scenario, omitted: readonly string[]) {
  const ids = new Set([...Object.keys(original.mesh.policies), ...Object.keys(back.mesh.policies)]);
  const sections = [original, back].map((s) => {
    const policies = Object.fromEntries(
      [...ids].sort().map((id) => [id, s.mesh.policies[id] ?? meshProfile(s.mesh.profile).policy]),
    );
    const mesh = plainData({ mesh: { ...s.mesh, policies } }) as {
      mesh: { policies: Record<string, Policy> };
    };
    for (const p of Object.values(mesh.mesh.policies)) {
      // One route without a match takes every call as the policy's own fields would, its split's
      // shares under the route's timeout and retries (the export checks the targets' own agree).
      if (p.routes?.length === 1 && p.routes[0].match === undefined) {
        const [only] = p.routes;
        delete p.routes;
        for (const k of ['timeout', 'retries', 'split', 'mirror', 'fault'] as const)
          if (only[k] !== undefined) (p as Record<string, unknown>)[k] = only[k];
          else delete p[k];
      }
      // With routes, a policy's own timeout and retries only fill the routes', which carry them.
      if (p.routes !== undefined) {
        delete p.timeout;
        delete p.retries;
      }
      for (const r of [p, ...(p.routes ?? [])]) {
        // Without retries, what they would retry on plays no part; one destination takes every call.
        if (r.retries?.attempts === 0) delete r.retries.retryOn;
        if (r.split?.length === 1) r.split[0].weight = 1;
      }
    }
    return mesh as Record<string, unknown>;
  });
  for (const s of sections) {
    // A plain path already takes what the same path with `/*` takes (a prefix on segment boundaries).
    for (const rule of (s.mesh as { authorization: { paths?: string[]; notPaths?: string[] }[] })
      .authorization)
      for (const key of ['paths', 'notPaths'] as const) {
        const list = rule[key];
        if (list !== undefined)
          rule[key] = list.filter((p) => !(p.endsWith('/*') && list.includes(p.slice(0, -2))));
      }
  }
  for (const path of omitted) for (const s of sections) deletePath(s, path);
  return { original: sections[0], back: sections[1] };
}

/** A policy or route as plain data, the fields the comparison normalizes. */
interface Policy {
  match?: unknown;
  timeout?: unknown;
  retries?: { attempts: number; retryOn?: unknown };
  split?: { weight: number }[];
  mirror?: unknown;
  fault?: unknown;
  routes?: Policy[];
}

/** Sections of the scenario file the export of `product` writes, deleted from its text. */
const EXPORTED: Readonly<Record<Product, readonly string[]>> = {
  kong: ['gateway.routes', 'gateway.plugins'],
  istio: [
    'mesh.policies',
    'mesh.defaults',
    'mesh.authorization',
    'mesh.requestAuthentication',
    'mesh.mtls.mode',
    'mesh.mtls.services',
  ],
  consul: [
    'mesh.policies',
    'mesh.defaults',
    'mesh.authorization',
    'mesh.requestAuthentication',
    'mesh.mtls.mode',
    'mesh.mtls.services',
  ],
};

/**
 * The scenario document that goes with an export: the file's text without the sections the export
 * holds (its clients, services, sizing and variants stay), as a user keeps it beside the config.
 */
export function remainderDocument(text: string, product: Product): string {
  const doc = parse(text) as Record<string, unknown>;
  for (const path of EXPORTED[product]) deletePath(doc, path);
  return stringify(doc, { lineWidth: 0 });
}

/** The paths at which two plain values differ, each as deep as both sides are mappings or lists. */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return [path];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) =>
      differences(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

/**
 * The scenario document of one variant of a file: its patch merged over the file as `variants` are
 * (mappings field by field, lists and values replaced, null removes), without the variants and the
 * claims and key figures that name them.
 */
export function variantDocument(text: string, name: string): string {
  const doc = parse(text) as Record<string, unknown>;
  const variants = (doc.variants ?? []) as Record<string, unknown>[];
  const patch = variants.find((v) => v.name === name);
  if (patch === undefined) throw new Error(`no variant ${name}`);
  for (const key of ['variants', 'expect', 'keyFigures']) delete doc[key];
  const { name: _name, ...fields } = patch;
  return stringify(mergeValues(doc, fields), { lineWidth: 0 });
}

function mergeValues(base: unknown, patch: unknown): unknown {
  const isMap = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isMap(base) || !isMap(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeValues(out[k], v);
  }
  return out;
}
