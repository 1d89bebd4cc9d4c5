/**
 * An OpenAPI definition's security schemes as API Gateway reads them: an `apiKey` scheme named
 * `x-api-key` in the header is the API key (key-auth); a scheme with
 * `x-amazon-apigateway-authorizer` is a Lambda (token or request) or Cognito authorizer, whose
 * verdict is cached for `authorizerResultTtlInSeconds` (300 by default); `awsSigv4` is IAM.
 */
import { warnAt } from './config-entity';
import type { AwsEntity } from './aws-entity';
import type { AwsAuthorizer, AwsConfig } from './aws-config';

/** What a security scheme is to API Gateway. */
export type SchemeKind =
  { readonly kind: 'apiKey' | 'iam' | 'other' } | { readonly kind: 'authorizer'; readonly name: string };

/** A security scheme's OpenAPI fields of flows and token URLs, which API Gateway does not act on. */
const OPENAPI_AUTH_FIELDS = [
  'scheme',
  'bearerFormat',
  'flows',
  'flow',
  'authorizationUrl',
  'tokenUrl',
  'scopes',
  'openIdConnectUrl',
];
const SCHEME_FIELDS = [
  'type',
  'name',
  'in',
  'description',
  ...OPENAPI_AUTH_FIELDS,
  'x-amazon-apigateway-authtype',
  'x-amazon-apigateway-authorizer',
];

const AUTHORIZER_FIELDS = [
  'type',
  'authorizerUri',
  'authorizerCredentials',
  'authorizerResultTtlInSeconds',
  'identitySource',
  'identityValidationExpression',
  'providerARNs',
  'authorizerPayloadFormatVersion',
  'enableSimpleResponses',
  'jwtConfiguration',
];

/** AWS's default authorizer result TTL, seconds. */
export const DEFAULT_AUTHORIZER_TTL_S = 300;

/** Reads the schemes under `key` of `parent` (`securitySchemes` or `securityDefinitions`). */
export function readSchemes(parent: AwsEntity, key: string, cfg: AwsConfig): Map<string, SchemeKind> {
  const out = new Map<string, SchemeKind>();
  for (const [name, node] of parent.entries(key) ?? []) {
    const e = parent.entityOf(node, [...parent.path, key, name], 'a security scheme', SCHEME_FIELDS);
    if (e !== undefined) out.set(name, readScheme(e, name, cfg));
  }
  return out;
}

function readScheme(e: AwsEntity, name: string, cfg: AwsConfig): SchemeKind {
  const type = e.text('type');
  const header = e.text('name');
  const where = e.text('in');
  const authType = e.text('x-amazon-apigateway-authtype')?.toLowerCase();
  const authorizer = e.child('x-amazon-apigateway-authorizer', 'an authorizer', AUTHORIZER_FIELDS);
  e.use('description');
  for (const key of OPENAPI_AUTH_FIELDS)
    e.note(key, 'API Gateway checks credentials through its authorizers and API keys, not the OpenAPI flows');
  e.finish();
  if (authorizer !== undefined) {
    cfg.authorizers.set(name, readAuthorizer(authorizer, name));
    return { kind: 'authorizer', name };
  }
  if (authType === 'awssigv4') {
    warnAt(e.at(), `scheme "${name}" is IAM (SigV4) authorization: not modelled, its methods are open`);
    return { kind: 'iam' };
  }
  if (type === 'apiKey' && header?.toLowerCase() === 'x-api-key' && (where ?? 'header') === 'header')
    return { kind: 'apiKey' };
  warnAt(
    e.at(),
    `scheme "${name}" is neither API Gateway's API key (apiKey, x-api-key in the header) nor an authorizer (x-amazon-apigateway-authorizer); left out`,
  );
  return { kind: 'other' };
}

/** An `x-amazon-apigateway-authorizer` (or a template's `Authorizer`'s equivalent fields). */
function readAuthorizer(e: AwsEntity, name: string): AwsAuthorizer {
  const written = e.text('type')?.toLowerCase();
  const kind = written === 'request' || written === 'cognito_user_pools' ? written : 'token';
  if (written !== undefined && !['token', 'request', 'cognito_user_pools'].includes(written))
    warnAt(e.valueAt('type'), `authorizer type "${written}" is read as a token authorizer`);
  const ttlSeconds =
    e.amount('authorizerResultTtlInSeconds', { min: 0, max: 3600 }) ?? DEFAULT_AUTHORIZER_TTL_S;
  e.use('authorizerUri'); // names the Lambda: its answer is the verdict, at external-auth's latency
  e.use('providerARNs'); // the user pools whose tokens a Cognito authorizer checks
  e.use('identitySource'); // the credential the verdict is cached by: the consumer's here
  e.note('authorizerCredentials', 'the role the gateway invokes the authorizer with is not simulated');
  e.note('identityValidationExpression', 'every simulated token has the expected shape');
  for (const key of ['authorizerPayloadFormatVersion', 'enableSimpleResponses', 'jwtConfiguration'])
    e.note(key, 'an HTTP API setting; read as a REST API authorizer');
  e.finish();
  return { name, kind, ttlSeconds, at: e.at() };
}

/** The security a method gets from a requirement list: an API key, an authorizer, or neither. */
export function securityOf(
  items: readonly { name: string; at: () => void }[],
  schemes: ReadonlyMap<string, SchemeKind>,
): { apiKey: boolean; authorizer?: string } {
  let apiKey = false;
  let authorizer: string | undefined;
  for (const item of items) {
    const scheme = schemes.get(item.name);
    if (scheme === undefined) item.at();
    else if (scheme.kind === 'apiKey') apiKey = true;
    else if (scheme.kind === 'authorizer') authorizer ??= scheme.name;
  }
  return { apiKey, authorizer };
}
