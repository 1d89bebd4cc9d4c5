import { describe, expect, it } from 'vitest';
import { buildReport, lazyReport } from '../../src/model/report-builder';
import { Simulation } from '../../src/model/simulation';
import { loadLibraryScenario } from '../support/load';

describe('lazyReport', () => {
  it('reads as the whole report does, section by section, in the same key order', () => {
    for (const lesson of ['lessons/19-gateway-vs-mesh.yaml', 'lessons/03-rate-limiting.yaml']) {
      const file = loadLibraryScenario(lesson);
      for (const { scenario } of file.variants) {
        const sim = new Simulation(scenario, { duration: 12_000 });
        sim.runUntil(12_000);
        const whole = buildReport(sim, 'v', 0);
        const lazy = lazyReport(sim, 'v');
        expect(Object.keys(lazy)).toEqual(Object.keys(whole));
        expect(JSON.stringify(lazy)).toBe(JSON.stringify(whole));
      }
    }
  });

  it('builds a section only when it is read, and once', () => {
    const sim = new Simulation(loadLibraryScenario('lessons/19-gateway-vs-mesh.yaml').variants[1].scenario, {
      duration: 2_000,
    });
    sim.runUntil(2_000);
    const lazy = lazyReport(sim, 'v');
    const descriptor = Object.getOwnPropertyDescriptor(lazy, 'mesh');
    expect(descriptor?.get).toBeTypeOf('function');
    expect(lazy.mesh).toBe(lazy.mesh);
    expect(Object.hasOwn(lazy, 'gateway')).toBe(Boolean(sim.scenario.gateway));
  });
});
