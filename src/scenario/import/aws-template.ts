/**
 * A CloudFormation or SAM template (YAML with `!Ref` and friends, or JSON) as API Gateway's
 * resources make it: `AWS::ApiGateway::RestApi` (its `Body` read as OpenAPI), `Resource`, `Method`,
 * `Authorizer`, `RequestValidator`, `Stage`, `Deployment`, `UsagePlan`, `ApiKey`, `UsagePlanKey`,
 * and SAM's `AWS::Serverless::Api` and `AWS::Serverless::Function` events (aws-sam.ts). Other
 * resources play no part in the gateway's traffic: one warning a type.
 */
import type { Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { warnAt } from './config-entity';
import { AwsEntity } from './aws-entity';
import type { TemplateNames } from './aws-intrinsics';
import type { AwsConfig } from './aws-config';
import { readOpenApi } from './aws-openapi';
import { readStage, readUsagePlan, STAGE_NOTES } from './aws-stage';
import { CfnMethods } from './aws-cfn-methods';
import { readServerlessApi, readServerlessFunction } from './aws-sam';
import { RESOURCE_PROPERTIES, STAGE_DESCRIPTION_PROPERTIES } from './aws-resource-fields';

const TOP_FIELDS = [
  'AWSTemplateFormatVersion',
  'Transform',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Rules',
  'Resources',
  'Outputs',
  'Globals',
];

/** A resource's attributes that order or guard its deployment: read, and nothing to simulate. */
const DEPLOYMENT_ATTRIBUTES = [
  'DependsOn',
  'Condition',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
];
const RESOURCE_FIELDS = ['Type', 'Properties', ...DEPLOYMENT_ATTRIBUTES];

const REST_API_NOTES: Readonly<Record<string, string>> = {
  BodyS3Location: 'a definition kept in S3 is not read: give it as the bundle’s own file',
  ApiKeySourceType: 'API keys are read from the x-api-key header here',
  BinaryMediaTypes: 'bodies are not simulated',
  MinimumCompressionSize: 'compression of bodies is not simulated',
  EndpointConfiguration: 'the endpoint type (edge, regional, private) adds network paths not simulated',
  Policy: 'a resource policy filters callers by IAM, account or address, which are not simulated',
  CloneFrom: 'the API cloned is not in the template',
  Parameters: 'import parameters only steer how AWS reads the body',
  Mode: 'import mode only steers how AWS merges the body',
  FailOnWarnings: 'import behaviour',
  DisableExecuteApiEndpoint: 'the default endpoint is not simulated',
  Tags: 'tags only label resources',
};

/** Reads a template's resources into `cfg`. */
export function readTemplate(root: LMap, r: Reporter, cfg: AwsConfig): void {
  const names = namesOf(root);
  const top = new AwsEntity(root, [], r, 'a CloudFormation template', TOP_FIELDS, names);
  for (const key of ['AWSTemplateFormatVersion', 'Transform', 'Description', 'Metadata', 'Parameters'])
    top.use(key);
  top.note('Outputs', 'outputs only report values after deployment');
  top.note(
    'Conditions',
    'conditions are not evaluated: Fn::If takes its first branch, and resources are all read',
  );
  top.note('Mappings', 'Fn::FindInMap is not evaluated');
  top.note('Rules', 'parameter rules only check a deployment');
  top.note(
    'Globals',
    'SAM globals are not merged into the resources: write the settings on the API or function',
  );
  const methods = new CfnMethods(names);
  const skipped = new Set<string>();
  // Functions last: their events take the auth of a SAM API written anywhere in the template.
  const isFunction = ([, n]: readonly [string, LNode]): boolean =>
    n.kind === 'map' &&
    (n.entries.get('Type')?.value as { value?: unknown } | undefined)?.value === 'AWS::Serverless::Function';
  const resources = top.entries('Resources') ?? [];
  for (const [id, node] of [...resources.filter((e) => !isFunction(e)), ...resources.filter(isFunction)]) {
    const res = top.entityOf(node, ['Resources', id], 'a CloudFormation resource', RESOURCE_FIELDS);
    if (res === undefined) continue;
    const type = res.text('Type') ?? '';
    for (const key of DEPLOYMENT_ATTRIBUTES) res.use(key);
    const props = res.child('Properties', `an ${type}`, RESOURCE_PROPERTIES[type]) ?? empty(res);
    if (!readResource(type, id, props, cfg, methods)) {
      res.use('Properties');
      if (!skipped.has(type)) {
        skipped.add(type);
        warnAt(res.at('Type'), `${type} ${whyLeftOut(type)}; left out (said once for the type)`);
      }
    }
    res.finish();
  }
  methods.finish(cfg);
  top.finish();
}

/** A resource's properties by its type; false for a type the gateway's traffic does not pass. */
function readResource(type: string, id: string, p: AwsEntity, cfg: AwsConfig, methods: CfnMethods): boolean {
  switch (type) {
    case 'AWS::ApiGateway::RestApi': {
      cfg.title ??= p.text('Name');
      const body = p.child('Body', 'an OpenAPI definition');
      if (body !== undefined) readOpenApi(body, cfg);
      p.use('Description');
      p.use('Name');
      for (const [key, why] of Object.entries(REST_API_NOTES)) p.note(key, why);
      methods.restApi(id);
      break;
    }
    case 'AWS::ApiGateway::Resource':
      methods.resource(id, p);
      break;
    case 'AWS::ApiGateway::Method':
      methods.method(id, p);
      break;
    case 'AWS::ApiGateway::Authorizer':
      methods.authorizer(id, p, cfg);
      break;
    case 'AWS::ApiGateway::RequestValidator':
      for (const key of ['Name', 'RestApiId', 'ValidateRequestBody', 'ValidateRequestParameters']) p.use(key);
      warnAt(
        p.at(),
        'a request validator answers 400 to a malformed request before the integration; simulated requests are all well formed, so it never answers',
      );
      break;
    case 'AWS::ApiGateway::Stage':
      readStage(p, p.text('StageName') ?? id, cfg);
      p.use('StageName');
      break;
    case 'AWS::ApiGateway::Deployment': {
      const name = p.text('StageName') ?? id;
      const description = p.child('StageDescription', 'a stage description', STAGE_DESCRIPTION_PROPERTIES);
      if (description !== undefined) {
        readStage(description, name, cfg, true);
        description.use('StageName');
        description.finish();
      }
      p.use('RestApiId');
      p.use('Description');
      p.note('DeploymentCanarySettings', STAGE_NOTES.CanarySetting);
      break;
    }
    case 'AWS::ApiGateway::UsagePlan':
      methods.plan(id, readUsagePlan(p, id, cfg));
      break;
    case 'AWS::ApiGateway::ApiKey': {
      const name = p.text('Name') ?? id;
      if (p.flag('Enabled') === false)
        warnAt(p.at('Enabled'), `API key ${name} is disabled: AWS answers 403 to it`);
      cfg.apiKeys.set(name, p.at());
      methods.apiKey(id, name);
      for (const key of ['Value', 'Description', 'GenerateDistinctId', 'CustomerId', 'StageKeys']) p.use(key);
      p.note('Tags', 'tags only label resources');
      break;
    }
    case 'AWS::ApiGateway::UsagePlanKey':
      methods.planKey(p);
      break;
    case 'AWS::Serverless::Api':
      readServerlessApi(id, p, cfg);
      break;
    case 'AWS::Serverless::Function':
      readServerlessFunction(id, p, cfg);
      break;
    default:
      return false;
  }
  p.finish();
  return true;
}

/** Why a resource type is not read: an HTTP API is another product; the rest carry no traffic. */
function whyLeftOut(type: string): string {
  return type.startsWith('AWS::ApiGatewayV2::') || type === 'AWS::Serverless::HttpApi'
    ? 'is an HTTP API (API Gateway v2), which meshsim does not import: only REST APIs'
    : "plays no part in the gateway's traffic";
}

/** What the template names: its parameters' defaults and its resources' logical ids. */
function namesOf(root: LMap): TemplateNames {
  const parameters = new Map<string, LNode | undefined>();
  const params = root.entries.get('Parameters')?.value;
  if (params?.kind === 'map')
    for (const [name, e] of params.entries)
      parameters.set(name, e.value.kind === 'map' ? e.value.entries.get('Default')?.value : undefined);
  const resources = new Set<string>();
  const res = root.entries.get('Resources')?.value;
  if (res?.kind === 'map') for (const id of res.entries.keys()) resources.add(id);
  return { parameters, resources };
}

function empty(res: AwsEntity): AwsEntity {
  return new AwsEntity(
    { kind: 'map', pos: res.node.pos, entries: new Map() },
    res.path,
    res.r,
    'properties',
    [],
    res.names,
  );
}
