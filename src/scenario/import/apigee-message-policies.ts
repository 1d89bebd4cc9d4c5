/**
 * Apigee's message policies: ResponseCache as `proxy-cache` (its time to live, any verb),
 * AssignMessage and the JSON/XML converters as transformers that cost time, and ServiceCallout as a
 * call to a stub service named by its URL's host.
 */
import { warnAt } from './config-entity';
import type { ApigeeEntity } from './apigee-entity';
import type { PolicyReader } from './apigee-policy-reader';
import { safeId } from './kong-routes';

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

/** The readers of ResponseCache, AssignMessage, JSONToXML, XMLToJSON and ServiceCallout. */
export const MESSAGE_READERS: Readonly<Record<string, PolicyReader>> = {
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
