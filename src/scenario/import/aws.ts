/**
 * AWS API Gateway (REST) config to a meshsim scenario: OpenAPI 3 or Swagger 2 definitions with the
 * `x-amazon-apigateway-*` extensions, and CloudFormation or SAM templates. docs/import-aws.md lists
 * every field; in short:
 *
 * | AWS                                               | meshsim                                                             |
 * | ------------------------------------------------- | ------------------------------------------------------------------- |
 * | a path's method and its integration               | a route (`match.path`, or the prefix before `{param}`), to a stub    |
 * | integration `uri` (HTTP host, Lambda function)    | the service the route forwards to, a stub with placeholder times    |
 * | `timeoutInMillis` (29 000 by default)             | the route's `timeout` (504 when it runs out)                        |
 * | a mock integration                                | `request-termination` with its status: the gateway answers          |
 * | API key required (`x-api-key`)                    | `key-auth`; the client stub sends a key of a usage plan             |
 * | Lambda authorizer, `authorizerResultTtlInSeconds` | `external-auth` with `cacheTtl` (300 s by default), one per name    |
 * | Cognito authorizer                                | `jwt`                                                               |
 * | stage throttle (`MethodSettings` `/*`)            | gateway `token-bucket` (rate, burst), one bucket for the stage      |
 * | method throttle                                   | the route's own `token-bucket`                                      |
 * | no stage throttle                                 | the profile's account throttle: 10 000 a second, burst 5 000        |
 * | stage cache (`CachingEnabled`, cluster on)        | the route's `proxy-cache` with `CacheTtlInSeconds` (300 s)          |
 * | usage plan `Throttle` and `Quota` per API key     | `token-bucket` and `quota` scoped to each key's consumer            |
 *
 * The gateway gets `profile: aws-api-gateway`; a client stub (Poisson 100/s, one mix entry a
 * route) makes the result run as it is.
 */
