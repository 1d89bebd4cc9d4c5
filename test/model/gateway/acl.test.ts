import { describe, expect, it } from 'vitest';
import {
  acl,
  authenticateKey,
  checkAcl,
  CredentialState,
  keyAuth,
  type AuthDecision,
} from '../../../src/model/gateway';

const summary = (d: AuthDecision): string => `${d.status} ${d.message}`.trim();

describe('checkAcl (Kong acl)', () => {
  it('allow: listed consumers pass, others get 403 "You cannot consume this service"', () => {
    const policy = acl({ allow: ['alice', 'carol'], cost: 0.05 });
    expect(checkAcl(policy, 'alice')).toEqual({ status: 0, message: '', consumer: 'alice', cost: 0.05 });
    expect(checkAcl(policy, 'bob')).toEqual({
      status: 403,
      message: 'You cannot consume this service',
      consumer: '',
      cost: 0.05,
    });
    expect(summary(checkAcl(policy, 'carol'))).toBe('0');
  });
  it('deny: listed consumers get 403, others pass', () => {
    const policy = acl({ deny: ['bob'] });
    expect(['alice', 'bob', 'carol'].map((c) => summary(checkAcl(policy, c)))).toEqual([
      '0',
      '403 You cannot consume this service',
      '0',
    ]);
  });
  it('groups: a consumer is checked by the groups it belongs to, not its name', () => {
    const policy = acl({ allow: ['admins'], groups: { alice: ['admins', 'staff'], bob: ['staff'] } });
    expect(['alice', 'bob', 'admins'].map((c) => summary(checkAcl(policy, c)))).toEqual([
      '0',
      '403 You cannot consume this service',
      '0', // an unlisted consumer is in a group of its own name
    ]);
  });
  it('no authenticated consumer: 401 "Unauthorized" (Kong 3.x); a credential without a consumer: 403', () => {
    const policy = acl({ allow: ['alice'] });
    expect(summary(checkAcl(policy, ''))).toBe('401 Unauthorized');
    expect(summary(checkAcl(policy, '', true))).toBe('403 You cannot consume this service');
  });
  it('after key-auth in the chain, a request without a key is refused by key-auth, never by acl', () => {
    const auth = keyAuth();
    const policy = acl({ allow: ['alice'] });
    const chain = (credential: CredentialState, consumer: string): string => {
      const a = authenticateKey(auth, credential, consumer);
      return a.status !== 0 ? `key-auth ${summary(a)}` : `acl ${summary(checkAcl(policy, a.consumer))}`;
    };
    expect([
      chain(CredentialState.Missing, 'alice'),
      chain(CredentialState.Invalid, 'alice'),
      chain(CredentialState.Valid, 'alice'),
      chain(CredentialState.Valid, 'bob'),
    ]).toEqual([
      'key-auth 401 No API key found in request',
      'key-auth 401 Unauthorized',
      'acl 0',
      'acl 403 You cannot consume this service',
    ]);
  });
  it('takes exactly one of allow and deny', () => {
    expect(() => acl({ allow: ['a'], deny: ['b'] })).toThrow(
      'acl: give exactly one of allow or deny, got both',
    );
    expect(() => acl({})).toThrow('acl: give exactly one of allow or deny, got neither');
  });
});
