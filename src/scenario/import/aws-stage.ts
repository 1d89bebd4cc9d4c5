/**
 * A stage's throttling and caching as CloudFormation and SAM write them: `MethodSettings` (a
 * `ResourcePath` with `~1` for each `/`, or `/*`; an `HttpMethod` or `*`) with
 * `ThrottlingRateLimit`, `ThrottlingBurstLimit`, `CachingEnabled` and `CacheTtlInSeconds`, and the
 * stage's `CacheClusterEnabled`; a `Deployment`'s `StageDescription` says the same for the stage it
 * makes. Usage plans and their API keys are read here too: a plan's `Throttle` and `Quota` apply
 * to each of its keys.
 */
import { warnAt } from './config-entity';
import type { AwsEntity } from './aws-entity';
import type {
  AwsConfig,
  AwsMethodSetting,
  AwsMethodThrottle,
  AwsQuota,
  AwsStage,
  AwsThrottle,
  AwsUsagePlan,
} from './aws-config';

const SETTING_FIELDS = [
  'ResourcePath',
  'HttpMethod',
  'ThrottlingRateLimit',
  'ThrottlingBurstLimit',
  'CachingEnabled',
  'CacheTtlInSeconds',
  'CacheDataEncrypted',
  'DataTraceEnabled',
  'LoggingLevel',
  'MetricsEnabled',
  'RequireAuthorizationForCacheControl',
  'UnauthorizedCacheControlHeaderStrategy',
];

/** Why each stage field that does not change how a request is treated is left out. */
export const STAGE_NOTES: Readonly<Record<string, string>> = {
  CacheClusterSize: 'the cache holds every key here; its size in GB is not simulated',
  CacheDataEncrypted: 'encryption costs no simulated time',
  DataTraceEnabled: 'execution logs are not simulated',
  LoggingLevel: 'execution logs are not simulated',
  MetricsEnabled: 'CloudWatch metrics are not simulated; meshsim reports its own',
  RequireAuthorizationForCacheControl: 'clients never send Cache-Control: max-age=0 here',
  UnauthorizedCacheControlHeaderStrategy: 'clients never send Cache-Control: max-age=0 here',
  Variables: 'stage variables are read where an integration URI names one',
  TracingEnabled: 'X-Ray tracing costs no simulated time; meshsim traces every request',
  AccessLogSetting: 'access logs are not simulated',
  CanarySetting: 'a canary deployment splits traffic between two deployments of the same config',
  ClientCertificateId: 'TLS to the backend is not simulated',
  DocumentationVersion: 'documentation',
  Description: 'a label',
  Tags: 'tags only label resources',
};

/** AWS's default stage cache TTL, seconds. */
export const DEFAULT_CACHE_TTL_S = 300;

/**
 * Reads a `Stage`'s properties as a stage named `name`; `description`: a `StageDescription`, which
 * also sets the stage-wide throttle and cache at its top level.
 */
export function readStage(e: AwsEntity, name: string, cfg: AwsConfig, description = false): AwsStage {
  const cacheCluster = e.flag('CacheClusterEnabled') ?? false;
  const settings: AwsMethodSetting[] = [];
  e.items('MethodSettings')?.forEach((node, i) => {
    const s = e.entityOf(node, [...e.path, 'MethodSettings', i], 'a method setting', SETTING_FIELDS);
    if (s !== undefined) settings.push(readSetting(s));
  });
  if (description) {
    const top = readSetting(e, true);
    if (top.throttle !== undefined || top.caching !== undefined) settings.unshift(top);
  }
  for (const [key, why] of Object.entries(STAGE_NOTES)) e.note(key, why);
  // They only tie the stage to its API and deployment: the template's one gateway.
  e.use('RestApiId');
  e.use('DeploymentId');
  const stage = { name, at: e.at(), cacheCluster, settings };
  cfg.stages.push(stage);
  return stage;
}

