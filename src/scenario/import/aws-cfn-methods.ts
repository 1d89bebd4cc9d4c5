/**
 * API Gateway written resource by resource in a template: `AWS::ApiGateway::Resource` (a
 * `PathPart` under a `ParentId`, the API's `RootResourceId` at the top), `Method` (an
 * `HttpMethod` on a resource, its `Integration`, `AuthorizationType`, `AuthorizerId`,
 * `ApiKeyRequired`), `Authorizer`, and the usage plans' keys (`UsagePlanKey`). They refer to each
 * other by `!Ref` and `!GetAtt`, so they are collected first and joined at the end.
 */
import { warnAt } from './config-entity';
import type { AwsEntity } from './aws-entity';
import type { TemplateNames } from './aws-intrinsics';
import type { AwsConfig, AwsUsagePlan } from './aws-config';
import { readIntegration } from './aws-integration';
import { DEFAULT_AUTHORIZER_TTL_S } from './aws-security';

/** `Integration`'s CloudFormation field names, and the OpenAPI extension's for the same thing. */
const INTEGRATION_NAMES: Readonly<Record<string, string>> = {
  Type: 'type',
  Uri: 'uri',
  IntegrationHttpMethod: 'httpMethod',
  TimeoutInMillis: 'timeoutInMillis',
  PassthroughBehavior: 'passthroughBehavior',
  RequestParameters: 'requestParameters',
  RequestTemplates: 'requestTemplates',
  IntegrationResponses: 'responses',
  CacheKeyParameters: 'cacheKeyParameters',
  CacheNamespace: 'cacheNamespace',
  ConnectionType: 'connectionType',
  ConnectionId: 'connectionId',
  Credentials: 'credentials',
  ContentHandling: 'contentHandling',
  TlsConfig: 'tlsConfig',
};

interface PendingMethod {
  readonly e: AwsEntity;
  readonly method: string;
  readonly resource: string | undefined;
  readonly authorizer?: string;
  readonly apiKey: boolean;
  readonly integration?: AwsEntity;
}

/** The template's API Gateway resources, joined when all are read. */
export class CfnMethods {
  private readonly apis = new Set<string>();
  private readonly resources = new Map<string, { parent: string | undefined; part: string }>();
  private readonly methods: PendingMethod[] = [];
  private readonly plans = new Map<string, AwsUsagePlan>();
  private readonly keys = new Map<string, string>();
  private readonly planKeys: { plan?: string; key?: string; at: AwsEntity }[] = [];

  constructor(readonly names: TemplateNames) {}

  /** A `RestApi`: its logical id is what `!GetAtt Api.RootResourceId` names. */
  restApi(id: string): void {
    this.apis.add(id);
  }

  /** An `AWS::ApiGateway::Resource`. */
  resource(id: string, p: AwsEntity): void {
    this.resources.set(id, { parent: p.text('ParentId'), part: p.text('PathPart') ?? '' });
    p.use('RestApiId');
  }

  /** An `AWS::ApiGateway::Method`. */
  method(_id: string, p: AwsEntity): void {
    const method = (p.text('HttpMethod') ?? 'ANY').toUpperCase();
    const resource = p.text('ResourceId');
    const type = p.text('AuthorizationType')?.toUpperCase() ?? 'NONE';
    const authorizer =
      type === 'CUSTOM' || type === 'COGNITO_USER_POOLS' ? p.text('AuthorizerId') : undefined;
    if (type === 'AWS_IAM')
      warnAt(p.at('AuthorizationType'), 'IAM authorization is not modelled: the method is open');
    p.use('AuthorizerId');
    const apiKey = p.flag('ApiKeyRequired') ?? false;
    const integration = p.child('Integration', 'an integration', Object.keys(INTEGRATION_NAMES));
    for (const key of ['RestApiId', 'OperationName']) p.use(key);
    p.note('RequestValidatorId', 'simulated requests are all well formed: the validator never answers 400');
    p.note('MethodResponses', 'the documented responses; the status is the backend’s');
    p.note('RequestParameters', 'parameters describe requests; their values are not simulated');
    p.note('RequestModels', 'models only shape bodies, which are not simulated');
    p.note('AuthorizationScopes', 'every simulated token carries the scopes asked for');
    this.methods.push({ e: p, method, resource, authorizer, apiKey, integration });
  }

