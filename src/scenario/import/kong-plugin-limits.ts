/**
 * Kong's rate-limiting and rate-limiting-advanced configs as meshsim's limiters: the periods and
 * limits (whole requests), what they count by, and where the counter lives.
 */
import { RATE_LIMIT_PERIODS } from '../schema/plugins';
import { didYouMean } from '../suggest';
import { warnAt } from './config-entity';
import type { KongEntity } from './kong-entity';
import { formatSeconds } from './types';

type Fields = Record<string, unknown>;

const LIMIT_BY = ['consumer', 'credential', 'ip', 'service', 'header', 'path', 'consumer-group'];

/** A whole number of requests from Kong's number limits, warning when a fraction is cut. */
function wholeLimit(c: KongEntity, key: string, v: number): number {
  if (v <= 0) {
    // Kong's schemas require limits above 0 (`gt = 0`): such a file does not load in Kong either.
    c.r.error(c.node.pos, [...c.path, key], { message: `${key} must be above 0 (Kong refuses it too)` });
    return 1;
  }
  const n = Math.max(1, Math.floor(v));
  if (n !== v) warnAt(c.valueAt(key), `meshsim counts whole requests: ${v} becomes ${n}`);
  return n;
}

/** rate-limiting: periods, `limit_by`, `header_name`, `policy`, `sync_rate`. */
export const rateLimiting = (c: KongEntity): Fields | undefined => {
  const out: Fields = {};
  for (const p of RATE_LIMIT_PERIODS) {
    const v = c.num(p, 0, Number.MAX_SAFE_INTEGER);
    if (v !== undefined) out[p] = wholeLimit(c, p, v);
  }
  if (!RATE_LIMIT_PERIODS.some((p) => c.has(p))) {
    c.r.error(c.node.pos, c.path, {
      message: 'rate-limiting needs a limit for at least one period (Kong refuses it too)',
      expected: `one of ${RATE_LIMIT_PERIODS.join(', ')}`,
    });
    return undefined;
  }
  const limitBy = limitByOf(c, 'limit_by');
  if (limitBy !== undefined) out.limit_by = limitBy;
  const header = c.str('header_name');
  if (header !== undefined) out.header_name = header;
  const policy = c.str('policy');
  if (policy === 'local' || policy === 'cluster') out.policy = policy;
  else if (policy === 'redis') {
    warnAt(c.at('policy'), 'redis is modelled as cluster: one counter shared by every gateway instance');
    out.policy = 'cluster';
  } else if (policy !== undefined) badEnum(c, 'policy', policy, ['local', 'cluster', 'redis']);
  const syncRate = c.num('sync_rate', -Infinity);
  // -1 (Kong's default) and 0 update the shared counter with each request.
  if (syncRate !== undefined) out.syncDelay = syncRate > 0 ? formatSeconds(syncRate) : '0s';
  c.finish({
    path: 'limit_by path counts each request path apart',
    error_code: 'meshsim answers 429',
    error_message: 'response bodies are not simulated',
    hide_client_headers: 'rate-limit headers are recorded either way',
  });
  return out;
};

/** rate-limiting-advanced: the first limit and window, `window_type`, `identifier`. */
export const rateLimitingAdvanced = (c: KongEntity): Fields | undefined => {
  const limits = numbers(c, 'limit');
  const windows = numbers(c, 'window_size');
  if (limits === undefined || windows === undefined || limits.length === 0 || windows.length === 0) {
    if (!c.has('limit') || !c.has('window_size'))
      c.r.error(c.node.pos, c.path, {
        message: 'rate-limiting-advanced needs limit and window_size (Kong refuses it too)',
        expected: 'limit: [100], window_size: [60]',
      });
    return undefined;
  }
  if (limits.length > 1 || windows.length > 1)
    warnAt(
      c.at('limit'),
      `only the first limit (${limits[0]} per ${windows[0]} s) is modelled; Kong enforces every limit and window pair`,
    );
  if (
    !(limits[0] >= 0 && limits[0] <= Number.MAX_SAFE_INTEGER) ||
    !(windows[0] >= 0.001 && windows[0] <= 1e9)
  ) {
    c.r.error(c.node.pos, c.path, {
      message: 'limit must be >= 0 and window_size from 0.001 to 1e9 seconds',
    });
    return undefined;
  }
  const out: Fields = { limit: wholeLimit(c, 'limit', limits[0]), window: formatSeconds(windows[0]) };
  const type = c.str('window_type');
  if (type === 'sliding' || type === 'fixed') out.window_type = type;
  else if (type !== undefined) badEnum(c, 'window_type', type, ['sliding', 'fixed']);
  const limitBy = limitByOf(c, 'identifier');
  if (limitBy !== undefined) out.limit_by = limitBy;
  c.finish({
    disable_penalty: 'meshsim counts rejected requests, as Kong does by default',
    error_code: 'meshsim answers 429',
    error_message: 'response bodies are not simulated',
  });
  return out;
};

function limitByOf(c: KongEntity, key: string): string | undefined {
  const v = c.str(key);
  if (v === undefined) return undefined;
  if (LIMIT_BY.includes(v)) return v;
  badEnum(c, key, v, LIMIT_BY);
  return undefined;
}

function badEnum(c: KongEntity, key: string, found: string, allowed: readonly string[]): void {
  const w = c.valueAt(key);
  c.r.error(w.pos, w.path, {
    message: `is not one of ${allowed.join(', ')}`,
    expected: `one of ${allowed.join(', ')}`,
    found: JSON.stringify(found),
    hint: didYouMean(found, allowed),
  });
}

/** A list of numbers (a single number counts as a list of one, as Kong's dumps sometimes write it). */
function numbers(c: KongEntity, key: string): number[] | undefined {
  const v = c.take(key);
  if (v === undefined) return undefined;
  const items = v.kind === 'seq' ? v.items : [v];
  const out: number[] = [];
  for (const item of items) {
    if (item.kind === 'scalar' && typeof item.value === 'number' && Number.isFinite(item.value))
      out.push(item.value);
    else {
      c.r.error(item.pos, [...c.path, key], { message: 'must be a list of numbers', expected: 'e.g. [100]' });
      return undefined;
    }
  }
  return out;
}
