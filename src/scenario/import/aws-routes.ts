/**
 * The gateway routes of an AWS API: one route a method, matching its path (a template such as
 * `/pets/{petId}` or `/{proxy+}` by the literal prefix before its first parameter), with the
 * integration's timeout as its deadline and, as route plugins, what applies to the method alone:
 * its API key (key-auth), its authorizer (external-auth caching its verdict for the result TTL;
 * Cognito's token check as jwt), a method throttle of the stage (a token bucket of its own) and the
 * stage cache where caching is on for it (proxy-cache, keyed by method and path, not the caller).
 */
import { warnAt } from './config-entity';
import type { AwsConfig, AwsMethod, AwsMethodSetting, AwsStage } from './aws-config';
import { DEFAULT_CACHE_TTL_S } from './aws-stage';
import { safeId, uniqueId } from './kong-routes';
import { formatMillis, type RawPlugin, type RawRoute } from './types';

/** The route of each method (mock integrations answer at the gateway: request-termination). */
export function awsRoutes(cfg: AwsConfig, stage: AwsStage | undefined, mockService: string): RawRoute[] {
  const ids = new Set<string>();
  let templateSaid = false;
  return cfg.methods.map((m) => {
    const cut = m.path.indexOf('{');
    if (cut >= 0 && !templateSaid) {
      templateSaid = true;
      warnAt(
        m.at,
        `${m.path}: a path parameter matches one segment in AWS ({proxy+} the rest); here the route matches every path under ${m.path.slice(0, cut)} (said once for the file)`,
      );
    }
    const match = {
      ...(cut >= 0 ? { prefix: m.path.slice(0, cut) || '/' } : { path: m.path }),
      ...(m.method === 'ANY' ? {} : { methods: [m.method] }),
    };
    const plugins = routePlugins(m, cfg, stage);
    return {
      id: uniqueId(safeId(`${m.method.toLowerCase()}${m.path.replace(/[{}+]/g, '')}`, 'route'), ids),
      match,
      service: m.service ?? mockService,
      ...(m.timeoutMs !== undefined ? { timeout: formatMillis(m.timeoutMs) } : {}),
      ...(plugins.length > 0 ? { plugins } : {}),
    };
  });
}

function routePlugins(m: AwsMethod, cfg: AwsConfig, stage: AwsStage | undefined): RawPlugin[] {
  const plugins: RawPlugin[] = [];
  // AWS answers 403 "Forbidden" to a missing or unknown API key, where Kong's key-auth answers 401.
  if (m.apiKey) plugins.push({ name: 'key-auth', status: 403 });
  if (m.authorizer !== undefined) {
    const a = cfg.authorizers.get(m.authorizer);
    if (a === undefined) warnAt(m.at, `authorizer "${m.authorizer}" is not defined; the method is open`);
    else if (a.kind === 'cognito_user_pools')
      plugins.push({ name: 'jwt', instance: safeId(a.name, 'cognito') });
    else
      plugins.push({
        name: 'external-auth',
        cacheTtl: `${a.ttlSeconds}s`,
        instance: safeId(a.name, 'authorizer'),
      });
  }
  // The stage-wide setting (`/*` `*`) is the gateway's bucket; a more specific one is the method's own.
  const own = settingFor(m, stage, (s) => s.throttle !== undefined);
  if (own !== undefined && !isStageWide(own)) {
    const bucket = tokenBucket(own, `${m.method} ${m.path}`);
    if (bucket !== undefined) plugins.push(bucket);
  }
  plugins.push(...planMethodBuckets(m, cfg));
  const cache = cacheOf(m, stage);
  if (cache !== undefined) plugins.push(cache);
  if (m.mockStatus !== undefined) plugins.push({ name: 'request-termination', status: m.mockStatus });
  return plugins;
}

/**
 * A usage plan's throttle of this method, for each key of the plan: a token bucket scoped to the
 * key's consumer, in place of the plan's own bucket on this route (AWS checks both).
 */