  /** An `AWS::ApiGateway::Authorizer`. */
  authorizer(id: string, p: AwsEntity, cfg: AwsConfig): void {
    const type = p.text('Type')?.toLowerCase();
    const kind = type === 'request' || type === 'cognito_user_pools' ? type : 'token';
    const ttlSeconds =
      p.amount('AuthorizerResultTtlInSeconds', { min: 0, max: 3600 }) ?? DEFAULT_AUTHORIZER_TTL_S;
    for (const key of ['Name', 'RestApiId', 'AuthorizerUri', 'IdentitySource', 'ProviderARNs', 'AuthType'])
      p.use(key);
    p.note('AuthorizerCredentials', 'the role the gateway invokes the authorizer with is not simulated');
    p.note('IdentityValidationExpression', 'every simulated token has the expected shape');
    cfg.authorizers.set(id, { name: p.text('Name') ?? id, kind, ttlSeconds, at: p.at() });
  }

  /** A usage plan read, known by its logical id. */
  plan(id: string, plan: AwsUsagePlan): void {
    this.plans.set(id, plan);
  }

  /** An API key's logical id and name. */
  apiKey(id: string, name: string): void {
    this.keys.set(id, name);
  }

  /** An `AWS::ApiGateway::UsagePlanKey`: the key joins the plan. */
  planKey(p: AwsEntity): void {
    this.planKeys.push({ plan: p.text('UsagePlanId'), key: p.text('KeyId'), at: p });
    p.use('KeyType');
  }

  /** Joins the methods to their paths and the keys to their plans. */
  finish(cfg: AwsConfig): void {
    for (const m of this.methods) {
      const path = this.pathOf(m.resource);
      if (path === undefined) {
        warnAt(m.e.at('ResourceId'), `the method's resource is not in the template; left out`);
        continue;
      }
      if (m.integration === undefined) {
        warnAt(m.e.at(), `${m.method} ${path} has no Integration: AWS refuses to deploy it; left out`);
        continue;
      }
      const read = readIntegration(asExtension(m.integration));
      if (read !== undefined)
        cfg.methods.push({
          path,
          method: m.method,
          at: m.e.at(),
          apiKey: m.apiKey,
          authorizer: m.authorizer,
          ...read,
        });
    }
    for (const pk of this.planKeys) {
      const plan = pk.plan === undefined ? undefined : this.plans.get(pk.plan);
      const key = pk.key === undefined ? undefined : (this.keys.get(pk.key) ?? pk.key);
      if (plan === undefined || key === undefined)
        warnAt(pk.at.at(), 'the usage plan key names a plan or key not in the template; left out');
      else plan.keys.push(key);
    }
  }

  /** `/pets/{petId}` from the resource tree; `/` for the API's root. */
  private pathOf(resource: string | undefined, depth = 0): string | undefined {
    if (resource === undefined || depth > 64) return undefined;
    if (this.apis.has(resource)) return '/';
    const r = this.resources.get(resource);
    if (r === undefined) return undefined;
    const parent = this.pathOf(r.parent, depth + 1);
    return parent === undefined ? undefined : `${parent === '/' ? '' : parent}/${r.part}`;
  }
}

/** An `Integration` read by the extension's reader (`uri` is asked for, `Uri` read), positions and names kept. */
function asExtension(e: AwsEntity): AwsEntity {
  const spelling = Object.fromEntries(Object.entries(INTEGRATION_NAMES).map(([cfn, ext]) => [ext, cfn]));
  return e.spelled(spelling, Object.keys(INTEGRATION_NAMES));
}
