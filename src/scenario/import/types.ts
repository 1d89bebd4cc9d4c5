/**
 * What an import produces: a scenario document in meshsim's own file format (docs/scenario-format.md),
 * as plain values ready to be written as YAML and read back by `loadScenario`, with the diagnostics
 * of the import. Durations are written with their unit (`60s`, `1500ms`) so the output reads as a
 * person would write it.
 */
import type { Diagnostic } from '../diagnostics';

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
  readonly retries: RawRetries;
  readonly plugins?: RawPlugin[];
  /** From the Kong upstream's `algorithm`; absent: round robin. */
  readonly loadBalancer?: string;
  /** From the Kong upstream's `healthchecks`. */
  readonly healthchecks?: Record<string, unknown>;
}

/** The gateway section. */
export interface RawGateway {
  readonly id: string;
  readonly profile: 'kong';
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
}

/** A mesh destination's retries. */
export interface RawMeshRetries {
  attempts?: number;
  /** A duration such as `2s`. */
  perTryTimeout?: string;
  retryOn?: string[];
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
  fault?: {
    delay?: { percentage: number; fixedDelay: string };
    abort?: { percentage: number; httpStatus: number };
  };
  split?: { service: string; weight: number }[];
  mirror?: { service: string; percentage: number };
}

/** One rule of `mesh.authorization`. */
export interface RawAuthorizationRule {
  readonly service: string;
  readonly action: 'ALLOW' | 'DENY';
  /** Caller ids, or `*`; absent: any caller; empty: none. */
  readonly from?: string[];
  /** Path prefixes. */
  readonly paths?: string[];
  readonly methods?: string[];
}

/** The mesh section made from Istio or Consul config. */
export interface RawMesh {
  enabled: boolean;
  profile: 'istio' | 'consul';
  mtls?: { mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' };
  authorization?: RawAuthorizationRule[];
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
