/**
 * Envoy `retry_on` conditions, as Istio's `retryOn` and Consul's `RetryOn` write them, narrowed to
 * the ones meshsim's sidecars know: `5xx`, `gateway-error`, `reset`, `connect-failure`,
 * `refused-stream`, `retriable-4xx` and bare status codes (`503`, kept as strings). The others are
 * dropped, each with a warning that says why it cannot happen in a simulation.
 */
import { warnAt, type Where } from './config-entity';

/** Conditions meshsim's mesh retries take as they are. */
export const MESH_RETRY_ON: readonly string[] = [
  '5xx',
  'gateway-error',
  'reset',
  'connect-failure',
  'refused-stream',
  'retriable-4xx',
];

const GRPC = 'a gRPC status, which simulated HTTP calls never carry';
const DROPPED: Readonly<Record<string, string>> = {
  cancelled: GRPC,
  'deadline-exceeded': GRPC,
  internal: GRPC,
  'resource-exhausted': GRPC,
  unavailable: GRPC,
  'retriable-headers': 'response headers are not simulated',
  'envoy-ratelimited': 'simulated sidecars do not rate-limit',
  'reset-before-request': 'meshsim does not tell a reset before the request was sent from one after',
  'http3-post-connect-failure': 'HTTP/3 is not simulated',
};

/**
 * The conditions of `values` meshsim keeps, without repeats; each other one is a warning at `at`.
 * `retriable-status-codes` only turns on the codes listed beside it, which are kept themselves.
 */
export function retryConditions(values: readonly string[], at: Where): string[] {
  const out: string[] = [];
  const hasCodes = values.some(isStatusCode);
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    if (MESH_RETRY_ON.includes(v) || isStatusCode(v)) {
      if (!out.includes(v)) out.push(v);
    } else if (v === 'retriable-status-codes') {
      if (!hasCodes)
        warnAt(
          at,
          'retry condition "retriable-status-codes" lists no status codes, so it retries nothing; left out',
        );
    } else {
      const why = Object.hasOwn(DROPPED, v) ? DROPPED[v] : 'not an Envoy retry condition meshsim knows';
      warnAt(at, `retry condition "${v}" is left out: ${why}`);
    }
  }
  return out;
}

function isStatusCode(v: string): boolean {
  return /^[1-5]\d\d$/.test(v.trim());
}
