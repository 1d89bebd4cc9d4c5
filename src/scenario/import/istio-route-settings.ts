/**
 * The settings of a VirtualService's modelled route: `retries` (attempts, perTryTimeout, retryOn
 * narrowed to the conditions meshsim knows, backoff and retryIgnorePreviousHosts), `fault` (delay
 * and abort with their percentages) and `mirror`, each a policy setting of the route's hosts.
 */
import type { IstioResource } from './istio';
import { MAX_IMPORTED_RETRIES } from './kong';
import { warnAt } from './config-entity';
import { hostService, type PolicySetting } from './mesh-config';
import type { MeshEntity } from './mesh-entity';
import { retryConditions } from './mesh-retry-on';
import { formatMillis } from './types';

/** The fields of a `destination` and of a `mirror`. */
export const DESTINATION_FIELDS = ['host', 'subset', 'port'];
const RETRY_FIELDS = [
  'attempts',
  'perTryTimeout',
  'retryOn',
  'retryRemoteLocalities',
  'retryIgnorePreviousHosts',
  'backoff',
];
const PERCENT = { min: 0, max: 100 };
const COUNT = { min: 0, max: 2 ** 31 - 1 };

/** The service of a `destination` (or `mirror`): the host's, or its subset's. */
export function destinationService(dst: MeshEntity, res: IstioResource): string | undefined {
  const host = dst.str('host');
  const subset = dst.str('subset');
  // A meshsim service has one port: naming it changes nothing.
  dst.use('port');
  dst.finish();
  if (host === undefined) {
    if (!dst.has('host'))
      dst.r.error(dst.node.pos, dst.path, { message: 'a destination needs host', expected: 'host: reviews' });
    return undefined;
  }
  const id = hostService(host);
  if (subset === undefined) return id;
  res.ctx.routed.push({ service: id, subset, at: dst.valueAt('subset') });
  return res.mesh.addSubset(id, subset);
}

/** The route's `retries`, as Istio hands them to Envoy. */
export function retriesOf(e: MeshEntity): PolicySetting[] {
  const rt = e.child('retries', 'retries', RETRY_FIELDS);
  if (rt === undefined) return [];
  let attempts = rt.int('attempts', COUNT);
  const perTry = rt.duration('perTryTimeout', true);
  const retryOn = rt.str('retryOn');
  rt.note('retryRemoteLocalities', 'localities are not simulated');
  const otherHost = rt.bool('retryIgnorePreviousHosts');
  const backoff = rt.duration('backoff', true);
  rt.finish();
  if (attempts === undefined) {
    if (rt.has('attempts')) return [];
    warnAt(rt.at(), 'retries without attempts: Istio turns retries off (attempts: 0)');
    attempts = 0;
  }
  if (attempts > MAX_IMPORTED_RETRIES) {
    warnAt(
      rt.at('attempts'),
      `${attempts} retries are cut to ${MAX_IMPORTED_RETRIES}: more only multiply the simulated events`,
    );
    attempts = MAX_IMPORTED_RETRIES;
  }
  const out: PolicySetting[] = [];
  let conditions: string[] | undefined;
  if (retryOn !== undefined) {
    conditions = retryConditions(retryOn.split(','), rt.at('retryOn'));
    if (conditions.length === 0 && attempts > 0) {
      warnAt(rt.at('retryOn'), 'none of these retry conditions can happen in the simulation: attempts: 0');
      attempts = 0;
    }
  }
  out.push({ leaf: 'retries.attempts', value: attempts, at: rt.at('attempts') });
  if (perTry !== undefined)
    out.push({ leaf: 'retries.perTryTimeout', value: formatMillis(perTry), at: rt.at('perTryTimeout') });
  if (conditions !== undefined && conditions.length > 0)
    out.push({ leaf: 'retries.retryOn', value: conditions, at: rt.at('retryOn') });
  // Envoy's base interval; the cap stays the profile's.
  if (backoff !== undefined)
    out.push({ leaf: 'retries.backoff', value: { base: formatMillis(backoff) }, at: rt.at('backoff') });
  if (otherHost !== undefined)
    out.push({ leaf: 'retries.otherHost', value: otherHost, at: rt.at('retryIgnorePreviousHosts') });
  return out;
}

