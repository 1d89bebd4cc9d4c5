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
import type { XmlElement } from './apigee-xml';
import { safeId } from './kong-routes';
import type { RawPlugin } from './types';

/** A policy read: what it becomes in meshsim, or nothing (it was warned about). */
export interface ApigeePolicy {
  readonly name: string;
  readonly type: string;
  readonly at: Where;
  /** The plugin it maps to, absent for a callout or a policy left out. */
  readonly plugin?: RawPlugin;
  /** Set for a ServiceCallout: the stub service it calls. */
  readonly callout?: { readonly service: string; readonly at: Where };
  /** AssignMessage's `AssignTo type="response"`: a transformer of the response wherever it is attached. */
  readonly onResponse?: boolean;
}

const COMMON = ['DisplayName', 'Description', 'Properties'];
/** Methods a ResponseCache caches: Apigee caches responses to any verb unless a condition skips them. */
const EVERY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Statuses a meshsim target answers that Apigee's ResponseCache stores when errors are not excluded. */
const ANY_STATUS = [200, 404, 500, 503, 504];
/**
 * What an AssignMessage and a JSON/XML conversion cost per request, placeholders to edit: Apigee
 * publishes no policy timings (UNVERIFIED; a conversion parses and writes the whole body).
 */
const ASSIGN_COST = '0.1ms';
const CONVERT_COST = '0.5ms';

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

type Made = Omit<ApigeePolicy, 'name' | 'type' | 'at'>;

interface PolicyReader {
  readonly fields: readonly string[];
  readonly attributes?: readonly string[];
  readonly notes?: Readonly<Record<string, string>>;
  read(e: ApigeeEntity, name: string): Made | undefined;
}

/** The `ref` of a child, noted when the child also gives a value: meshsim reads the value written. */
function refNote(e: ApigeeEntity, child: string): void {
  const ref = e.child(child)?.attrs.get('ref')?.value;
  if (ref !== undefined && ref !== '')
    warnAt(
      e.at(child),
      `${child} ref="${ref}" is a flow variable meshsim does not have; the value written is used`,
    );
}

