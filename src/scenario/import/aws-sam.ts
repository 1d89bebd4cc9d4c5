/**
 * SAM's resources (`Transform: AWS::Serverless-2016-10-31`): `AWS::Serverless::Api` (its
 * `DefinitionBody` read as OpenAPI, `Auth` with `ApiKeyRequired`, `DefaultAuthorizer`, `Authorizers`
 * and `UsagePlan`, and the stage's `MethodSettings` and `CacheClusterEnabled`), and
 * `AWS::Serverless::Function`'s `Events` of type `Api`: a method whose integration is the function.
 * SAM's implicit API (events without `RestApiId`) is read the same way, with no auth of its own.
 */
import { warnAt } from './config-entity';
import type { AwsEntity } from './aws-entity';
import type { AwsConfig } from './aws-config';
import { readOpenApi } from './aws-openapi';
import { noteOnce } from './aws-notes';
import { DEFAULT_AUTHORIZER_TTL_S } from './aws-security';
import { readQuota, readStage, readThrottle } from './aws-stage';

/** What a SAM API's `Auth` gives every method of it. */
interface SamAuth {
  readonly apiKey: boolean;
  readonly authorizer?: string;
}

const samApis = new WeakMap<AwsConfig, Map<string, SamAuth>>();

const API_NOTES: Readonly<Record<string, string>> = {
  DefinitionUri: 'a definition kept in S3 or another file is not read: give it as the bundle’s own file',
  Cors: 'preflight requests are not simulated',
  EndpointConfiguration: 'the endpoint type (edge, regional, private) adds network paths not simulated',
  BinaryMediaTypes: 'bodies are not simulated',
  MinimumCompressionSize: 'compression of bodies is not simulated',
  GatewayResponses: "the gateway's own answers keep AWS's default statuses (429, 403, 504, ...)",
  Domain: 'custom domains are not simulated',
  Models: 'models only shape bodies, which are not simulated',
  ApiKeySourceType: 'API keys are read from the x-api-key header here',
  OpenApiVersion: 'the version SAM writes the definition in',
  AlwaysDeploy: 'deployment behaviour',
  MergeDefinitions: 'deployment behaviour',
  Mode: 'deployment behaviour',
  FailOnWarnings: 'deployment behaviour',
  PropagateTags: 'tags only label resources',
  DisableExecuteApiEndpoint: 'the default endpoint is not simulated',
};

const AUTH_FIELDS = [
  'ApiKeyRequired',
  'DefaultAuthorizer',
  'Authorizers',
  'UsagePlan',
  'AddDefaultAuthorizerToCorsPreflight',
  'AddApiKeyRequiredToCorsPreflight',
  'ResourcePolicy',
  'InvokeRole',
];

/** An `AWS::Serverless::Api`'s properties. */
export function readServerlessApi(id: string, p: AwsEntity, cfg: AwsConfig): void {
  const stageName = p.text('StageName') ?? 'Prod';
  const auth = p.child('Auth', 'a SAM API auth', AUTH_FIELDS);
  const own: SamAuth = auth === undefined ? { apiKey: false } : readAuth(id, auth, cfg);
  const apis = samApis.get(cfg) ?? new Map<string, SamAuth>();
  samApis.set(cfg, apis);
  apis.set(id, own);
  const before = cfg.methods.length;
  const body = p.child('DefinitionBody', 'an OpenAPI definition');
  if (body !== undefined) readOpenApi(body, cfg);
  for (const m of cfg.methods.slice(before)) {
    m.apiKey ||= own.apiKey;
    m.authorizer ??= own.authorizer;
  }
  readStage(p, stageName, cfg);
  p.use('Name');
  for (const [key, why] of Object.entries(API_NOTES)) p.note(key, why);
}