/** `percentage: { value }`, or the older whole-number `percent`. */
function percentOf(e: MeshEntity): number | undefined {
  const p = e.child('percentage', 'percentage', ['value']);
  const value = p?.num('value', PERCENT);
  p?.finish();
  if (p !== undefined) {
    e.note('percent', 'percentage is written too, and wins');
    return value ?? (p.has('value') ? undefined : 0);
  }
  return e.int('percent', PERCENT);
}

/** The route's `fault`: a delay and an abort, each for a percentage of the calls. */
export function faultOf(e: MeshEntity): PolicySetting[] {
  const f = e.child('fault', 'fault', ['delay', 'abort']);
  if (f === undefined) return [];
  const out: PolicySetting[] = [];
  const d = f.child('delay', 'fault delay', ['fixedDelay', 'exponentialDelay', 'percentage', 'percent']);
  if (d !== undefined) {
    const fixedDelay = d.duration('fixedDelay');
    const percentage = percentOf(d);
    d.note('exponentialDelay', 'exponential delays are not modelled');
    d.finish();
    if (fixedDelay === undefined) {
      if (!d.has('fixedDelay')) warnAt(d.at(), 'a delay without fixedDelay is left out');
    } else if (percentage === undefined) {
      if (!d.has('percentage') && !d.has('percent'))
        warnAt(d.at(), 'a delay without percentage delays no request in Istio; left out');
    } else
      out.push({
        leaf: 'fault.delay',
        value: { percentage, fixedDelay: formatMillis(fixedDelay) },
        at: f.at('delay'),
      });
  }
  const a = f.child('abort', 'fault abort', [
    'httpStatus',
    'grpcStatus',
    'http2Error',
    'percentage',
    'percent',
  ]);
  if (a !== undefined) {
    const httpStatus = a.int('httpStatus', { min: 200, max: 599 });
    const percentage = percentOf(a);
    a.note('grpcStatus', 'gRPC statuses are not simulated');
    a.note('http2Error', 'HTTP/2 errors are not simulated');
    a.finish();
    if (httpStatus === undefined) {
      if (!a.has('httpStatus')) warnAt(a.at(), 'an abort without httpStatus is left out');
    } else if (percentage === undefined) {
      if (!a.has('percentage') && !a.has('percent'))
        warnAt(a.at(), 'an abort without percentage aborts no request in Istio; left out');
    } else out.push({ leaf: 'fault.abort', value: { percentage, httpStatus }, at: f.at('abort') });
  }
  f.finish();
  return out;
}

/** `mirror` (or the first of `mirrors`) with its percentage, 100 when none is written. */
export function mirrorOf(
  e: MeshEntity,
  res: IstioResource,
): { service: string; setting: PolicySetting } | undefined {
  const m = e.child('mirror', 'mirror', DESTINATION_FIELDS);
  const pct = e.child('mirrorPercentage', 'mirrorPercentage', ['value']);
  let percentage = pct?.num('value', PERCENT);
  pct?.finish();
  for (const k of ['mirrorPercent', 'mirror_percent']) {
    const old = e.int(k, PERCENT);
    if (percentage === undefined) percentage = old;
  }
  let service = m === undefined ? undefined : destinationService(m, res);
  let at = e.at('mirror');
  e.children('mirrors', 'mirror', ['destination', 'percentage']).forEach(({ e: x, i }) => {
    if (m !== undefined || i > 0) {
      warnAt(x.at(), 'meshsim mirrors to one service; left out');
      x.use('destination');
      x.use('percentage');
      return;
    }
    const dst = x.child('destination', 'destination', DESTINATION_FIELDS);
    service = dst === undefined ? undefined : destinationService(dst, res);
    percentage = percentOf(x);
    at = x.at();
    x.finish();
  });
  if (service === undefined) {
    if (percentage !== undefined)
      warnAt(e.at('mirrorPercentage'), 'a mirror percentage without a mirror is left out');
    return undefined;
  }
  return { service, setting: { leaf: 'mirror', value: { service, percentage: percentage ?? 100 }, at } };
}