const READERS: Readonly<Record<string, PolicyReader>> = {
  SpikeArrest: {
    fields: ['Rate', 'Identifier', 'MessageWeight', 'UseEffectiveCount'],
    notes: { MessageWeight: 'every request weighs 1 in meshsim' },
    read(e, name) {
      refNote(e, 'Rate');
      const rate = e.text('Rate');
      if (rate === undefined || !/^\d+(ps|pm)$/.test(rate)) {
        const w = e.at('Rate');
        e.r.error(w.pos, w.path, {
          message: 'SpikeArrest needs a Rate such as 30ps or 12pm',
          found: rate === undefined ? 'none' : JSON.stringify(rate),
        });
        return undefined;
      }
      const useEffectiveCount = e.bool('UseEffectiveCount');
      const header = identifierHeader(e);
      const plugin: RawPlugin = {
        name: 'spike-arrest',
        instance: name,
        rate,
        ...(useEffectiveCount !== undefined ? { useEffectiveCount } : {}),
        ...(header !== undefined ? { identifier: header } : {}),
      };
      return { plugin };
    },
  },
  Quota: {
    fields: [
      'Allow',
      'Interval',
      'TimeUnit',
      'Identifier',
      'Distributed',
      'Synchronous',
      'AsynchronousConfiguration',
      'StartTime',
      'MessageWeight',
      'UseQuotaConfigInAPIProduct',
      'SharedName',
      'CountOnly',
      'EnforceOnly',
    ],
    attributes: ['type'],
    notes: {
      StartTime: 'calendar windows start at the top of the unit in meshsim',
      MessageWeight: 'every request weighs 1 in meshsim',
      UseQuotaConfigInAPIProduct: 'API products are not part of a proxy bundle; the values written are used',
      AsynchronousConfiguration: 'meshsim keeps one exact counter',
      SharedName: 'meshsim keeps one counter per policy',
      CountOnly: 'meshsim counts and enforces in one place',
      EnforceOnly: 'meshsim counts and enforces in one place',
    },
    read(e, name) {
      const allow = e.child('Allow');
      const count = allow?.attrs.get('count')?.value ?? allow?.text;
      if (allow?.attrs.get('countRef') !== undefined)
        warnAt(
          e.at('Allow'),
          'Allow countRef is a flow variable meshsim does not have; the count written is used',
        );
      const classes = allow?.children.find((c) => c.name === 'Class');
      if (classes !== undefined)
        warnAt(
          { r: e.r, pos: classes.pos, path: [...e.path, 'Allow', 'Class'] },
          'Allow/Class picks a count by a flow variable meshsim does not have; the Allow count is used',
        );
      if (count === undefined || !/^\d+$/.test(count)) {
        const w = e.at('Allow');
        e.r.error(w.pos, w.path, {
          message: 'Quota needs Allow count="N"',
          found: count === undefined ? 'none' : JSON.stringify(count),
        });
        return undefined;
      }
      refNote(e, 'Interval');
      refNote(e, 'TimeUnit');
      const interval = e.int('Interval', 1);
      const unit = e.text('TimeUnit')?.toLowerCase();
      const units = ['minute', 'hour', 'day', 'week', 'month'];
      // Apigee X counts by the second too: a fixed window of that many seconds says the same.
      if (unit === 'second')
        return {
          plugin: {
            name: 'rate-limiting-advanced',
            instance: name,
            limit: Number(count),
            window: `${interval ?? 1}s`,
            window_type: 'fixed',
          },
        };
      if (unit !== undefined && !units.includes(unit)) {
        const w = e.at('TimeUnit');
        e.r.error(w.pos, w.path, {
          message: `TimeUnit must be one of second, ${units.join(', ')}`,
          found: JSON.stringify(unit),
        });
        return undefined;
      }
      const type = e.attr('type');
      const types = ['calendar', 'rollingwindow', 'flexi'];
      if (type !== undefined && !types.includes(type))
        warnAt(
          e.at('@type'),
          `Quota type "${type}" is not one of ${types.join(', ')}; the default type is used`,
        );
      // Distributed and Synchronous: meshsim's one counter is exact, as a synchronous distributed one is.
      const distributed = e.bool('Distributed');
      const synchronous = e.bool('Synchronous');
      if (distributed === true && synchronous !== true)
        warnAt(
          e.at('Distributed'),
          'an asynchronous distributed Quota syncs its counters about every 10 s and overshoots a little; meshsim counts exactly',
        );
      if (e.child('Identifier') !== undefined)
        warnAt(
          e.at('Identifier'),
          'Identifier is mapped to the consumer: meshsim keeps one count per consumer, and the client stub is one',
        );
      return {
        plugin: {
          name: 'quota',
          instance: name,
          limit: Number(count),
          ...(interval !== undefined ? { interval } : {}),
          ...(unit !== undefined ? { timeUnit: unit } : {}),
          ...(type !== undefined && types.includes(type) ? { type } : {}),
        },
      };
    },
  },
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
  ResponseCache: {
    fields: [
      'CacheKey',
      'Scope',
      'ExpirySettings',
      'SkipCacheLookup',
      'SkipCachePopulation',
      'UseResponseCacheHeaders',
      'UseAcceptHeader',
      'ExcludeErrorResponse',
      'CacheResource',
      'CacheLookupTimeoutInSeconds',
    ],
    notes: {
      SkipCacheLookup: 'its condition is a flow variable; meshsim always looks up',
      SkipCachePopulation: 'its condition is a flow variable; meshsim always populates',
      UseResponseCacheHeaders: 'meshsim targets send no Cache-Control',
      UseAcceptHeader: 'meshsim requests have no Accept header',
      CacheResource: 'meshsim keeps one cache per policy',
      CacheLookupTimeoutInSeconds: 'meshsim lookups do not time out',
    },
    read(e, name) {
      const ttl = cacheTtl(e);
      const key = e.child('CacheKey');
      const fragments = key?.children.filter((c) => c.name === 'KeyFragment') ?? [];
      const other = fragments.find(
        (f) => !['request.uri', 'request.querystring'].includes(f.attrs.get('ref')?.value ?? ''),
      );
      if (other !== undefined)
        warnAt(
          { r: e.r, pos: other.pos, path: [...e.path, 'CacheKey', 'KeyFragment'] },
          `KeyFragment ${other.attrs.get('ref')?.value ?? JSON.stringify(other.text)}: meshsim keys its cache by route and request path (the client mix's keys)`,
        );
      e.use('Scope');
      const excludeErrors = e.bool('ExcludeErrorResponse');
      return {
        plugin: {
          name: 'proxy-cache',
          instance: name,
          ...(ttl !== undefined ? { ttl } : {}),
          methods: EVERY_METHOD,
          statuses: excludeErrors === true ? [200] : ANY_STATUS,
        },
      };
    },
  },
  AssignMessage: {
    fields: ['AssignTo', 'Add', 'Copy', 'Remove', 'Set', 'AssignVariable', 'IgnoreUnresolvedVariables'],
    read(e, name) {
      // Its edits cost time; what they change does not alter how meshsim routes or limits.
      e.use('Add', 'Copy', 'Remove', 'Set', 'AssignVariable', 'IgnoreUnresolvedVariables');
      const to = e.child('AssignTo');
      const type = to?.attrs.get('type')?.value;
      if (to !== undefined && to.attrs.get('createNew')?.value === 'true' && type === 'request')
        warnAt(
          e.at('AssignTo'),
          'a new request message is built for a later callout; its cost is counted here',
        );
      return {
        plugin: { name: 'request-transformer', instance: name, cost: ASSIGN_COST },
        onResponse: type === 'response',
      };
    },
  },
  JSONToXML: converter(),
  XMLToJSON: converter(),
  ServiceCallout: {
    fields: ['Request', 'Response', 'HTTPTargetConnection', 'LocalTargetConnection', 'Timeout'],
    notes: {
      LocalTargetConnection: 'a call to another proxy in this organisation; meshsim reads one proxy',
      Timeout: 'meshsim calls between services have no timeout of their own',
    },
    read(e) {
      e.use('Request', 'Response');
      const conn = e.child('HTTPTargetConnection');
      const url = conn?.children.find((c) => c.name === 'URL')?.text;
      const host = url === undefined ? undefined : hostOf(url);
      if (host === undefined) {
        warnAt(
          e.at(),
          'a ServiceCallout without HTTPTargetConnection/URL calls nothing meshsim can name; left out',
        );
        return undefined;
      }
      return { callout: { service: safeId(host, 'callout'), at: e.at('HTTPTargetConnection') } };
    },
  },
};

