/**
 * Authorization that is never widened: `not...` fields, headers, the `mesh:*` caller, end-user
 * tokens and request authentication, alone (exact decisions) and in whole runs (exact counts: each
 * client sends one kind of request, so its answers are all of one status, or split by the share of
 * bad credentials that the report counts itself).
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../src/model';
import { authorize, type CallAttributes } from '../../src/model/mesh';
import type { AuthorizationRule } from '../../src/scenario/types';
import { loaded, yaml } from '../scenario/helpers';
import { runFileWithinBudget } from '../support/event-budget';

const run = (...lines: string[]): VariantReport => runFileWithinBudget(loaded(yaml(...lines))).variants[0];

const call = (over: Partial<CallAttributes>): CallAttributes => ({
  meshed: true,
  headers: {},
  principal: '',
  ...over,
});

describe('authorize with the fields Istio and Consul add', () => {
  const allowed = (rules: AuthorizationRule[], caller: string, attrs: Partial<CallAttributes>, path = '/') =>
    authorize(rules, 'api', caller, path, 'GET', call(attrs)).allowed;

  it('notFrom, notPaths and notMethods match when no entry does', () => {
    const rules: AuthorizationRule[] = [
      { service: 'api', action: 'DENY', notFrom: ['web'] },
      { service: 'api', action: 'DENY', notPaths: ['/public'], notMethods: ['GET'] },
    ];
    expect(allowed(rules, 'web', {})).toBe(true);
    expect(allowed(rules, 'batch', {})).toBe(false);
    // GET is in notMethods: the second rule does not match whatever the path.
    expect(allowed(rules, 'web', {}, '/private')).toBe(true);
    expect(authorize(rules, 'api', 'web', '/private', 'POST').allowed).toBe(false);
    expect(authorize(rules, 'api', 'web', '/public/x', 'POST').allowed).toBe(true);
  });

  it('mesh:* matches only a caller whose sidecar presented a certificate', () => {
    const rules: AuthorizationRule[] = [{ service: 'api', action: 'ALLOW', from: ['mesh:*'] }];
    expect(allowed(rules, 'web', { meshed: true })).toBe(true);
    expect(allowed(rules, 'web', { meshed: false })).toBe(false);
    const notMeshed: AuthorizationRule[] = [{ service: 'api', action: 'DENY', notFrom: ['mesh:*'] }];
    expect(allowed(notMeshed, 'legacy', { meshed: false })).toBe(false);
    expect(allowed(notMeshed, 'web', { meshed: true })).toBe(true);
  });

  it('headers: every name present with one matching value (exact, prefix*, *suffix, *); notHeaders: none', () => {
    const rules: AuthorizationRule[] = [
      { service: 'api', action: 'ALLOW', headers: { 'x-tier': ['gold', 'plat*'], 'x-id': ['*'] } },
    ];
    expect(allowed(rules, 'web', { headers: { 'x-tier': 'gold', 'x-id': '1' } })).toBe(true);
    expect(allowed(rules, 'web', { headers: { 'x-tier': 'platinum', 'x-id': '' } })).toBe(true);
    expect(allowed(rules, 'web', { headers: { 'x-tier': 'silver', 'x-id': '1' } })).toBe(false);
    expect(allowed(rules, 'web', { headers: { 'x-tier': 'gold' } })).toBe(false);
    const deny: AuthorizationRule[] = [
      { service: 'api', action: 'DENY', notHeaders: { 'x-env': ['*-prod'] } },
    ];
    // Absent or not matching: the DENY matches; matching: it does not.
    expect(allowed(deny, 'web', {})).toBe(false);
    expect(allowed(deny, 'web', { headers: { 'x-env': 'eu-test' } })).toBe(false);
    expect(allowed(deny, 'web', { headers: { 'x-env': 'eu-prod' } })).toBe(true);
  });

  it('requestPrincipals: * needs a principal, iss/* one of that issuer; notRequestPrincipals the reverse', () => {
    const any: AuthorizationRule[] = [{ service: 'api', action: 'ALLOW', requestPrincipals: ['*'] }];
    expect(allowed(any, 'web', { principal: 'iss/alice' })).toBe(true);
    expect(allowed(any, 'web', { principal: '' })).toBe(false);
    const issuer: AuthorizationRule[] = [{ service: 'api', action: 'ALLOW', requestPrincipals: ['iss/*'] }];
    expect(allowed(issuer, 'web', { principal: 'iss/alice' })).toBe(true);
    expect(allowed(issuer, 'web', { principal: 'other/alice' })).toBe(false);
    const notAlice: AuthorizationRule[] = [
      { service: 'api', action: 'DENY', notRequestPrincipals: ['iss/alice'] },
    ];
    expect(allowed(notAlice, 'web', { principal: 'iss/alice' })).toBe(true);
    expect(allowed(notAlice, 'web', { principal: 'iss/bob' })).toBe(false);
    // No principal: no pattern matches it, so "not alice" holds: denied.
    expect(allowed(notAlice, 'web', { principal: '' })).toBe(false);
  });

  it('keeps Istio’s order: any matching DENY, then some ALLOW must match, else allowed', () => {
    const rules: AuthorizationRule[] = [
      { service: 'api', action: 'ALLOW', headers: { 'x-tier': ['gold'] } },
      { service: 'api', action: 'DENY', requestPrincipals: ['iss/mallory'] },
    ];
    expect(authorize(rules, 'api', 'web', '/', 'GET', call({ headers: { 'x-tier': 'gold' } }))).toEqual({
      allowed: true,
      rule: 0,
    });
    expect(
      authorize(
        rules,
        'api',
        'web',
        '/',
        'GET',
        call({ headers: { 'x-tier': 'gold' }, principal: 'iss/mallory' }),
      ),
    ).toEqual({ allowed: false, rule: 1 });
    expect(authorize(rules, 'api', 'web', '/', 'GET', call({}))).toEqual({ allowed: false, rule: -1 });
    expect(authorize(rules, 'other', 'web', '/', 'GET', call({}))).toEqual({ allowed: true, rule: -1 });
  });
});

/** A gateway `edge` in the mesh in front of `api`, with request authentication of issuer `iss` on api. */
const meshWith = (clients: string[], authorization: string[]) =>
  run(
    'duration: 2s',
    'clients:',
    ...clients,
    'gateway: { id: edge, routes: [ { match: { prefix: / }, service: api } ] }',
    'services: [ { id: api, concurrency: 10, serviceTime: 1ms } ]',
    'mesh:',
    '  enabled: true',
    '  requestAuthentication: [ { service: api, issuers: [iss] } ]',
    '  authorization:',
    ...authorization,
  );