/** One method setting; `top`: the stage-wide fields of a `StageDescription`, for every method. */
function readSetting(s: AwsEntity, top = false): AwsMethodSetting {
  const path = top ? '/*' : decodePath(s.text('ResourcePath') ?? '/*');
  const method = top ? '*' : (s.text('HttpMethod') ?? '*').toUpperCase();
  const rate = s.amount('ThrottlingRateLimit', { min: 0, max: 1e9 });
  const burst = s.amount('ThrottlingBurstLimit', { min: 0, max: 1e9 });
  const caching = s.flag('CachingEnabled');
  const cacheTtlSeconds = s.amount('CacheTtlInSeconds', { min: 0, max: 3600 });
  if (!top) {
    for (const [key, why] of Object.entries(STAGE_NOTES)) s.note(key, why);
    s.finish();
  }
  const throttle =
    rate === undefined && burst === undefined ? undefined : { rate, burst, at: s.at('ThrottlingRateLimit') };
  return { path, method, throttle, caching, cacheTtlSeconds, at: s.at() };
}

/**
 * `/~1pets~1{petId}` as `/pets/{petId}`: CloudFormation writes a method setting's path as `/`, then
 * the resource path with each `/` as `~1` (`/*` stands for every path).
 */
export function decodePath(path: string): string {
  const encoded = path.startsWith('/~1') ? path.slice(1) : path;
  return encoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A `Throttle` mapping: `RateLimit` and `BurstLimit`. */
export function readThrottle(e: AwsEntity | undefined): AwsThrottle | undefined {
  if (e === undefined) return undefined;
  const rate = e.amount('RateLimit', { min: 0, max: 1e9 });
  const burst = e.amount('BurstLimit', { min: 0, max: 1e9 });
  e.finish();
  return rate === undefined && burst === undefined ? undefined : { rate, burst, at: e.at() };
}

/** A `Quota` mapping: `Limit` requests a `Period` (DAY, WEEK or MONTH), from `Offset`. */
export function readQuota(e: AwsEntity | undefined): AwsQuota | undefined {
  if (e === undefined) return undefined;
  const limit = e.amount('Limit', { min: 1, max: 1e12 });
  const written = e.text('Period')?.toUpperCase() ?? 'DAY';
  const period = written === 'WEEK' ? 'week' : written === 'MONTH' ? 'month' : 'day';
  if (!['DAY', 'WEEK', 'MONTH'].includes(written))
    e.r.error(e.valueAt('Period').pos, [...e.path, 'Period'], {
      message: `Period must be DAY, WEEK or MONTH, not ${written}`,
    });
  const offset = e.amount('Offset', { min: 0, max: 30 });
  if (offset !== undefined && offset > 0)
    warnAt(
      e.at('Offset'),
      `the quota's period starts ${offset} days late in AWS; here at the start of the simulated period`,
    );
  e.finish();
  return limit === undefined ? undefined : { limit: Math.floor(limit), period, at: e.at() };
}

/** An `AWS::ApiGateway::UsagePlan`'s properties. */
export function readUsagePlan(e: AwsEntity, id: string, cfg: AwsConfig): AwsUsagePlan {
  const name = e.text('UsagePlanName') ?? id;
  const throttle = readThrottle(e.child('Throttle', 'a usage plan throttle', ['RateLimit', 'BurstLimit']));
  const quota = readQuota(e.child('Quota', 'a usage plan quota', ['Limit', 'Period', 'Offset']));
  const methodThrottles: AwsMethodThrottle[] = [];
  e.items('ApiStages')?.forEach((node, i) => {
    const s = e.entityOf(node, [...e.path, 'ApiStages', i], 'an API stage', ['ApiId', 'Stage', 'Throttle']);
    if (s === undefined) return;
    s.use('ApiId');
    s.use('Stage');
    for (const [key, value] of s.entries('Throttle') ?? []) {
      const path = [...s.path, 'Throttle', key];
      // `/pets/{petId}/GET`: the resource path, then the method.
      const cut = key.lastIndexOf('/');
      const t = readThrottle(s.entityOf(value, path, 'a method throttle', ['RateLimit', 'BurstLimit']));
      if (cut <= 0)
        warnAt({ r: s.r, pos: value.pos, path }, `"${key}" is not RESOURCE_PATH/METHOD; left out`);
      else if (t !== undefined)
        methodThrottles.push({
          path: key.slice(0, cut),
          method: key.slice(cut + 1).toUpperCase(),
          throttle: t,
        });
    }
    s.finish();
  });
  e.use('Description');
  e.note('Tags', 'tags only label resources');
  const plan = { name, at: e.at(), throttle, quota, keys: [], methodThrottles };
  cfg.plans.push(plan);
  return plan;
}