function converter(): PolicyReader {
  return {
    fields: ['Source', 'OutputVariable', 'Options', 'Format'],
    read(e, name) {
      // Where it reads and writes, and how it converts: a cost per request in meshsim.
      e.use('Source', 'OutputVariable', 'Options', 'Format');
      return { plugin: { name: 'request-transformer', instance: name, cost: CONVERT_COST } };
    },
  };
}

/** The SpikeArrest `Identifier ref="request.header.NAME"` as a header name; other refs warn. */
function identifierHeader(e: ApigeeEntity): string | undefined {
  const id = e.child('Identifier');
  if (id === undefined) return undefined;
  const ref = id.attrs.get('ref')?.value ?? '';
  const m = /^request\.header\.(.+)$/i.exec(ref);
  if (m !== null) return m[1].toLowerCase();
  warnAt(
    e.at('Identifier'),
    `Identifier ref="${ref}": meshsim keys a spike arrest by a header or by consumer; counted per consumer`,
  );
  return undefined;
}

/** `ExpirySettings/TimeoutInSec` (or `TimeoutInSeconds`) as a duration; other expiries warn. */
function cacheTtl(e: ApigeeEntity): string | undefined {
  const ex = e.child('ExpirySettings');
  if (ex === undefined) return undefined;
  const timeout = ex.children.find((c) => c.name === 'TimeoutInSec' || c.name === 'TimeoutInSeconds');
  for (const c of ex.children)
    if (c !== timeout && c.text !== '')
      warnAt(
        { r: e.r, pos: c.pos, path: [...e.path, 'ExpirySettings', c.name] },
        `ExpirySettings/${c.name} is not modelled, left out: meshsim expires entries after a time to live`,
      );
  if (timeout === undefined || timeout.text === '') return undefined;
  if (!/^\d+$/.test(timeout.text)) {
    e.r.error(timeout.pos, [...e.path, 'ExpirySettings', timeout.name], {
      message: `${timeout.name} must be whole seconds`,
      found: JSON.stringify(timeout.text),
    });
    return undefined;
  }
  return `${timeout.text}s`;
}

/** The host of a URL (`https://inventory.example.com:8443/check` gives `inventory.example.com`). */
export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(url.trim());
  return m?.[1];
}