import type { Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { warnAt, type Where } from './config-entity';
import { AwsEntity } from './aws-entity';
import { emptyAwsConfig, type AwsConfig, type AwsStage } from './aws-config';
import { readOpenApi } from './aws-openapi';
import { readTemplate } from './aws-template';
import { awsRoutes, tokenBucket } from './aws-routes';
import type { GatewayImport, ServiceStub } from './gateway-import';
import { STUB_RATE } from './kong-clients';
import { uniqueId } from './kong-routes';
import type { RawClient, RawPlugin, RawService } from './types';

/** One document of AWS config and where it came from. */
export interface AwsDoc {
  readonly root: LMap;
  readonly r: Reporter;
}

/** The client stub's key when methods need one and the config defines none (keys live in AWS). */
const STAND_IN_KEY = 'api-key';

const STUB_TIMES = { concurrency: 8, serviceTime: { dist: 'exponential', mean: '10ms' } } as const;

/** Whether a document is AWS API Gateway config: a template, or OpenAPI with AWS's extensions. */
export function isAwsDocument(root: LMap): boolean {
  return (
    isTemplate(root) ||
    ((root.entries.has('openapi') || root.entries.has('swagger')) && hasAwsExtension(root, 0))
  );
}

function isTemplate(root: LMap): boolean {
  if (root.entries.has('AWSTemplateFormatVersion')) return true;
  const transform = root.entries.get('Transform')?.value;
  if (transform?.kind === 'scalar' && String(transform.value).startsWith('AWS::Serverless')) return true;
  const resources = root.entries.get('Resources')?.value;
  return (
    resources?.kind === 'map' &&
    [...resources.entries.values()].some((e) => {
      const type = e.value.kind === 'map' ? e.value.entries.get('Type')?.value : undefined;
      return type?.kind === 'scalar' && typeof type.value === 'string' && type.value.startsWith('AWS::');
    })
  );
}

/** Whether an `x-amazon-apigateway-` key is written within a few levels of `node`. */
function hasAwsExtension(node: LNode, depth: number): boolean {
  if (depth > 5 || node.kind === 'scalar') return false;
  if (node.kind === 'seq') return node.items.some((i) => hasAwsExtension(i, depth + 1));
  for (const [key, e] of node.entries)
    if (key.startsWith('x-amazon-apigateway-') || hasAwsExtension(e.value, depth + 1)) return true;
  return false;
}

/** Reads every AWS document of a bundle into one config. */
export function readAws(docs: readonly AwsDoc[]): AwsConfig {
  const cfg = emptyAwsConfig();
  for (const { root, r } of docs) {
    if (isTemplate(root)) readTemplate(root, r, cfg);
    else readOpenApi(new AwsEntity(root, [], r, 'an OpenAPI definition', OPENAPI_FIELDS), cfg);
  }
  return cfg;
}

const OPENAPI_FIELDS = [
  'openapi',
  'swagger',
  'info',
  'servers',
  'host',
  'basePath',
  'schemes',
  'consumes',
  'produces',
  'paths',
  'components',
  'definitions',
  'parameters',
  'responses',
  'securityDefinitions',
  'security',
  'tags',
  'externalDocs',
  'x-amazon-apigateway-request-validators',
  'x-amazon-apigateway-request-validator',
  'x-amazon-apigateway-api-key-source',
  'x-amazon-apigateway-gateway-responses',
  'x-amazon-apigateway-binary-media-types',
  'x-amazon-apigateway-minimum-compression-size',
  'x-amazon-apigateway-policy',
  'x-amazon-apigateway-endpoint-configuration',
  'x-amazon-apigateway-documentation',
  'x-amazon-apigateway-importexport-version',
  'x-amazon-apigateway-tag-value',
  'x-amazon-apigateway-cors',
  'x-amazon-apigateway-disable-execute-api-endpoint',
];

/** Maps what was read to a scenario; problems go to the documents' reporters. `at`: where the config starts. */
export function awsScenario(cfg: AwsConfig, source: string, at: Where): GatewayImport {
  const stage = oneStage(cfg.stages);
  const stubs = new Map<string, ServiceStub>();
  for (const m of cfg.methods)
    if (m.service !== undefined && !stubs.has(m.service))
      stubs.set(m.service, { id: m.service, at: m.serviceAt ?? m.at });
  const ids = new Set(stubs.keys());
  // A route needs a service even where the gateway answers itself (a mock): any stub, or one for it.
  const mockService = stubs.size > 0 ? [...stubs.keys()][0] : uniqueId('mock-backend', ids);
  const mocks = cfg.methods.filter((m) => m.mockStatus !== undefined);
  if (stubs.size === 0 && mocks.length > 0)
    warnAt(
      mocks[0].at,
      `a mock integration is answered by the gateway itself; service ${mockService} only gives its route a target and takes no traffic`,
    );
  const routes = awsRoutes(cfg, stage, mockService);
  const staged = stagePlugins(stage);
  const plugins = [...staged, ...planPlugins(cfg, staged.length > 0)];
  const gatewayId = uniqueId('apigateway', ids);
  // A key of a plan, else any key; a method that needs a key with none defined gets a stand-in.
  const consumer =
    cfg.plans.find((p) => p.keys.length > 0)?.keys[0] ??
    [...cfg.apiKeys.keys()][0] ??
    (cfg.methods.some((m) => m.apiKey) ? STAND_IN_KEY : undefined);
  const client: RawClient = {
    id: 'clients',
    arrival: { process: 'poisson', rate: STUB_RATE },
    // One route a method, in order.
    mix: routes.map((r, i) => ({
      weight: 1,
      method: r.match.methods?.[0] ?? 'GET',
      path: samplePath(cfg.methods[i].path),
    })),
    ...(consumer !== undefined ? { consumer } : {}),
  };
  const clientNote = `The client stub sends each route's method and path${consumer === undefined ? '' : ` with API key ${consumer}`}, ${STUB_RATE} requests a second in all.`;
  const serviceIds = stubs.size === 0 && mocks.length > 0 ? [mockService] : [...stubs.keys()];
  const services: RawService[] = serviceIds.map((id) => ({ id, instances: 1, ...STUB_TIMES }));
  return {
    product: 'AWS API Gateway',
    at,
    scenario: {
      name: `AWS API Gateway config ${source}`,
      description: describeImport(source, cfg, stage, clientNote),
      clients: [client],
      gateway: {
        id: gatewayId,
        profile: 'aws-api-gateway',
        ...(plugins.length > 0 ? { plugins } : {}),
        routes,
      },
      services,
    },
    stubs: [...stubs.values()],
    clientNote,
  };
}

/**
 * The stage simulated: the first; the others' settings are said to be left out, and so is a cache
 * cluster no method setting caches with.
 */
function oneStage(stages: readonly AwsStage[]): AwsStage | undefined {
  const stage = stages[0];
  if (stage?.cacheCluster === true && !stage.settings.some((s) => s.caching === true))
    warnAt(
      stage.at,
      'the stage has a cache cluster but no method setting turns CachingEnabled on: API Gateway caches nothing',
    );
  for (const other of stages.slice(1))
    warnAt(
      other.at,
      `a scenario simulates one stage: stage ${other.name}'s settings are left out (${stages[0].name}'s apply)`,
    );
  return stages[0];
}

/** The stage-wide throttle (`/*` and `*`), one bucket for the stage. */
function stagePlugins(stage: AwsStage | undefined): RawPlugin[] {
  const all = stage?.settings.find((s) => s.path === '/*' && s.method === '*' && s.throttle !== undefined);
  const bucket = all === undefined ? undefined : tokenBucket(all, 'stage');
  return bucket === undefined ? [] : [bucket];
}

/** Each usage plan's throttle and quota, scoped to each of its keys. */
function planPlugins(cfg: AwsConfig, stageThrottled: boolean): RawPlugin[] {
  const out: RawPlugin[] = [];
  for (const plan of cfg.plans) {
    if (plan.keys.length === 0 && (plan.throttle !== undefined || plan.quota !== undefined))
      warnAt(plan.at, `usage plan ${plan.name} has no API keys: its throttle and quota apply to no one`);
    for (const key of plan.keys) {
      const t = plan.throttle;
      if (t?.rate !== undefined && t.rate > 0)
        out.push({
          name: 'token-bucket',
          consumer: key,
          rate: t.rate,
          burst: Math.max(1, Math.floor(t.burst ?? t.rate)),
          limit_by: 'consumer',
        });
      if (plan.quota !== undefined)
        out.push({ name: 'quota', consumer: key, limit: plan.quota.limit, timeUnit: plan.quota.period });
    }
    if (plan.throttle !== undefined && plan.keys.length > 0 && stageThrottled)
      warnAt(
        plan.throttle.at,
        "AWS checks a key's plan throttle and then the stage's; meshsim applies one token bucket a request, so the plan's replaces the stage's for its keys",
      );
  }
  return out;
}

/** A path a request of the route takes: each `{param}` as `1`, `{proxy+}` as `item`. */
function samplePath(path: string): string {
  return path.replace(/\{[^}]*\+\}/g, 'item').replace(/\{[^}]*\}/g, '1');
}

function describeImport(
  source: string,
  cfg: AwsConfig,
  stage: AwsStage | undefined,
  clientNote: string,
): string {
  const throttled =
    stage?.settings.some((s) => s.path === '/*' && s.method === '*' && s.throttle !== undefined) ?? false;
  const lines = [
    `Imported by \`meshsim import\` from ${source} (AWS API Gateway${cfg.title === undefined ? '' : `, API ${cfg.title}`}${stage === undefined ? '' : `, stage ${stage.name}`}).`,
    "Service times, concurrency and instance counts are placeholders: API Gateway's config does not hold them.",
    throttled
      ? "The stage's throttle is one token bucket for every request of the stage, in place of the account's."
      : "No stage throttle is set: the account's limit applies to every route (10 000 requests a second, burst 5 000, one token bucket for the account, as the aws-api-gateway profile sets it).",
  ];
  if (cfg.apiKeys.size > 0)
    lines.push(`API keys, usable as a client's \`consumer\`: ${[...cfg.apiKeys.keys()].join(', ')}.`);
  lines.push(clientNote);
  return `${lines.join('\n')}\n`;
}
