import { describe, expect, it } from 'vitest';
import {
  authorize,
  AuthorizerVerdict,
  authorizerVerdict,
  completeAuthorizerCall,
  CredentialState,
  deniesConsumer,
  externalAuth,
  externalAuthState,
  type AuthorizeStep,
  type ExternalAuth,
  type ExternalAuthState,
} from '../../../src/model/gateway';

const { Valid, Missing, Invalid } = CredentialState;

/** One request through the authorizer; a call answers at once (latency 0). Returns `status message [cached|called]`. */
function request(
  policy: ExternalAuth,
  state: ExternalAuthState,
  credential: CredentialState,
  consumer: string,
  now: number,
  u = 0.5,
): string {
  const step: AuthorizeStep = authorize(policy, state, credential, consumer, now);
  if (step.kind === 'decided') {
    const d = step.decision;
    return `${d.status} ${d.message}${step.cached ? ' [cached]' : ''}`.replace(/^0 /, '0');
  }
  const verdict = authorizerVerdict(policy, credential, consumer, u);
  const d = completeAuthorizerCall(policy, state, consumer, verdict, now);
  return `${d.status} ${d.message} [called]`.replace(/^0 /, '0');
}

describe('external-auth (AWS Lambda authorizer)', () => {
  it('defaults: cache TTL 300 s, no denials, no errors, zero latency and cost', () => {
    const p = externalAuth();
    expect([p.cacheTtl, p.denyRate, p.errorRate, p.cost, p.latency]).toEqual([
      300_000,
      0,
      0,
      0,
      { dist: 'constant', value: 0 },
    ]);
  });

  it('a missing credential is 401 "Unauthorized" at once, without calling the function', () => {
    const p = externalAuth({ cost: 0.2 });
    const s = externalAuthState();
    expect(authorize(p, s, Missing, 'alice', 0)).toEqual({
      kind: 'decided',
      decision: { status: 401, message: 'Unauthorized', consumer: '', cost: 0.2 },
      cached: false,
    });
    expect(s.calls).toBe(0);
  });

  it('a miss asks for a call costing the gateway `cost`; the Allow then passes as the consumer', () => {
    const p = externalAuth({ cost: 0.2 });
    const s = externalAuthState();
    expect(authorize(p, s, Valid, 'alice', 0)).toEqual({ kind: 'call', cost: 0.2 });
    expect(completeAuthorizerCall(p, s, 'alice', AuthorizerVerdict.Allow, 40)).toEqual({
      status: 0,
      message: '',
      consumer: 'alice',
      cost: 0,
    });
    expect(s.cache.get('alice')).toEqual({ allow: true, expiresAt: 300_040 });
  });

  it('within the TTL a consumer is answered from the cache; from the TTL on it is called again', () => {
    const p = externalAuth();
    const s = externalAuthState();
    // The policy is cached when the call answers (t = 10), so it expires at 300 010.
    const answer = (t: number): string => {
      const step = authorize(p, s, Valid, 'alice', t);
      if (step.kind === 'decided') return `${t} cached`;
      completeAuthorizerCall(p, s, 'alice', AuthorizerVerdict.Allow, t + 10);
      return `${t} called`;
    };
    expect([0, 20, 1_000, 300_009, 300_010, 300_030, 600_019, 600_020].map(answer)).toEqual([
      '0 called',
      '20 cached',
      '1000 cached',
      '300009 cached',
      '300010 called',
      '300030 cached',
      '600019 cached',
      '600020 called',
    ]);
    expect([s.calls, s.hits]).toEqual([3, 5]);
  });

  it('requests that miss while a call is out each call the function (no collapsing)', () => {
    const p = externalAuth();
    const s = externalAuthState();
    expect([authorize(p, s, Valid, 'alice', 0).kind, authorize(p, s, Valid, 'alice', 5).kind]).toEqual([
      'call',
      'call',
    ]);
    completeAuthorizerCall(p, s, 'alice', AuthorizerVerdict.Allow, 10);
    completeAuthorizerCall(p, s, 'alice', AuthorizerVerdict.Allow, 15);
    expect(s.calls).toBe(2);
    expect(s.cache.get('alice')).toEqual({ allow: true, expiresAt: 300_015 });
  });

  it('consumers have their own cache entries', () => {
    const p = externalAuth();
    const s = externalAuthState();
    expect([
      request(p, s, Valid, 'alice', 0),
      request(p, s, Valid, 'bob', 1),
      request(p, s, Valid, 'alice', 2),
      request(p, s, Valid, 'bob', 3),
    ]).toEqual(['0 [called]', '0 [called]', '0 [cached]', '0 [cached]']);
  });

  it('cacheTtl 0 disables the cache: every request calls the function', () => {
    const p = externalAuth({ cacheTtl: 0 });
    const s = externalAuthState();
    expect([0, 1, 2].map((t) => request(p, s, Valid, 'alice', t))).toEqual([
      '0 [called]',
      '0 [called]',
      '0 [called]',
    ]);
    expect(s.cache.size).toBe(0);
  });

  it('denyRate picks consumers by hash: at 0.5, carol, dave, grace and heidi are denied', () => {
    const p = externalAuth({ denyRate: 0.5 });
    const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
    expect(names.filter((c) => deniesConsumer(p, c))).toEqual(['carol', 'dave', 'grace', 'heidi']);
  });

  it('a denied consumer is denied on every call, whatever the draw, and the Deny is cached', () => {
    const p = externalAuth({ denyRate: 0.5 });
    const verdicts = new Set<number>();
    for (let i = 0; i < 100; i++) verdicts.add(authorizerVerdict(p, Valid, 'carol', i / 100));
    expect([...verdicts]).toEqual([AuthorizerVerdict.Deny]);
    const s = externalAuthState();
    const deny = '403 User is not authorized to access this resource with an explicit deny';
    expect([request(p, s, Valid, 'carol', 0), request(p, s, Valid, 'carol', 1)]).toEqual([
      `${deny} [called]`,
      `${deny} [cached]`,
    ]);
    expect(s.calls).toBe(1);
  });

  it('over 10 000 consumers, denyRate 0.25 denies 2 537 of them', () => {
    const p = externalAuth({ denyRate: 0.25 });
    let denied = 0;
    for (let i = 0; i < 10_000; i++) if (deniesConsumer(p, `consumer-${i}`)) denied++;
    expect(denied).toBe(2537);
  });

  it('an invalid credential is called and rejected with 401, and never cached', () => {
    const p = externalAuth();
    const s = externalAuthState();
    expect([request(p, s, Invalid, 'alice', 0), request(p, s, Invalid, 'alice', 1)]).toEqual([
      '401 Unauthorized [called]',
      '401 Unauthorized [called]',
    ]);
    expect(s.cache.size).toBe(0);
  });

  it('a failing call is a 500, not cached; errorRate is decided by the caller draw u', () => {
    const p = externalAuth({ errorRate: 0.1 });
    const s = externalAuthState();
    expect([
      request(p, s, Valid, 'alice', 0, 0.05),
      request(p, s, Valid, 'alice', 1, 0.1),
      request(p, s, Valid, 'alice', 2, 0.05),
    ]).toEqual(['500 AUTHORIZER_FAILURE [called]', '0 [called]', '0 [cached]']);
  });

  it('refuses bad options, naming them', () => {
    expect(() => externalAuth({ denyRate: 1.5 })).toThrow(
      'external-auth: denyRate must be a share from 0 to 1, got 1.5',
    );
    expect(() => externalAuth({ cacheTtl: -5 })).toThrow(
      'external-auth: cacheTtl must be a duration in ms >= 0, got -5',
    );
  });
});
