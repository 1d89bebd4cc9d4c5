/**
 * An OpenAPI 3 or Swagger 2 definition as API Gateway imports it (`aws apigateway import-rest-api`,
 * a `RestApi`'s `Body`, a SAM API's `DefinitionBody`): its paths and methods with their
 * `x-amazon-apigateway-integration`, their security, and the API-wide `x-amazon-apigateway-*`
 * extensions. The messages' shapes (parameters, bodies, models) are validated by AWS only under a
 * request validator; meshsim's requests are all well formed, so they are warned once a file.
 */
import type { LNode } from '../positions';
import { warnAt } from './config-entity';
import type { AwsEntity } from './aws-entity';
import type { AwsConfig } from './aws-config';
import { readIntegration, INTEGRATION_FIELDS } from './aws-integration';
import { noteOnce } from './aws-notes';
import { readSchemes, securityOf, type SchemeKind } from './aws-security';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ANY = 'x-amazon-apigateway-any-method';

/** Why each API-wide extension or field is left out. */
const API_NOTES: Readonly<Record<string, string>> = {
  host: 'the API is reached by its stage URL; addresses are not simulated',
  basePath: 'API Gateway ignores it on import by default; clients call the resource paths',
  schemes: 'simulated requests are plain HTTP',
  servers: 'the API is reached by its stage URL; addresses are not simulated',
  consumes: 'content types are not simulated',
  produces: 'content types are not simulated',
  definitions: 'models only shape bodies, which are not simulated',
  parameters: 'shared parameters describe requests; their values are not simulated',
  responses: 'shared responses describe bodies, which are not simulated',
  'x-amazon-apigateway-gateway-responses':
    "the gateway's own answers keep AWS's default statuses (429, 403, 504, ...); custom templates and headers are not simulated",
  'x-amazon-apigateway-binary-media-types': 'bodies are not simulated',
  'x-amazon-apigateway-minimum-compression-size': 'compression of bodies is not simulated',
  'x-amazon-apigateway-policy':
    'a resource policy filters callers by IAM, account or address, which are not simulated',
  'x-amazon-apigateway-endpoint-configuration':
    'the endpoint type (edge, regional, private) adds network paths not simulated',
  'x-amazon-apigateway-documentation': 'documentation parts',
  'x-amazon-apigateway-tag-value': 'tags only label resources',
  'x-amazon-apigateway-cors': 'an HTTP API CORS setting; preflight requests are not simulated',
  'x-amazon-apigateway-disable-execute-api-endpoint': 'the default endpoint is not simulated',
};

const LABELS = [
  'openapi',
  'swagger',
  'info',
  'tags',
  'externalDocs',
  'x-amazon-apigateway-importexport-version',
];

const OPERATION_NOTES: Readonly<Record<string, string>> = {
  parameters: 'parameters describe requests; their values are not simulated',
  requestBody: 'bodies are not simulated',
  responses: 'the documented responses; the status is the backend’s',
  produces: 'content types are not simulated',
  consumes: 'content types are not simulated',
  callbacks: 'callbacks are not simulated',
  servers: 'the API is reached by its stage URL',
  deprecated: 'a label',
};

/** Reads one definition's methods, authorizers and validators into `cfg`. */
export function readOpenApi(doc: AwsEntity, cfg: AwsConfig): void {
  const version = doc.text('openapi') ?? doc.text('swagger');
  if (version === undefined) warnAt(doc.at(), 'no openapi or swagger version: read as OpenAPI 3');
  const info = doc.child('info', 'an OpenAPI info');
  cfg.title ??= info?.text('title');
  if (info !== undefined) for (const key of info.node.entries.keys()) info.use(key);
  for (const key of LABELS) doc.use(key);
  const schemes = new Map<string, SchemeKind>(readSchemes(doc, 'securityDefinitions', cfg));
  const components = doc.child('components', 'OpenAPI components');
  if (components !== undefined) {
    for (const [k, v] of readSchemes(components, 'securitySchemes', cfg)) schemes.set(k, v);
    for (const key of components.node.entries.keys())
      if (key !== 'securitySchemes')
        noteOnce(components, key, 'models and shared parts only shape messages, which are not simulated');
    components.finish();
  }
  const validators = readValidators(doc);
  const defaultValidator = doc.text('x-amazon-apigateway-request-validator');
  if (defaultValidator !== undefined && !validators.has(defaultValidator))
    warnAt(
      doc.at('x-amazon-apigateway-request-validator'),
      `request validator "${defaultValidator}" is not in x-amazon-apigateway-request-validators: API Gateway refuses the import`,
    );
  const apiSecurity = doc.take('security');
  const keySource = doc.text('x-amazon-apigateway-api-key-source')?.toUpperCase();
  if (keySource === 'AUTHORIZER')
    warnAt(
      doc.at('x-amazon-apigateway-api-key-source'),
      "the authorizer supplies the API key: read as the client's key, checked as a header's would be",
    );
  for (const [key, why] of Object.entries(API_NOTES)) doc.note(key, why);
  for (const [path, node] of doc.entries('paths') ?? []) {
    const item = doc.entityOf(node, [...doc.path, 'paths', path], 'an OpenAPI path item', [
      ...METHODS,
      ANY,
      'parameters',
      'summary',
      'description',
      'servers',
      '$ref',
    ]);
    if (item === undefined) continue;
    for (const name of [...METHODS, ANY]) {
      const op = item.child(name, 'an OpenAPI operation', OPERATION_FIELDS);
      if (op === undefined) continue;
      const method = name === ANY ? 'ANY' : name.toUpperCase();
      const validator = op.text('x-amazon-apigateway-request-validator');
      if (validator !== undefined && !validators.has(validator))
        warnAt(
          op.at('x-amazon-apigateway-request-validator'),
          `request validator "${validator}" is not in x-amazon-apigateway-request-validators: API Gateway refuses the import`,
        );
      readOperation(op, path, method, op.take('security') ?? apiSecurity, schemes, cfg);
    }
    item.use('summary');
    item.use('description');
    noteOnce(item, 'parameters', OPERATION_NOTES.parameters);
    item.note('servers', OPERATION_NOTES.servers);
    item.note('$ref', 'a path item kept elsewhere is not read');
    item.finish();
  }
  doc.finish();
}