const GOLD_WITH_TOKEN = [
  '    - { service: api, action: ALLOW, requestPrincipals: ["iss/*"], headers: { x-tier: [gold, "plat*"] } }',
];

describe('end-user identity in whole runs', () => {
  it('a valid token of an accepted issuer and a gold header: 200; another issuer: 401; no token or silver: 403', () => {
    const status = (client: string) =>
      meshWith([`  - { id: c, arrival: { process: constant, rate: 50 }, ${client} }`], GOLD_WITH_TOKEN);
    const alice = status('jwt: { issuer: iss, subject: alice }, headers: { x-tier: gold }');
    expect(alice.requests.byStatus).toEqual({ '200': 100 });
    const bob = status('jwt: { issuer: other, subject: bob }, headers: { x-tier: platinum }');
    expect(bob.requests.byStatus).toEqual({ '401': 100 });
    expect(bob.mesh!.outcomes.unauthenticated).toBe(100);
    const carol = status('headers: { x-tier: gold }');
    expect(carol.requests.byStatus).toEqual({ '403': 100 });
    expect(carol.mesh!.outcomes.denied).toBe(100);
    const dave = status('jwt: { issuer: iss }, consumer: dave, headers: { x-tier: silver }');
    expect(dave.requests.byStatus).toEqual({ '403': 100 });
  });

  it('bad credentials: half carry no token (403 from the ALLOW rule), half an invalid one (401)', () => {
    const r = meshWith(
      [
        '  - { id: c, arrival: { process: constant, rate: 1000 }, jwt: { issuer: iss, subject: alice },',
        '      headers: { x-tier: gold }, credentials: { invalid: 0.4 } }',
      ],
      GOLD_WITH_TOKEN,
    );
    const s = r.requests.byStatus;
    // The last request is still being served when the run ends.
    expect(r.requests.inFlight).toBe(1);
    expect(s['200'] + s['401'] + s['403']).toBe(1999);
    expect(s['401']).toBe(r.mesh!.outcomes.unauthenticated);
    expect(s['403']).toBe(r.mesh!.outcomes.denied);
    // Binomial(2000, 0.2) each: sd 18; 5 sd.
    expect(Math.abs(s['401'] - 400)).toBeLessThan(90);
    expect(Math.abs(s['403'] - 400)).toBeLessThan(90);
  });

  it('without request authentication a token gives no principal: requestPrincipals never matches', () => {
    const r = run(
      'duration: 1s',
      'clients: [ { id: c, target: api, arrival: { process: constant, rate: 100 }, jwt: { issuer: iss, subject: alice } } ]',
      'services: [ { id: api, serviceTime: 1ms } ]',
      'mesh: { enabled: true, authorization: [ { service: api, requestPrincipals: ["*"] } ] }',
    );
    expect(r.requests.byStatus).toEqual({ '403': 100 });
    expect(r.mesh!.outcomes.unauthenticated).toBeUndefined();
  });

  it('the token is forwarded to every hop: the second service checks it too', () => {
    const r = run(
      'duration: 1s',
      'clients:',
      '  - { id: alice, target: front, arrival: { process: constant, rate: 100 }, jwt: { issuer: iss, subject: alice } }',
      '  - { id: bob, target: front, arrival: { process: constant, rate: 50 }, jwt: { issuer: iss, subject: bob } }',
      'services: [ { id: front, concurrency: 10, calls: [ { service: db } ] }, { id: db } ]',
      'mesh:',
      '  enabled: true',
      '  requestAuthentication: [ { issuers: [iss] } ]',
      '  authorization: [ { service: db, action: DENY, requestPrincipals: [iss/bob] } ]',
    );
    expect(r.requests.byStatus).toEqual({ '200': 100, '403': 50 });
    expect(r.components.front.served).toBe(150);
    expect(r.components.db.served).toBe(100);
  });

  it('notFrom and mesh:*: a caller without a sidecar is no mesh identity; the gateway’s sidecar is', () => {
    const lines = [
      'duration: 1s',
      'clients:',
      '  - { id: direct, target: api, arrival: { process: constant, rate: 100 } }',
      '  - { id: edged, arrival: { process: constant, rate: 30 } }',
      'gateway: { id: edge, routes: [ { match: { prefix: / }, service: api } ] }',
      'services: [ { id: api, serviceTime: 1ms }, { id: legacy, calls: [ { service: api } ] } ]',
      'mesh:',
      '  enabled: true',
    ];
    const anyIdentity = run(...lines, '  authorization: [ { service: api, from: ["mesh:*"] } ]');
    expect(anyIdentity.requests.byStatus).toEqual({ '403': 100, '200': 30 });
    const notEdge = run(...lines, '  authorization: [ { service: api, action: DENY, notFrom: [edge] } ]');
    expect(notEdge.requests.byStatus).toEqual({ '403': 100, '200': 30 });
    // Plaintext into api (DISABLE): no certificate, so no caller has a mesh identity there.
    const plain = run(
      ...lines,
      '  mtls: { services: { api: DISABLE } }',
      '  authorization: [ { service: api, from: ["mesh:*"] } ]',
    );
    expect(plain.requests.byStatus).toEqual({ '403': 130 });
  });
});
