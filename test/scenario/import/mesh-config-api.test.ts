/**
 * The import-side API the Istio and Consul readers call for routes, per-service mTLS and request
 * authentication: what `MeshConfig` emits for the scenario, and the warnings of conflicting input.
 */
import { describe, expect, it } from 'vitest';
import { Reporter, formatDiagnostic } from '../../../src/scenario/diagnostics';
import type { Where } from '../../../src/scenario/import/config-entity';
import { EVERY_SERVICE, MeshConfig } from '../../../src/scenario/import/mesh-config';

const reporter = () => new Reporter('mesh.yaml');
const at = (r: Reporter, line: number): Where => ({ r, pos: { line, column: 3 }, path: ['spec'] });
const warnings = (r: Reporter) => r.warnings.map(formatDiagnostic);

describe('MeshConfig.addRoute', () => {
  it('emits a service’s routes in order, with the route settings given with setRoute under them', () => {
    const r = reporter();
    const mesh = new MeshConfig();
    mesh.setRoute('reviews', { leaf: 'timeout', value: '3s', at: at(r, 2) }, 'VirtualService reviews');
    const v2 = mesh.addSubset('reviews', 'v2');
    const v1 = mesh.addSubset('reviews', 'v1');
    mesh.addRoute(
      'reviews',
      {
        match: { headers: { 'end-user': 'jason' } },
        split: [{ service: v2, weight: 100 }],
        retries: { attempts: 1 },
        at: at(r, 5),
      },
      'VirtualService reviews',
    );
    mesh.addRoute(
      'reviews',
      { split: [{ service: v1, weight: 100 }], at: at(r, 9) },
      'VirtualService reviews',
    );
    const policies = mesh.policies(['reviews', 'reviews-v1', 'reviews-v2'], new Map());
    expect(policies).toEqual({
      reviews: {
        timeout: '3s',
        routes: [
          {
            match: { headers: { 'end-user': 'jason' } },
            retries: { attempts: 1 },
            split: [{ service: 'reviews-v2', weight: 100 }],
          },
          { split: [{ service: 'reviews-v1', weight: 100 }] },
        ],
      },
    });
    // A host with routes: its timeout is the routes', not copied onto the subsets' policies.
    expect(policies['reviews-v1']).toBeUndefined();
    expect([...mesh.refs.keys()]).toEqual(['reviews', 'reviews-v2', 'reviews-v1']);
    expect(warnings(r)).toEqual([]);
  });

  it('a split given with setRoute becomes the last catch-all route, unless a route takes every call', () => {
    const r = reporter();
    const mesh = new MeshConfig();
    mesh.setRoute(
      'api',
      { leaf: 'split', value: [{ service: 'api-v1', weight: 1 }], at: at(r, 3) },
      'ServiceSplitter api',
    );
    mesh.addRoute(
      'api',
      { match: { prefix: '/admin' }, split: [{ service: 'admin', weight: 1 }], at: at(r, 8) },
      'ServiceRouter api',
    );
    expect(mesh.policies(['api', 'api-v1', 'admin'], new Map()).api).toEqual({
      routes: [
        { match: { prefix: '/admin' }, split: [{ service: 'admin', weight: 1 }] },
        { split: [{ service: 'api-v1', weight: 1 }] },
      ],
    });

    const shadowed = new MeshConfig();
    shadowed.setRoute(
      'api',
      { leaf: 'split', value: [{ service: 'api-v1', weight: 1 }], at: at(r, 3) },
      'ServiceSplitter api',
    );
    shadowed.addRoute('api', { at: at(r, 8) }, 'ServiceRouter api');
    expect(shadowed.policies(['api', 'api-v1'], new Map()).api).toEqual({ routes: [{}] });
    expect(warnings(r)).toEqual([
      'mesh.yaml:3:3: warning: spec: split of "api" is left out: its route at line 8 of mesh.yaml takes every call the routes before it do not',
    ]);
  });

  it('routes of a second resource for the same service are left out with one warning; dropRoutes replaces', () => {
    const r = reporter();
    const mesh = new MeshConfig();
    mesh.addRoute('api', { timeout: '1s', at: at(r, 2) }, 'VirtualService a');
    mesh.addRoute('api', { timeout: '2s', at: at(r, 12) }, 'VirtualService b');
    mesh.addRoute('api', { timeout: '3s', at: at(r, 14) }, 'VirtualService b');
    expect(mesh.policies(['api'], new Map()).api).toEqual({ routes: [{ timeout: '1s' }] });
    expect(warnings(r)).toHaveLength(1);
    expect(warnings(r)[0]).toMatch(
      /^mesh\.yaml:12:3: warning: spec: the calls into "api" are already routed by VirtualService a/,
    );

    const applied = new MeshConfig();
    applied.addRoute('api', { timeout: '1s', at: at(r, 2) }, 'VirtualService a');
    applied.dropRoutes('VirtualService a');
    applied.addRoute('api', { timeout: '5s', at: at(r, 20) }, 'VirtualService a');
    expect(applied.policies(['api'], new Map()).api).toEqual({ routes: [{ timeout: '5s' }] });
  });
});

describe('MeshConfig mTLS per service and request authentication', () => {
  it('a selector’s mode wins over a namespace’s; the subsets take their host’s; the mesh-wide mode stays', () => {
    const r = reporter();
    const mesh = new MeshConfig();
    mesh.setMtls('PERMISSIVE', at(r, 1), 'PeerAuthentication default');
    mesh.addSubset('ratings', 'v1');
    mesh.setServiceMtls('ratings', 'STRICT', 'selector', at(r, 5), 'PeerAuthentication ratings');
    mesh.setServiceMtls('ratings', 'DISABLE', 'namespace', at(r, 9), 'PeerAuthentication ns');
    mesh.setServiceMtls('reviews', 'DISABLE', 'namespace', at(r, 9), 'PeerAuthentication ns');
    mesh.setServiceMtls('reviews', 'STRICT', 'namespace', at(r, 13), 'PeerAuthentication other');
    expect(mesh.mtlsSection(new Set(['ratings', 'ratings-v1', 'reviews']))).toEqual({
      mode: 'PERMISSIVE',
      services: { ratings: 'STRICT', 'ratings-v1': 'STRICT', reviews: 'DISABLE' },
    });
    expect(warnings(r)).toEqual([
      'mesh.yaml:13:3: warning: spec: "reviews" already takes mTLS mode DISABLE from PeerAuthentication ns (line 9 of mesh.yaml); STRICT is left out',
    ]);
  });

  it('issuers per service and for every service; an unknown service is a warning', () => {
    const r = reporter();
    const mesh = new MeshConfig();
    mesh.addSubset('api', 'v2');
    mesh.addRequestAuthentication('api', ['https://issuer.example'], at(r, 4));
    mesh.addRequestAuthentication(EVERY_SERVICE, ['corp'], at(r, 8));
    mesh.addRequestAuthentication('ghost', ['x'], at(r, 12));
    expect(mesh.requestAuthentication(new Set(['api', 'api-v2']))).toEqual([
      { service: 'api', issuers: ['https://issuer.example'] },
      { service: 'api-v2', issuers: ['https://issuer.example'] },
      { issuers: ['corp'] },
    ]);
    expect(warnings(r)).toEqual([
      'mesh.yaml:12:3: warning: spec: no service "ghost" in the scenario, so the issuers it accepts apply to nothing; left out',
    ]);
  });
});
