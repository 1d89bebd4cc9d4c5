import {
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_GATEWAY,
  CAUSE_NO_UPSTREAM,
  CAUSE_OVERFLOW,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_RESET,
  CAUSE_POOL_OVERFLOW,
  CAUSE_BREAKER_OPEN,
  CAUSE_FAULT,
  CAUSE_DENIED,
  CAUSE_NO_ROUTE,
  CAUSE_UNAUTHENTICATED,
} from './constants';

/** Why a call ended as a trace says it; undefined for a plain answer (success or application error). */
export function causeText(cause: number): string | undefined {
  switch (cause) {
    case CAUSE_CONNECT:
      return 'connection refused: the instance is down';
    case CAUSE_OVERFLOW:
      return 'queue full';
    case CAUSE_RESET:
      return 'connection reset: the instance crashed';
    case CAUSE_PER_TRY_TIMEOUT:
      return 'per-try timeout';
    case CAUSE_DEADLINE:
      return 'deadline passed';
    case CAUSE_GATEWAY:
      return 'answered by the gateway';
    case CAUSE_NO_UPSTREAM:
      return 'no healthy upstream';
    case CAUSE_POOL_OVERFLOW:
      return 'connection pool overflow (x-envoy-overloaded)';
    case CAUSE_BREAKER_OPEN:
      return 'circuit breaker open';
    case CAUSE_FAULT:
      return 'injected fault';
    case CAUSE_DENIED:
      return 'RBAC: access denied';
    case CAUSE_NO_ROUTE:
      return 'no route (NR): no route of the service matches the request';
    case CAUSE_UNAUTHENTICATED:
      return 'Jwt verification fails';
    default:
      return undefined;
  }
}
