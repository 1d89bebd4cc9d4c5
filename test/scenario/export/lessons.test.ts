/**
 * Every lesson, exported to Kong, Istio and Consul: a lesson whose gateway (Kong) or mesh (Istio,
 * Consul) the product holds whole is exportable; for each of those, the bundle of the lesson's
 * scenario document (without the exported sections) and the exported config gives back the same
 * section, and runs to the same report, byte for byte, every variant, over 5 simulated seconds.
 * The one difference named: a gateway without a profile is read back as Kong's (its defaults were
 * written out explicitly), so the report says `kong` where it said `generic`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Report } from '../../../src/report/report';
import {
  comparableGateways,
  comparableMeshes,
  EXPORTERS,
  importAndLoad,
  load,
  remainderDocument,
  variantDocument,
  type Product,
} from './round-trip';
import { runFileWithinBudget } from '../../support/event-budget';
import { libraryScenarioText } from '../../support/load';

const DIR = new URL('../../../scenarios/lessons/', import.meta.url);
const LESSONS = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const PRODUCTS: readonly Product[] = ['kong', 'istio', 'consul'];
const DURATION = 5000;

/** The report as JSON, its wall time (not the simulation's) set to 0. */
function reportJson(report: Report, gatewayAs?: string): string {
  for (const v of report.variants)
    if (gatewayAs !== undefined && v.gateway?.profile === 'generic')
      (v.gateway as { profile: string }).profile = gatewayAs;
  return JSON.stringify(report, null, 2).replace(/"wallMs": [\d.]+/g, '"wallMs": 0');
}

/** What keeps each lesson out of each product: the first path of each field not exported. */
function blockers(product: Product, text: string): string[] {
  const file = load(text);
  return EXPORTERS[product](file.base)
    .notExported.filter((n) => !n.simulation)
    .map((n) => n.path.replace(/\[\d+\]/g, '[]').replace(/^mesh\.policies\.[^.]+/, 'mesh.policies.*'));
}

const table = LESSONS.map((name) => {
  // A lesson written as product config is the scenario its import prints.
  const { text } = libraryScenarioText(`lessons/${name}`);
  return {
    name,
    text,
    blockers: Object.fromEntries(PRODUCTS.map((p) => [p, [...new Set(blockers(p, text))]])),
  };
});

describe('lessons exported', () => {
  test('how many lessons each product holds whole, and what keeps the others out', () => {
    const count = (p: Product) => table.filter((l) => l.blockers[p].length === 0).length;
    expect({ kong: count('kong'), istio: count('istio'), consul: count('consul') }).toEqual({
      kong: 23,
      istio: 11,
      consul: 0,
    });
    const reasons = (p: Product) => [...new Set(table.flatMap((l) => l.blockers[p]))].sort();
    expect(reasons('kong')).toEqual([
      'gateway.plugins[].cost',
      'gateway.plugins[].when',
      'gateway.routes[].plugins[]',
      'gateway.routes[].plugins[].cost',
      'gateway.routes[].retries.retryOn',
      'gateway.routes[].timeout',
    ]);
    expect(reasons('istio')).toEqual([
      'mesh.enabled',
      'mesh.policies.*.connectTimeout',
      'mesh.policies.*.retries.otherHost',
      'mesh.profile',
    ]);
    expect(reasons('consul')).toContain('mesh.profile');
  });

  for (const product of PRODUCTS)
    for (const lesson of table) {
      if (lesson.blockers[product].length > 0) continue;
      test(`${lesson.name} through ${product}: the same section and the same report`, () => {
        const file = load(lesson.text, lesson.name);
        const exported = EXPORTERS[product](file.base);
        const bundle = importAndLoad([
          { text: remainderDocument(lesson.text, product), fileName: lesson.name },
          { text: exported.text, fileName: `${product}.yaml` },
        ]);
        const omitted = exported.notExported.map((n) => n.path);
        const sections =
          product === 'kong'
            ? comparableGateways(file.base, bundle.file.base, omitted)
            : comparableMeshes(file.base, bundle.file.base, omitted);
        expect(sections.back).toEqual(sections.original);
        const renamed = product === 'kong' && file.base.gateway?.profile === undefined ? 'kong' : undefined;
        expect(reportJson(runFileWithinBudget(bundle.file, { duration: DURATION }))).toBe(
          reportJson(runFileWithinBudget(file, { duration: DURATION }), renamed),
        );
      });
    }

  test('how many lesson variants each product holds whole', () => {
    const counts = Object.fromEntries(
      PRODUCTS.map((p) => [
        p,
        table
          .flatMap((l) => load(l.text).variants)
          .filter((v) => EXPORTERS[p](v.scenario).notExported.every((n) => n.simulation)).length,
      ]),
    );
    expect(counts).toEqual({ kong: 57, istio: 22, consul: 2 });
  });

  // A variant Consul holds whole: the mesh-profiles lesson under Consul's defaults (the other is
  // the Consul variant of the lesson written as the three meshes' config).
  test('21-mesh-profiles.yaml, variant consul, through consul: the same section and the same report', () => {
    const lesson = table.find((l) => l.name === '21-mesh-profiles.yaml')!;
    const text = variantDocument(lesson.text, 'consul');
    const file = load(lesson.text, lesson.name);
    const variant = file.variants.find((v) => v.name === 'consul')!.scenario;
    const exported = EXPORTERS.consul(variant);
    expect(exported.notExported.filter((n) => !n.simulation)).toEqual([]);
    const bundle = importAndLoad([
      { text: remainderDocument(text, 'consul'), fileName: 'consul-variant.yaml' },
      { text: exported.text, fileName: 'consul.json' },
    ]);
    const omitted = exported.notExported.map((n) => n.path);
    const sections = comparableMeshes(variant, bundle.file.base, omitted);
    expect(sections.back).toEqual(sections.original);
    // The whole run, for the lesson's claim: Consul's outlier detection ejects the failing instance twice.
    const original = runFileWithinBudget(file, { variant: 'consul' });
    const back = runFileWithinBudget(bundle.file);
    // The bundle has no variants: its one run is named base.
    (back.variants[0] as { name: string }).name = 'consul';
    expect(back.variants[0].mesh!.outcomes.ejections).toBe(2);
    expect(reportJson(back)).toBe(reportJson(original));
  });
});
