import { describe, expect, it } from 'vitest';
import {
  authenticateJwt,
  authenticateKey,
  CredentialState,
  jwt,
  keyAuth,
  KEY_AUTH_MISSING_MESSAGE,
} from '../../../src/model/gateway';

describe('authenticateKey (Kong key-auth)', () => {
  const policy = keyAuth({ cost: 0.1 });
  it('no key: 401 "No API key found in request"', () => {
    expect(authenticateKey(policy, CredentialState.Missing, 'alice')).toEqual({
      status: 401,
      message: 'No API key found in request',
      consumer: '',
      cost: 0.1,
    });
    expect(KEY_AUTH_MISSING_MESSAGE).toBe('No API key found in request');
  });
  it('unknown key: 401 "Unauthorized"', () => {
    expect(authenticateKey(policy, CredentialState.Invalid, 'alice')).toEqual({
      status: 401,
      message: 'Unauthorized',
      consumer: '',
      cost: 0.1,
    });
  });
  it("a valid key passes as its consumer, at the plugin's cost", () => {
    expect(authenticateKey(policy, CredentialState.Valid, 'alice')).toEqual({
      status: 0,
      message: '',
      consumer: 'alice',
      cost: 0.1,
    });
  });
  it('cost defaults to 0; a negative cost is refused with the option named', () => {
    expect(keyAuth().cost).toBe(0);
    expect(() => keyAuth({ cost: -1 })).toThrow('key-auth: cost must be a duration in ms >= 0, got -1');
  });
  it('with status 403 (AWS API Gateway), both refusals are 403 "Forbidden"; a valid key still passes', () => {
    const aws = keyAuth({ status: 403 });
    for (const credential of [CredentialState.Missing, CredentialState.Invalid])
      expect(authenticateKey(aws, credential, 'alice')).toMatchObject({ status: 403, message: 'Forbidden' });
    expect(authenticateKey(aws, CredentialState.Valid, 'alice').status).toBe(0);
  });
});

describe('authenticateJwt (Kong jwt)', () => {
  const policy = jwt({ cost: 0.3 });
  it('no token: 401 "Unauthorized"', () => {
    expect(authenticateJwt(policy, CredentialState.Missing, 'alice')).toEqual({
      status: 401,
      message: 'Unauthorized',
      consumer: '',
      cost: 0.3,
    });
  });
  it('a token that does not verify: 401 "Invalid signature"', () => {
    expect(authenticateJwt(policy, CredentialState.Invalid, 'alice')).toEqual({
      status: 401,
      message: 'Invalid signature',
      consumer: '',
      cost: 0.3,
    });
  });
  it('a valid token passes as the consumer whose secret signed it', () => {
    expect(authenticateJwt(policy, CredentialState.Valid, 'bob')).toEqual({
      status: 0,
      message: '',
      consumer: 'bob',
      cost: 0.3,
    });
  });
  it('a NaN cost is refused with the option named', () => {
    expect(() => jwt({ cost: NaN })).toThrow('jwt: cost must be a duration in ms >= 0, got NaN');
  });
});
