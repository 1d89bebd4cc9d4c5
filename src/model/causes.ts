import {
  CAUSE_CONNECT,
  CAUSE_DEADLINE,
  CAUSE_GATEWAY,
  CAUSE_NO_UPSTREAM,
  CAUSE_OVERFLOW,
  CAUSE_PER_TRY_TIMEOUT,
  CAUSE_RESET,
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
    default:
      return undefined;
  }
}
