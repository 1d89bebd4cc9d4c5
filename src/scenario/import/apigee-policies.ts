/**
 * Apigee policies (`apiproxy/policies/*.xml`) as meshsim gateway plugins:
 *
 * | Apigee                               | meshsim                                                          |
 * | ------------------------------------ | ---------------------------------------------------------------- |
 * | SpikeArrest `Rate`, `UseEffectiveCount`, `Identifier` | `spike-arrest` `rate`, `useEffectiveCount`, `identifier` (a header) |
 * | Quota `Allow count`, `Interval`, `TimeUnit`, `type`  | `quota` `limit`, `interval`, `timeUnit`, `type`          |
 * | VerifyAPIKey                         | `key-auth` (401 on a missing or bad key)                         |
 * | OAuthV2 `VerifyAccessToken`          | `jwt`: a credential check the gateway makes alone (401)          |
 * | ResponseCache `ExpirySettings`       | `proxy-cache` `ttl`, every verb (Apigee caches any verb)         |
 * | AssignMessage, JSONToXML, XMLToJSON  | `request-transformer` / `response-transformer`: their cost       |
 * | ServiceCallout `HTTPTargetConnection/URL` | a call to a stub service named by the URL's host            |
 *
 * Every other policy type is a warning naming it. Each policy becomes one plugin `instance` named by
 * the policy, so the routes that attach it share one state, as Apigee keeps one counter per policy.
 */
import type { Reporter } from '../diagnostics';
import { warnAt, type Where } from './config-entity';
import { ApigeeEntity, POLICY_ATTRIBUTES } from './apigee-entity';
import { LIMIT_READERS } from './apigee-limit-policies';
import { hostOf, MESSAGE_READERS } from './apigee-message-policies';
import type { ApigeePolicy, PolicyReader } from './apigee-policy-reader';
import type { XmlElement } from './apigee-xml';

export { hostOf, type ApigeePolicy };

const COMMON = ['DisplayName', 'Description', 'Properties'];

/** Reads one policy file's root element; never throws. */
export function readPolicy(el: XmlElement, r: Reporter): ApigeePolicy | undefined {
  const reader = READERS[el.name];
  const name = el.attrs.get('name')?.value;
  const at: Where = { r, pos: el.pos, path: [el.name] };
  if (name === undefined || name === '') {
    r.error(el.pos, [el.name], { message: `the ${el.name} policy has no name attribute` });
    return undefined;
  }
  if (reader === undefined) {
    warnAt(
      at,
      `the ${el.name} policy "${name}" is not modelled, left out: meshsim reads SpikeArrest, Quota, VerifyAPIKey, OAuthV2, ResponseCache, AssignMessage, JSONToXML, XMLToJSON and ServiceCallout`,
    );
    return undefined;
  }
  const e = new ApigeeEntity(
    el,
    r,
    `the ${el.name} policy "${name}"`,
    [...COMMON, ...reader.fields],
    [...POLICY_ATTRIBUTES, ...(reader.attributes ?? [])],
  );
  e.use('@name', 'DisplayName', 'Description');
  e.note('Properties', 'policy properties tune the runtime, which meshsim does not model');
  const enabled = e.attr('enabled');
  const continueOnError = e.attr('continueOnError');
  if (continueOnError === 'true')
    warnAt(
      e.at('@continueOnError'),
      'continueOnError is not modelled: a violation stops the request in meshsim',
    );
  e.use('@async');
  if (enabled === 'false') {
    warnAt(e.at('@enabled'), `the ${el.name} policy "${name}" is disabled (enabled="false"); left out`);
    return undefined;
  }
  const made = reader.read(e, name);
  e.finish(reader.notes ?? {});
  return made === undefined ? undefined : { name, type: el.name, at, ...made };
}

/** Every policy type meshsim reads, by its root element. */
const READERS: Readonly<Record<string, PolicyReader>> = {
  ...LIMIT_READERS,
  VerifyAPIKey: {
    fields: ['APIKey'],
    read(e, name) {
      e.use('APIKey'); // where the key is read from: any place answers 401 alike
      return { plugin: { name: 'key-auth', instance: name } };
    },
  },
  OAuthV2: {
    fields: [
      'Operation',
      'AccessToken',
      'AccessTokenPrefix',
      'Scope',
      'GenerateResponse',
      'ExpiresIn',
      'RefreshTokenExpiresIn',
      'SupportedGrantTypes',
      'GrantType',
      'ExternalAuthorization',
      'ExternalAccessToken',
      'RefreshToken',
      'Tokens',
      'Attributes',
      'AppEndUser',
      'Code',
      'ClientId',
      'RedirectUri',
      'ResponseType',
      'State',
      'StoreToken',
      'ReuseRefreshToken',
      'CacheExpiryInSeconds',
      'RFCCompliantRequestResponse',
    ],
    read(e, name) {
      const op = e.text('Operation');
      if (op !== 'VerifyAccessToken') {
        warnAt(
          e.at('Operation'),
          `OAuthV2 Operation ${op ?? '(none)'} is not modelled, left out: meshsim reads VerifyAccessToken, a credential check`,
        );
        return undefined;
      }
      e.use('AccessToken', 'AccessTokenPrefix', 'CacheExpiryInSeconds');
      e.note('Scope', 'meshsim checks the token, not its scopes');
      return { plugin: { name: 'jwt', instance: name } };
    },
  },
  ...MESSAGE_READERS,
};
