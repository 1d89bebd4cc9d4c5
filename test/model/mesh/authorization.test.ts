import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuthorizationTable,
  authorize,
  pathMatches,
  type AuthorizationDecision,
} from '../../../src/model/mesh';
import type { AuthorizationRule } from '../../../src/scenario/types';

const SEED = 4003;

const ask = (rules: AuthorizationRule[], service: string, caller: string, path = '/', method = 'GET') =>
  authorize(rules, service, caller, path, method);

describe('authorize', () => {
  it('allows everything when the service has no rule (rules of other services do not count)', () => {
    expect(ask([], 'orders', 'web')).toEqual({ allowed: true, rule: -1 });
    const other: AuthorizationRule[] = [{ service: 'payments', action: 'ALLOW', from: ['orders'] }];
    expect(ask(other, 'orders', 'web')).toEqual({ allowed: true, rule: -1 });
  });

  it('with ALLOW rules, allows only what one of them matches; the first matching one decides', () => {
    const rules: AuthorizationRule[] = [
      { service: 'payments', action: 'ALLOW', from: ['orders'] },
      { service: 'payments', action: 'ALLOW', from: ['billing', 'orders'] },
    ];
    expect(ask(rules, 'payments', 'orders')).toEqual({ allowed: true, rule: 0 });
    expect(ask(rules, 'payments', 'billing')).toEqual({ allowed: true, rule: 1 });
    expect(ask(rules, 'payments', 'web')).toEqual({ allowed: false, rule: -1 });
  });

  it('any matching DENY denies, before any ALLOW and wherever it stands in the list', () => {
    const rules: AuthorizationRule[] = [
      { service: 'payments', action: 'ALLOW' },
      { service: 'payments', action: 'DENY', from: ['web'], paths: ['/admin'] },
      { service: 'payments', action: 'DENY', methods: ['DELETE'] },
    ];
    expect(ask(rules, 'payments', 'web', '/admin/users')).toEqual({ allowed: false, rule: 1 });
    expect(ask(rules, 'payments', 'web', '/admin', 'DELETE')).toEqual({ allowed: false, rule: 1 });
    expect(ask(rules, 'payments', 'orders', '/x', 'DELETE')).toEqual({ allowed: false, rule: 2 });
    expect(ask(rules, 'payments', 'orders', '/admin')).toEqual({ allowed: true, rule: 0 });
  });

  it('DENY rules alone deny what they match and allow the rest', () => {
    const rules: AuthorizationRule[] = [{ service: 'db', action: 'DENY', from: ['gateway'] }];
    expect(ask(rules, 'db', 'gateway')).toEqual({ allowed: false, rule: 0 });
    expect(ask(rules, 'db', 'orders')).toEqual({ allowed: true, rule: -1 });
  });

  it('a rule matches when every field it sets matches: from, paths and methods together', () => {
    const rules: AuthorizationRule[] = [
      { service: 's', action: 'ALLOW', from: ['web'], paths: ['/api'], methods: ['GET', 'HEAD'] },
    ];
    expect(ask(rules, 's', 'web', '/api/items', 'HEAD').allowed).toBe(true);
    expect(ask(rules, 's', 'app', '/api/items', 'HEAD').allowed).toBe(false);
    expect(ask(rules, 's', 'web', '/health', 'GET').allowed).toBe(false);
    expect(ask(rules, 's', 'web', '/api', 'POST').allowed).toBe(false);
    expect(ask(rules, 's', 'web', '/api', 'get').allowed).toBe(false);
  });

  it("'*' matches any caller, any path, any method; an empty list is as if unset", () => {
    const star: AuthorizationRule[] = [
      { service: 's', action: 'ALLOW', from: ['*'], paths: ['*'], methods: ['*'] },
    ];
    expect(ask(star, 's', 'anyone', '/x/y', 'PATCH')).toEqual({ allowed: true, rule: 0 });
    const empty: AuthorizationRule[] = [{ service: 's', action: 'DENY', from: [], paths: [], methods: [] }];
    expect(ask(empty, 's', 'anyone')).toEqual({ allowed: false, rule: 0 });
  });
});