const OPERATION_FIELDS = [
  'x-amazon-apigateway-integration',
  'x-amazon-apigateway-request-validator',
  'x-amazon-apigateway-auth',
  'security',
  'operationId',
  'summary',
  'description',
  'tags',
  'externalDocs',
  ...Object.keys(OPERATION_NOTES),
];

function readOperation(
  op: AwsEntity,
  path: string,
  method: string,
  security: LNode | undefined,
  schemes: ReadonlyMap<string, SchemeKind>,
  cfg: AwsConfig,
): void {
  for (const key of ['operationId', 'summary', 'description', 'tags', 'externalDocs']) op.use(key);
  for (const [key, why] of Object.entries(OPERATION_NOTES)) noteOnce(op, key, why);
  const auth = op.child('x-amazon-apigateway-auth', 'an x-amazon-apigateway-auth', ['type']);
  if (auth !== undefined) {
    const type = auth.text('type');
    if (type !== undefined && type.toUpperCase() !== 'NONE')
      warnAt(auth.at('type'), `${type} authorization is IAM's, not modelled: the method is open`);
    auth.finish();
  }
  const integration = op.child(
    'x-amazon-apigateway-integration',
    'an API Gateway integration',
    INTEGRATION_FIELDS,
  );
  const read = integration === undefined ? undefined : readIntegration(integration);
  const { apiKey, authorizer } = securityOf(requirements(op, security), schemes);
  op.finish();
  if (integration === undefined) {
    warnAt(
      op.at(),
      `${method} ${path} has no x-amazon-apigateway-integration: API Gateway refuses to import it; left out`,
    );
    return;
  }
  if (read === undefined) return;
  cfg.methods.push({ path, method, at: op.at(), apiKey, authorizer, ...read });
}

/** The scheme names of a security requirement list, each with a warning for when it names no scheme. */
function requirements(op: AwsEntity, security: LNode | undefined): { name: string; at: () => void }[] {
  if (security === undefined) return [];
  if (security.kind !== 'seq') {
    op.r.error(security.pos, [...op.path, 'security'], {
      message: 'security must be a list of requirements, such as [{ api_key: [] }]',
    });
    return [];
  }
  return security.items.flatMap((item) =>
    item.kind !== 'map'
      ? []
      : [...item.entries].map(([name, e]) => ({
          name,
          at: () =>
            warnAt(
              { r: op.r, pos: e.keyPos, path: [...op.path, 'security'] },
              `security scheme "${name}" is not defined; left out`,
            ),
        })),
  );
}

/** `x-amazon-apigateway-request-validators`: each validator's name, and whether it checks anything. */
function readValidators(doc: AwsEntity): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [name, node] of doc.entries('x-amazon-apigateway-request-validators') ?? []) {
    const v = doc.entityOf(
      node,
      [...doc.path, 'x-amazon-apigateway-request-validators', name],
      'a request validator',
      ['validateRequestBody', 'validateRequestParameters'],
    );
    if (v === undefined) continue;
    const body = v.flag('validateRequestBody') ?? false;
    const params = v.flag('validateRequestParameters') ?? false;
    v.finish();
    out.set(name, body || params);
  }
  if (out.size > 0)
    warnAt(
      doc.at('x-amazon-apigateway-request-validators'),
      'a request validator answers 400 to a malformed request before the integration; simulated requests are all well formed, so it never answers',
    );
  return out;
}
