/**
 * What the AWS API Gateway importer reads, before it becomes a scenario (aws.ts): the API's methods
 * with their integrations and security (from OpenAPI, a template's `Method` resources or SAM
 * function events), its authorizers, its stages' throttling and caching, and its usage plans.
 */
import type { Where } from './config-entity';

/** A token bucket: requests a second and the bucket's size, as AWS writes a throttle. */
export interface AwsThrottle {
  readonly rate?: number;
  readonly burst?: number;
  readonly at: Where;
}

/** One method of one resource path (`GET /pets/{petId}`) and what answers it. */
export interface AwsMethod {
  /** The resource path as written, templates and all. */
  readonly path: string;
  /** Upper-cased; `ANY` for `x-amazon-apigateway-any-method`. */
  readonly method: string;
  readonly at: Where;
  /** The service an integration forwards to; undefined for a mock integration. */
  service?: string;
  /** Where the integration names its target, for the stub's warning. */
  serviceAt?: Where;
  /** `timeoutInMillis`; the profile's 29 s when absent. */
  timeoutMs?: number;
  /** A mock integration's status, answered by the gateway itself. */
  mockStatus?: number;
  /** The authorizer's name, when the method has one (`NONE` and IAM are not). */
  authorizer?: string;
  /** Whether the method requires an API key. */
  apiKey: boolean;
  /** `cacheKeyParameters` as written. */
  cacheKeys: readonly string[];
}

/** A Lambda or Cognito authorizer. */
export interface AwsAuthorizer {
  readonly name: string;
  readonly kind: 'token' | 'request' | 'cognito_user_pools';
  /** `authorizerResultTtlInSeconds`; AWS's default 300. */
  readonly ttlSeconds: number;
  readonly at: Where;
}

/** A stage's setting for a method (`/*` and `*` for all), as `MethodSettings` writes it. */
export interface AwsMethodSetting {
  readonly path: string;
  readonly method: string;
  readonly throttle?: AwsThrottle;
  readonly caching?: boolean;
  readonly cacheTtlSeconds?: number;
  readonly at: Where;
}

/** A stage: its throttling and caching. */
export interface AwsStage {
  readonly name: string;
  readonly at: Where;
  readonly cacheCluster: boolean;
  readonly settings: AwsMethodSetting[];
}

/** A usage plan's quota: requests a period. */
export interface AwsQuota {
  readonly limit: number;
  readonly period: 'day' | 'week' | 'month';
  readonly at: Where;
}

/** A usage plan: a throttle and a quota for each of its API keys. */
export interface AwsUsagePlan {
  readonly name: string;
  readonly at: Where;
  readonly throttle?: AwsThrottle;
  readonly quota?: AwsQuota;
  /** The API keys of the plan, by name (the consumers of the simulation). */
  readonly keys: string[];
  /** Throttles of single methods for each key (`ApiStages[].Throttle`, `/pets/GET`). */
  readonly methodThrottles: readonly AwsMethodThrottle[];
}

/** A usage plan's throttle of one method, for each of its keys. */
export interface AwsMethodThrottle {
  readonly path: string;
  readonly method: string;
  readonly throttle: AwsThrottle;
}

/** Everything read from one bundle's AWS files. */
export interface AwsConfig {
  title?: string;
  readonly methods: AwsMethod[];
  readonly authorizers: Map<string, AwsAuthorizer>;
  readonly stages: AwsStage[];
  readonly plans: AwsUsagePlan[];
  /** API keys by name, with where each is written. */
  readonly apiKeys: Map<string, Where>;
}

/** An empty config to read into. */
export function emptyAwsConfig(): AwsConfig {
  return { methods: [], authorizers: new Map(), stages: [], plans: [], apiKeys: new Map() };
}