describe('pathMatches', () => {
  it('a plain entry is a prefix on segment boundaries', () => {
    const cases: [string, string, boolean][] = [
      ['/api', '/api', true],
      ['/api', '/api/x', true],
      ['/api', '/api/', true],
      ['/api', '/api?q=1', true],
      ['/api', '/apix', false],
      ['/api', '/ap', false],
      ['/api', '/other/api', false],
      ['/api/', '/api/x', true],
      ['/api/', '/api', false],
      ['/', '/anything/at/all', true],
    ];
    expect(cases.map(([p, path]) => pathMatches(p, path))).toEqual(cases.map((c) => c[2]));
  });

  it("an entry ending in '*' is a plain prefix; one starting with '*' a suffix; '*' alone anything", () => {
    expect(pathMatches('/api*', '/apix')).toBe(true);
    expect(pathMatches('/api*', '/api')).toBe(true);
    expect(pathMatches('/api*', '/ap')).toBe(false);
    expect(pathMatches('*.json', '/a/b.json')).toBe(true);
    expect(pathMatches('*.json', '/a/b.jsonx')).toBe(false);
    expect(pathMatches('*.json', 'json')).toBe(false);
    expect(pathMatches('*', '')).toBe(true);
  });
});

describe('AuthorizationTable', () => {
  it('decides as authorize does, into a reused decision', () => {
    const rules: AuthorizationRule[] = [
      { service: 'a', action: 'ALLOW', from: ['web'] },
      { service: 'b', action: 'DENY', paths: ['/admin'] },
      { service: 'a', action: 'DENY', methods: ['DELETE'] },
    ];
    const table = new AuthorizationTable(rules);
    const out: AuthorizationDecision = { allowed: false, rule: -1 };
    expect(table.decide('a', 'web', '/', 'GET', out)).toBe(true);
    expect(out).toEqual({ allowed: true, rule: 0 });
    expect(table.decide('a', 'web', '/', 'DELETE', out)).toBe(false);
    expect(out).toEqual({ allowed: false, rule: 2 });
    expect(table.decide('a', 'app', '/', 'GET', out)).toBe(false);
    expect(out).toEqual({ allowed: false, rule: -1 });
    expect(table.decide('b', 'app', '/x', 'GET', out)).toBe(true);
    expect(out).toEqual({ allowed: true, rule: -1 });
    expect(table.decide('c', 'app', '/admin', 'GET', out)).toBe(true);
    expect([table.governs('a'), table.governs('c')]).toEqual([true, false]);
  });

  it('refuses an action other than ALLOW or DENY, naming the rule', () => {
    const bad = [{ service: 'a', action: 'CUSTOM' }] as unknown as AuthorizationRule[];
    expect(() => new AuthorizationTable(bad)).toThrow(
      'authorization.0.action: expected ALLOW or DENY, got CUSTOM',
    );
  });

  it(`agrees with authorize on random rules and calls (fast-check seed ${SEED})`, () => {
    const id = fc.constantFrom('web', 'orders', 'pay', '*');
    const rule = fc.record(
      {
        service: fc.constantFrom('a', 'b'),
        action: fc.constantFrom('ALLOW' as const, 'DENY' as const),
        from: fc.array(id, { maxLength: 2 }),
        paths: fc.array(fc.constantFrom('/api', '/api/', '/ap*', '*', '/', '*.json', '/admin'), {
          maxLength: 2,
        }),
        methods: fc.array(fc.constantFrom('GET', 'POST', '*'), { maxLength: 2 }),
      },
      { requiredKeys: ['service', 'action'] },
    );
    const call = fc.record({
      service: fc.constantFrom('a', 'b', 'c'),
      caller: fc.constantFrom('web', 'orders', 'pay', 'x'),
      path: fc.constantFrom('/', '/api', '/api/x', '/apix', '/admin/a.json', '/b.json'),
      method: fc.constantFrom('GET', 'POST', 'PUT'),
    });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 6 }),
        fc.array(call, { minLength: 1, maxLength: 10 }),
        (rules, calls) => {
          const table = new AuthorizationTable(rules);
          const out: AuthorizationDecision = { allowed: false, rule: -1 };
          for (const c of calls) {
            const expected = authorize(rules, c.service, c.caller, c.path, c.method);
            table.decide(c.service, c.caller, c.path, c.method, out);
            expect({ ...out }).toEqual(expected);
            // The deciding rule is of the called service and carries the decision's action.
            if (expected.rule >= 0) {
              expect(rules[expected.rule].service).toBe(c.service);
              expect(rules[expected.rule].action).toBe(expected.allowed ? 'ALLOW' : 'DENY');
            }
          }
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});