function planMethodBuckets(m: AwsMethod, cfg: AwsConfig): RawPlugin[] {
  const out: RawPlugin[] = [];
  for (const plan of cfg.plans)
    for (const own of plan.methodThrottles) {
      const { rate, burst } = own.throttle;
      if (own.path !== m.path || own.method !== m.method || rate === undefined || rate <= 0) continue;
      for (const consumer of plan.keys)
        out.push({
          name: 'token-bucket',
          consumer,
          rate,
          burst: Math.max(1, Math.floor(burst ?? rate)),
          limit_by: 'consumer',
        });
    }
  return out;
}

/**
 * The stage's most specific setting for the method that `has` what is asked: its path and method,
 * then its path and `*`, then `/*` and its method, then `/*` and `*`.
 */
function settingFor(
  m: AwsMethod,
  stage: AwsStage | undefined,
  has: (s: AwsMethodSetting) => boolean,
): AwsMethodSetting | undefined {
  let best: AwsMethodSetting | undefined;
  let rank = -1;
  for (const s of stage?.settings ?? []) {
    const path = s.path === m.path ? 2 : s.path === '/*' ? 0 : -1;
    const method = s.method === m.method ? 1 : s.method === '*' ? 0 : -1;
    if (path < 0 || method < 0 || !has(s) || path + method <= rank) continue;
    best = s;
    rank = path + method;
  }
  return best;
}

function isStageWide(s: AwsMethodSetting): boolean {
  return s.path === '/*' && s.method === '*';
}

/** A stage's throttle as a token bucket counting every request it sees (one bucket, `instance`). */
export function tokenBucket(s: AwsMethodSetting, instance: string): RawPlugin | undefined {
  const t = s.throttle;
  if (t === undefined) return undefined;
  if (t.rate === undefined || t.rate <= 0) {
    warnAt(
      t.at,
      t.rate === undefined
        ? 'a burst without a rate: the rate stays the account’s 10 000 requests a second; left out'
        : 'a rate of 0 refuses every request (429); meshsim’s token bucket needs a rate above 0; left out',
    );
    return undefined;
  }
  const burst = Math.max(1, Math.floor(t.burst ?? t.rate));
  if (t.burst === undefined) warnAt(t.at, `no burst: the bucket holds ${burst} (one second of the rate)`);
  return { name: 'token-bucket', rate: t.rate, burst, limit_by: 'account', instance };
}

/** Settings already said to cache without a cache cluster: said once, not once a method. */
const warnedNoCluster = new WeakSet<AwsMethodSetting>();

/** proxy-cache for the method when the stage caches it; a setting for `/*` `*` caches GET only, as AWS's does. */
function cacheOf(m: AwsMethod, stage: AwsStage | undefined): RawPlugin | undefined {
  if (stage === undefined) return undefined;
  const found = settingFor(m, stage, (s) => s.caching !== undefined);
  const setting =
    found !== undefined && isStageWide(found) && m.method !== 'GET' && m.method !== 'ANY' ? undefined : found;
  const all = stage.settings.find((s) => isStageWide(s) && s.cacheTtlSeconds !== undefined);
  if (setting?.caching !== true) return undefined;
  if (!stage.cacheCluster) {
    if (warnedNoCluster.has(setting)) return undefined;
    warnedNoCluster.add(setting);
    warnAt(
      setting.at,
      'caching is on for the method but the stage has no cache cluster (CacheClusterEnabled): AWS caches nothing',
    );
    return undefined;
  }
  const ttl = setting.cacheTtlSeconds ?? all?.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_S;
  if (ttl === 0) return undefined;
  if (m.cacheKeys.length > 0)
    warnAt(
      m.at,
      `cacheKeyParameters ${m.cacheKeys.join(', ')}: the cache key is the method, the path and the request's \`keys\` (which stand for its parameters)`,
    );
  return { name: 'proxy-cache', ttl: `${ttl}s`, methods: [m.method === 'ANY' ? 'GET' : m.method] };
}
