/**
 * What an import produces: a scenario document in meshsim's own file format (docs/scenario-format.md),
 * as plain values ready to be written as YAML and read back by `loadScenario`, with the diagnostics
 * of the import. Durations are written with their unit (`60s`, `1500ms`) so the output reads as a
 * person would write it.
 */
import type { Diagnostic } from '../diagnostics';
import type { WrittenHealthchecks } from '../policies/health-checks';
import type { ScenarioDocument } from './relocate';

/** A gateway plugin in the file format: `name` and the fields of that plugin. */
export interface RawPlugin {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** A route's `match`. */
export interface RawMatch {
  path?: string;
  prefix?: string;
  methods?: string[];
  headers?: Record<string, string>;
}

/** A route's retries in their long form. */
export interface RawRetries {
  readonly attempts: number;
  readonly retryOn: readonly string[];
  /** A duration such as `60s`. */
  readonly perTryTimeout: string;
}

/** A gateway route. */
export interface RawRoute {
  readonly id: string;
  readonly match: RawMatch;
  readonly service: string;
  /** Absent: the profile's (AWS API Gateway never retries). */
  readonly retries?: RawRetries;
  /** The route's deadline, such as `29s`; absent: the profile's. */
  readonly timeout?: string;
  readonly plugins?: RawPlugin[];
  /** From the Kong upstream's `algorithm`; absent: round robin. */
  readonly loadBalancer?: string;
  /** From the Kong upstream's `healthchecks`, typed by the health-check registry. */
  readonly healthchecks?: WrittenHealthchecks;
  /** From the Kong upstream's target weights, when they differ. */
  readonly weights?: number[];
  /** From the Kong upstream's `hash_on`. */
  readonly hashOn?: { readonly by: string; readonly header?: string };
}

/** The gateway section. */
export interface RawGateway {
  readonly id: string;
  readonly profile: 'kong' | 'aws-api-gateway' | 'apigee';
  readonly plugins?: RawPlugin[];
  readonly routes: RawRoute[];
}

/** A service stub. */
export interface RawService {
  readonly id: string;
  readonly instances: number;
  readonly concurrency: number;
  readonly serviceTime: { readonly dist: 'exponential'; readonly mean: string };
}

/** One kind of request of the client stub. */
export interface RawMixEntry {
  readonly weight: number;
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
}

/** The client stub. */
export interface RawClient {
  readonly id: string;
  readonly arrival: { readonly process: 'poisson'; readonly rate: number };
  readonly mix: RawMixEntry[];
  readonly consumer?: string;
  /** An end-user token on its requests: principal `issuer/subject` (subject default: consumer, else id). */
  readonly jwt?: { readonly issuer: string; readonly subject?: string };
  /** The client's address, for ip-restriction. */
  readonly ip?: string;
}

/** A mesh destination's retries. */
export interface RawMeshRetries {
  attempts?: number;
  /** A duration such as `2s`. */
  perTryTimeout?: string;
  retryOn?: string[];
  /** Linkerd's budget: `ratio`, `minPerSecond` and `ttl` (`10s`). */
  budget?: { ratio?: number; minPerSecond?: number; ttl?: string };
}

/** A mesh fault: a delay and an abort on a percentage (0 to 100) of calls. */
export interface RawMeshFault {
  delay?: { percentage: number; fixedDelay: string };
  abort?: { percentage: number; httpStatus: number };
}

/**
 * A test of one request header in a mesh route's match: one of `exact`, `prefix`, `suffix`,
 * `regex` (the whole value), or `present: true`; `invert: true` turns it round (Istio's
 * `withoutHeaders`, Consul's `Invert`). A bare string in `RawMeshMatch.headers` means exact.
 */
export interface RawHeaderMatch {
  exact?: string;
  prefix?: string;
  suffix?: string;
  regex?: string;
  present?: boolean;
  invert?: boolean;
}

/** Which calls a mesh route takes: at most one of `path` (exact), `prefix`, `regex` (whole path). */
export interface RawMeshMatch {
  path?: string;
  prefix?: string;
  regex?: string;
  /** Upper-case. */
  methods?: string[];
  /** Header name (lower case) to an exact value or a test. */
  headers?: Record<string, string | RawHeaderMatch>;
}

/** One route of a service's policy; timeout and retries left out come from the service's policy. */
export interface RawMeshRoute {
  /** Absent: every call. */
  match?: RawMeshMatch;
  timeout?: string;
  retries?: RawMeshRetries;
  fault?: RawMeshFault;
  /** Absent: the service itself. */
  split?: { service: string; weight: number }[];
  mirror?: { service: string; percentage: number };
}

/** What the sidecars do for calls into one service, as written in the `mesh.policies` section. */
export interface RawMeshPolicy {
  loadBalancer?: string;
  /** 0 to 100. */
  panicThreshold?: number;
  timeout?: string;
  connectTimeout?: string;
  retries?: RawMeshRetries;
  connectionPool?: Record<string, number>;
  outlierDetection?: Record<string, number | string>;
  /** Never beside `routes`. */
  fault?: RawMeshFault;
  /** Never beside `routes`. */
  split?: { service: string; weight: number }[];
  /** Never beside `routes`. */
  mirror?: { service: string; percentage: number };
  /** In order: the first route whose match holds takes a call; one none matches is answered 404. */
  routes?: RawMeshRoute[];
}

/** One rule of `mesh.authorization`; every field set must match, a `not...` field must not. */
export interface RawAuthorizationRule {
  readonly service: string;
  readonly action: 'ALLOW' | 'DENY';
  /** Caller ids, `*` (any caller) or `mesh:*` (any caller with a sidecar); absent: any caller; empty: none. */
  readonly from?: string[];
  readonly notFrom?: string[];
  /** Path prefixes on segment boundaries, `/api*`, `*.json` or `*`. */
  readonly paths?: string[];
  readonly notPaths?: string[];
  readonly methods?: string[];
  readonly notMethods?: string[];
  /** Header name (lower case) to values, any of which matches: exact, `prefix*`, `*suffix`, `*`. */
  readonly headers?: Record<string, string[]>;
  readonly notHeaders?: Record<string, string[]>;
  /** End-user principals `issuer/subject` in the same patterns; `*`: any valid token. */
  readonly requestPrincipals?: string[];
  readonly notRequestPrincipals?: string[];
}

/** One entry of `mesh.requestAuthentication`: the token issuers a service (absent: every one) accepts. */
export interface RawRequestAuthentication {
  readonly service?: string;
  readonly issuers: string[];
}

/** A PeerAuthentication mode. */
export type RawMtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The mesh section made from Istio or Consul config. */
export interface RawMesh {
  enabled: boolean;
  profile: 'istio' | 'consul' | 'linkerd';
  /** The mesh-wide mode, and per-service modes over it. */
  mtls?: { mode?: RawMtlsMode; services?: Record<string, RawMtlsMode> };
  authorization?: RawAuthorizationRule[];
  requestAuthentication?: RawRequestAuthentication[];
  policies?: Record<string, RawMeshPolicy>;
}

/** A scenario document as plain values; a bundle's own scenario document may add any top-level field. */
export interface RawScenario {
  name?: string;
  description?: string;
  clients?: unknown[];
  gateway?: unknown;
  services?: unknown[];
  [field: string]: unknown;
}

/** The outcome of an import: the scenario (meaningful only without errors) and the diagnostics. */
export interface ImportResult {
  readonly scenario: RawScenario;
  readonly warnings: Diagnostic[];
  readonly errors: Diagnostic[];
  /** The bundle's scenario document, if it has one: where the loader's diagnostics go back to (relocate.ts). */
  readonly document?: ScenarioDocument;
}

/** `60000` ms as `60s`, `1500` as `1500ms`: how a person writes a Kong timeout in meshsim. */
export function formatMillis(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Seconds (Kong's unit for TTLs, windows and intervals) as a meshsim duration: `30s`, `0.5ms`. */
export function formatSeconds(s: number): string {
  // toPrecision drops binary noise (0.1 s is 100ms, not 100.00000000000001ms).
  return Number.isInteger(s) ? `${s}s` : `${Number((s * 1000).toPrecision(12))}ms`;
}
