/**
 * An operation's `x-amazon-apigateway-integration`: the service it forwards to (the host of an HTTP
 * integration's URI, the function of a Lambda one, the AWS service of another), its timeout, and a
 * mock's status, which the gateway answers itself. The rest of the integration reshapes messages
 * meshsim does not simulate: warned once a file.
 */
import { warnAt, type Where } from './config-entity';
import type { AwsEntity } from './aws-entity';
import { noteOnce } from './aws-notes';
import { safeId } from './kong-routes';

/** The fields of an integration, as AWS documents them. */
export const INTEGRATION_FIELDS = [
  'type',
  'uri',
  'httpMethod',
  'timeoutInMillis',
  'passthroughBehavior',
  'requestParameters',
  'requestTemplates',
  'responses',
  'cacheKeyParameters',
  'cacheNamespace',
  'connectionType',
  'connectionId',
  'credentials',
  'contentHandling',
  'tlsConfig',
  'integrationSubtype',
  'payloadFormatVersion',
];

const TYPES = ['http', 'http_proxy', 'aws', 'aws_proxy', 'mock'];

/** AWS's REST limit; regional APIs may ask for more (a quota increase). */
export const MAX_TIMEOUT_MS = 29_000;

/** Why each integration field that reshapes messages is left out. */
const RESHAPING: Readonly<Record<string, string>> = {
  httpMethod: 'the method sent to the backend is not simulated; the call is the same',
  passthroughBehavior: 'request bodies and their content types are not simulated',
  requestParameters: 'the parameters sent to the backend are not simulated',
  requestTemplates: 'mapping templates reshape bodies, which are not simulated',
  responses: 'response mappings reshape bodies; the status is the backend’s',
  connectionType: 'a VPC link is a network path; the call is the same',
  connectionId: 'a VPC link is a network path; the call is the same',
  credentials: 'IAM credentials for the call are not simulated',
  contentHandling: 'bodies are not simulated',
  tlsConfig: 'TLS is not simulated',
  integrationSubtype: 'HTTP API service integrations are read as calls to the service',
  payloadFormatVersion: 'the event shape sent to Lambda is not simulated',
};

/** What an integration gives a method. */
export interface IntegrationRead {
  readonly service?: string;
  readonly serviceAt?: Where;
  readonly timeoutMs?: number;
  readonly mockStatus?: number;
  readonly cacheKeys: readonly string[];
}

/** Reads one integration; undefined when it names no target a request could reach. */
export function readIntegration(e: AwsEntity): IntegrationRead | undefined {
  const type = e.text('type')?.toLowerCase();
  if (type !== undefined && !TYPES.includes(type))
    e.r.error(e.valueAt('type').pos, [...e.path, 'type'], {
      message: `integration type "${type}" is not one of ${TYPES.join(', ')}`,
    });
  const timeoutMs = e.amount('timeoutInMillis', { min: 50, max: 300_000 });
  if (timeoutMs !== undefined && timeoutMs > MAX_TIMEOUT_MS)
    warnAt(
      e.at('timeoutInMillis'),
      `${timeoutMs} ms is above REST APIs' 29 000 ms limit, allowed for regional and private APIs after a quota increase; kept`,
    );
  const cacheKeys = (e.items('cacheKeyParameters') ?? []).map((n, i) => String(e.scalarOf(n, i) ?? ''));
  e.use('cacheNamespace'); // the cache instance: one per stage here, whatever its namespace
  for (const [key, why] of Object.entries(RESHAPING)) noteOnce(e, key, why);
  const uri = e.text('uri');
  const uriAt = e.valueAt('uri');
  e.finish();
  if (type === 'mock') return { mockStatus: 200, timeoutMs, cacheKeys };
  if (uri === undefined) {
    warnAt(e.at(), 'the integration has no uri: no backend to call; the method is left out');
    return undefined;
  }
  const service = serviceOf(uri, type ?? 'http');
  if (service.stageVariable !== undefined)
    warnAt(
      uriAt,
      `the backend comes from stage variable ${service.stageVariable}, set per stage: the service is named after it`,
    );
  return { service: service.id, serviceAt: uriAt, timeoutMs, cacheKeys };
}

/** The service an integration URI names, and the stage variable it comes from, if it does. */
export function serviceOf(uri: string, type: string): { id: string; stageVariable?: string } {
  const variable = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/.exec(uri)?.[1];
  if (type === 'aws' || type === 'aws_proxy') {
    const fn = /functions\/(.+?)\/invocations/.exec(uri)?.[1];
    if (fn !== undefined) {
      // An ARN `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]`, or the logical id `!GetAtt` gave.
      const name = /:function:([^:/]+)/.exec(fn)?.[1] ?? fn;
      return { id: safeId(variable ?? name, 'lambda'), stageVariable: variable };
    }
    const awsService = /^arn:[^:]*:apigateway:[^:]*:([^:]+):/.exec(uri)?.[1];
    return { id: safeId(awsService ?? uri, 'aws-service'), stageVariable: variable };
  }
  if (variable !== undefined) return { id: safeId(variable, 'backend'), stageVariable: variable };
  const host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(uri)?.[1];
  return { id: safeId(host ?? uri, 'backend') };
}