function readAuth(api: string, auth: AwsEntity, cfg: AwsConfig): SamAuth {
  const apiKey = auth.flag('ApiKeyRequired') ?? false;
  let authorizer = auth.text('DefaultAuthorizer');
  if (authorizer === 'AWS_IAM') {
    warnAt(auth.at('DefaultAuthorizer'), 'IAM authorization is not modelled: the methods are open');
    authorizer = undefined;
  }
  for (const [name, node] of auth.entries('Authorizers') ?? []) {
    const a = auth.entityOf(node, [...auth.path, 'Authorizers', name], 'a SAM authorizer', [
      'FunctionArn',
      'FunctionPayloadType',
      'FunctionInvokeRole',
      'Identity',
      'UserPoolArn',
      'AuthorizationScopes',
      'DisableFunctionDefaultPermissions',
    ]);
    if (a === undefined) continue;
    const payload = a.text('FunctionPayloadType')?.toLowerCase();
    const cognito = a.has('UserPoolArn');
    const identity = a.child('Identity', 'an authorizer identity', [
      'Header',
      'QueryStrings',
      'Headers',
      'StageVariables',
      'Context',
      'ReauthorizeEvery',
      'ValidationExpression',
    ]);
    const ttl = identity?.amount('ReauthorizeEvery', { min: 0, max: 3600 });
    if (identity !== undefined) {
      for (const key of ['Header', 'QueryStrings', 'Headers', 'StageVariables', 'Context']) identity.use(key);
      identity.note('ValidationExpression', 'every simulated token has the expected shape');
      identity.finish();
    }
    for (const key of [
      'FunctionArn',
      'UserPoolArn',
      'AuthorizationScopes',
      'DisableFunctionDefaultPermissions',
    ])
      a.use(key);
    a.note('FunctionInvokeRole', 'the role the gateway invokes the authorizer with is not simulated');
    a.finish();
    const kind = cognito ? 'cognito_user_pools' : payload === 'request' ? 'request' : 'token';
    cfg.authorizers.set(name, { name, kind, ttlSeconds: ttl ?? DEFAULT_AUTHORIZER_TTL_S, at: a.at() });
  }
  const plan = auth.child('UsagePlan', 'a SAM usage plan', [
    'CreateUsagePlan',
    'UsagePlanName',
    'Quota',
    'Throttle',
    'Description',
    'Tags',
  ]);
  if (plan !== undefined) {
    const create = plan.text('CreateUsagePlan')?.toUpperCase() ?? 'NONE';
    const throttle = readThrottle(
      plan.child('Throttle', 'a usage plan throttle', ['RateLimit', 'BurstLimit']),
    );
    const quota = readQuota(plan.child('Quota', 'a usage plan quota', ['Limit', 'Period', 'Offset']));
    const name = plan.text('UsagePlanName') ?? `${api}UsagePlan`;
    plan.use('Description');
    plan.note('Tags', 'tags only label resources');
    plan.finish();
    if (create === 'PER_API' || create === 'SHARED') {
      // SAM makes the plan's API key: `<Api>ApiKey` for PER_API, `ServerlessApiKey` for SHARED.
      const key = create === 'PER_API' ? `${api}ApiKey` : 'ServerlessApiKey';
      cfg.apiKeys.set(key, plan.at('CreateUsagePlan'));
      cfg.plans.push({ name, at: plan.at(), throttle, quota, keys: [key], methodThrottles: [] });
    } else if (create !== 'NONE')
      warnAt(
        plan.at('CreateUsagePlan'),
        `CreateUsagePlan ${create} is not PER_API, SHARED or NONE; no plan made`,
      );
  }
  auth.note(
    'ResourcePolicy',
    'a resource policy filters callers by IAM, account or address, which are not simulated',
  );
  auth.note('InvokeRole', 'the role the gateway invokes the backend with is not simulated');
  auth.use('AddDefaultAuthorizerToCorsPreflight');
  auth.use('AddApiKeyRequiredToCorsPreflight');
  auth.finish();
  return { apiKey, authorizer };
}

const EVENT_FIELDS = [
  'Path',
  'Method',
  'RestApiId',
  'Auth',
  'RequestParameters',
  'RequestModel',
  'TimeoutInMillis',
];

/** An `AWS::Serverless::Function`: each `Api` event is a method the function answers. */
export function readServerlessFunction(id: string, p: AwsEntity, cfg: AwsConfig): void {
  for (const [name, node] of p.entries('Events') ?? []) {
    const ev = p.entityOf(node, [...p.path, 'Events', name], 'a SAM event', ['Type', 'Properties']);
    if (ev === undefined) continue;
    const type = ev.text('Type');
    if (type !== 'Api') {
      ev.use('Properties');
      warnAt(
        ev.at('Type'),
        `a ${type ?? 'typeless'} event does not come through API Gateway's REST API; left out`,
      );
      ev.finish();
      continue;
    }
    const props = ev.child('Properties', 'an Api event', EVENT_FIELDS);
    ev.finish();
    if (props !== undefined) readEvent(id, props, cfg);
  }
  for (const key of p.node.entries.keys())
    if (key !== 'Events')
      noteOnce(p, key, "a function's own settings are not simulated: a placeholder service stands in for it");
}

function readEvent(fn: string, e: AwsEntity, cfg: AwsConfig): void {
  const path = e.text('Path');
  const method = (e.text('Method') ?? 'ANY').toUpperCase();
  const api = e.text('RestApiId');
  const inherited = (api === undefined ? undefined : samApis.get(cfg)?.get(api)) ?? { apiKey: false };
  const auth = e.child('Auth', 'an event auth', [
    'ApiKeyRequired',
    'Authorizer',
    'AuthorizationScopes',
    'ResourcePolicy',
    'InvokeRole',
  ]);
  const apiKey = auth?.flag('ApiKeyRequired') ?? inherited.apiKey;
  const named = auth?.text('Authorizer');
  if (auth !== undefined) {
    auth.use('AuthorizationScopes');
    auth.note(
      'ResourcePolicy',
      'a resource policy filters callers by IAM, account or address, which are not simulated',
    );
    auth.note('InvokeRole', 'the role the gateway invokes the backend with is not simulated');
    auth.finish();
  }
  const authorizer = named === 'NONE' || named === 'AWS_IAM' ? undefined : (named ?? inherited.authorizer);
  const timeoutMs = e.amount('TimeoutInMillis', { min: 50, max: 300_000 });
  e.note('RequestParameters', 'parameters describe requests; their values are not simulated');
  e.note('RequestModel', 'models only shape bodies, which are not simulated');
  e.finish();
  if (path === undefined) {
    warnAt(e.at(), 'an Api event without a Path: SAM refuses it; left out');
    return;
  }
  cfg.methods.push({
    path,
    method,
    at: e.at(),
    service: fn,
    serviceAt: e.at(),
    timeoutMs,
    apiKey,
    authorizer,
    cacheKeys: [],
  });
}
