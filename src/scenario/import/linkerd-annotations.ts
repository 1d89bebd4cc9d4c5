/**
 * Linkerd's retry and timeout annotations (2.16 and later), written on an HTTPRoute whose parent is
 * a Service, or on the Service itself. They are collected per service and applied once the whole
 * bundle is read, because two rules of Linkerd's depend on what else is there: a ServiceProfile of
 * the service wins over every annotation (the proxy then ignores them), and annotations of a route
 * win over those of its Service, per group (retries, timeouts).
 *
 * | Annotation                   | meshsim                                                              |
 * | ---------------------------- | -------------------------------------------------------------------- |
 * | `retry.linkerd.io/http`      | `retries.retryOn`: `5xx`, `gateway-error`, codes and ranges (`500-504`) |
 * | `retry.linkerd.io/limit`     | `retries.attempts` (default 1)                                       |
 * | `retry.linkerd.io/timeout`   | `retries.perTryTimeout`, and a try that times out is retried          |
 * | `timeout.linkerd.io/request` | `timeout` (the whole request, retries included)                      |
 * | `timeout.linkerd.io/response`| `retries.perTryTimeout` (each backend response; not retried)         |
 * | `timeout.linkerd.io/idle`    | warned: streams are not simulated                                    |
 * | `retry.linkerd.io/grpc`      | warned: calls are HTTP                                               |
 *
 * Annotation retries have no budget in Linkerd (the limit bounds them), so they set `budget: false`.
 */
import type { Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { didYouMean } from '../suggest';
import { warnAt, type Where } from './config-entity';
import type { MeshConfig, PolicySetting } from './mesh-config';
import { parseGoDuration } from './mesh-entity';
import { formatMillis } from './types';

/** The annotations read, each a retry or a timeout one. */
const RETRY = ['retry.linkerd.io/http', 'retry.linkerd.io/limit', 'retry.linkerd.io/timeout'];
const TIMEOUT = ['timeout.linkerd.io/request', 'timeout.linkerd.io/response', 'timeout.linkerd.io/idle'];
const KNOWN = [...RETRY, 'retry.linkerd.io/grpc', ...TIMEOUT];
/** Widest status range written out code by code (`500-599` is `5xx`). */
const MAX_RANGE = 100;

/** One resource's annotations as settings of the services it is about. */
export interface AnnotatedSettings {
  readonly services: readonly string[];
  /** `route` wins over `service`, group by group. */
  readonly scope: 'route' | 'service';
  readonly retries: readonly PolicySetting[];
  readonly timeouts: readonly PolicySetting[];
  readonly source: string;
  readonly at: Where;
}

/** A resource's `metadata.annotations`, with where each is written. */
export function annotationsOf(root: LMap, r: Reporter): Map<string, { value: string; at: Where }> {
  const out = new Map<string, { value: string; at: Where }>();
  const meta = root.entries.get('metadata')?.value;
  const node = meta?.kind === 'map' ? meta.entries.get('annotations')?.value : undefined;
  if (node?.kind !== 'map') return out;
  for (const [key, e] of node.entries) {
    const value = scalar(e.value);
    if (value !== undefined)
      out.set(key, { value, at: { r, pos: e.keyPos, path: ['metadata', 'annotations', key] } });
  }
  return out;
}

/**
 * The retry and timeout settings `root`'s annotations give the services `services`; undefined
 * when it has none. Other Linkerd-looking annotations (`*.linkerd.io/*`) are warnings.
 */
export function readAnnotations(
  root: LMap,
  r: Reporter,
  services: readonly string[],
  scope: 'route' | 'service',
  source: string,
): AnnotatedSettings | undefined {
  const notes = annotationsOf(root, r);
  for (const [key, { at }] of notes)
    if (isProxySetting(key))
      warnAt(
        at,
        `the proxy setting ${key} is not modelled: the linkerd profile gives the sidecars' defaults`,
      );
    else if (/(^|\.)linkerd\.io\//.test(key) && !KNOWN.includes(key) && !isInjection(key))
      warnAt(
        at,
        `the annotation ${key} is not one meshsim reads; left out`,
        didYouMean(key, KNOWN) ?? 'meshsim reads the retry.linkerd.io and timeout.linkerd.io annotations',
      );
  if (![...notes.keys()].some((k) => KNOWN.includes(k))) return undefined;
  if (services.length === 0) {
    for (const [key, { at }] of notes)
      if (KNOWN.includes(key))
        warnAt(at, `Linkerd reads ${key} on a Service or an HTTPRoute, not on ${source}; left out`);
    return undefined;
  }
  const get = (key: string): { value: string; at: Where } | undefined => notes.get(key);
  const retries: PolicySetting[] = [];
  const timeouts: PolicySetting[] = [];
  const grpc = get('retry.linkerd.io/grpc');
  if (grpc !== undefined) warnAt(grpc.at, 'gRPC status codes are not simulated: calls are HTTP; left out');
  const http = get('retry.linkerd.io/http');
  const limit = get('retry.linkerd.io/limit');
  const tryTimeout = get('retry.linkerd.io/timeout');
  const retryOn = http === undefined ? undefined : conditionsOf(http.value, http.at);
  if (retryOn !== undefined && http !== undefined) {
    const attempts = limit === undefined ? 1 : count(limit.value, limit.at);
    const perTry = tryTimeout === undefined ? undefined : millis(tryTimeout.value, tryTimeout.at);
    const on = perTry === undefined ? retryOn : [...retryOn, 'timeout'];
    retries.push({ leaf: 'retries.retryOn', value: on, at: http.at });
    retries.push({ leaf: 'retries.attempts', value: attempts ?? 1, at: limit?.at ?? http.at });
    if (perTry !== undefined)
      retries.push({ leaf: 'retries.perTryTimeout', value: perTry, at: tryTimeout!.at });
    retries.push({ leaf: 'retries.budget', value: false, at: http.at });
  } else
    for (const a of [limit, tryTimeout])
      if (a !== undefined)
        warnAt(
          a.at,
          'no retry.linkerd.io/http condition, so Linkerd retries nothing and this annotation has no effect; left out',
        );
  const request = get('timeout.linkerd.io/request');
  const total = request === undefined ? undefined : millis(request.value, request.at);
  if (total !== undefined) timeouts.push({ leaf: 'timeout', value: total, at: request!.at });
  const response = get('timeout.linkerd.io/response');
  const each = response === undefined ? undefined : millis(response.value, response.at);
  if (each !== undefined) {
    if (retries.some((s) => s.leaf === 'retries.perTryTimeout'))
      warnAt(
        response!.at,
        'retry.linkerd.io/timeout already bounds each try in meshsim, which has one per-try timeout; left out',
      );
    else timeouts.push({ leaf: 'retries.perTryTimeout', value: each, at: response!.at });
  }
  const idle = get('timeout.linkerd.io/idle');
  if (idle !== undefined)
    warnAt(idle.at, 'an idle timeout cuts streams that stall, and simulated replies do not stall; left out');
  if (retries.length === 0 && timeouts.length === 0) return undefined;
  const at = (http ?? request ?? response)!.at;
  return { services, scope, retries, timeouts, source, at };
}

/**
 * Applies the collected annotations: a service with a ServiceProfile (in `profiled`) ignores them
 * (warned), and a route's annotations win over its Service's, group by group.
 */
export function applyAnnotations(
  all: readonly AnnotatedSettings[],
  profiled: ReadonlyMap<string, string>,
  mesh: MeshConfig,
): void {
  const byRoute = new Map<string, Set<'retries' | 'timeouts'>>();
  for (const a of all)
    if (a.scope === 'route')
      for (const s of a.services) {
        const groups = byRoute.get(s) ?? new Set();
        if (a.retries.length > 0) groups.add('retries');
        if (a.timeouts.length > 0) groups.add('timeouts');
        byRoute.set(s, groups);
      }
  for (const a of all)
    for (const service of a.services) {
      const profile = profiled.get(service);
      if (profile !== undefined) {
        warnAt(
          a.at,
          `${profile} is defined for ${service}, so Linkerd's proxies take its retries and timeouts and ignore these annotations; left out`,
        );
        continue;
      }
      const route = a.scope === 'service' ? byRoute.get(service) : undefined;
      for (const group of ['retries', 'timeouts'] as const) {
        if (route?.has(group) ?? false) {
          if (a[group].length > 0)
            warnAt(
              a[group][0].at,
              `an HTTPRoute of ${service} has ${group} annotations, which win over the Service's; left out`,
            );
          continue;
        }
        for (const s of a[group]) mesh.setRoute(service, s, a.source);
      }
    }
}

/** The retry conditions of `retry.linkerd.io/http`: `5xx`, `gateway-error`, codes and ranges. */
function conditionsOf(text: string, at: Where): string[] | undefined {
  const out: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    if (part === '5xx' || part === 'gateway-error') {
      out.push(part);
      continue;
    }
    const m = /^([1-5]\d\d)(?:-([1-5]\d\d))?$/.exec(part);
    const from = m === null ? NaN : Number(m[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!(to >= from) || to - from >= MAX_RANGE) {
      warnAt(
        at,
        `"${part}" is not a retry condition: 5xx, gateway-error, a status code or a range such as 500-504; left out`,
      );
      continue;
    }
    if (from === 500 && to === 599) out.push('5xx');
    else for (let code = from; code <= to; code++) out.push(String(code));
  }
  if (out.length === 0) warnAt(at, 'no retry condition meshsim reads, so nothing is retried; left out');
  return out.length === 0 ? undefined : [...new Set(out)];
}

function count(text: string, at: Where): number | undefined {
  const n = Number(text);
  if (Number.isInteger(n) && n >= 0 && n <= 1000) return n;
  warnAt(
    at,
    `retry.linkerd.io/limit "${text}" is not a whole number of retries; read as 1, Linkerd's default`,
  );
  return undefined;
}

function millis(text: string, at: Where): string | undefined {
  const ms = parseGoDuration(text);
  if (ms !== undefined && ms > 0 && Number.isFinite(ms)) return formatMillis(ms);
  warnAt(at, `"${text}" is not a duration such as 250ms or 10s; left out`);
  return undefined;
}

/** The annotation that sets what pods allow where no Server selects them. */
export const DEFAULT_INBOUND_POLICY = 'config.linkerd.io/default-inbound-policy';

/**
 * The `config.linkerd.io/default-inbound-policy` of a namespace or a workload's pods (their
 * template's annotations, else the resource's), warning about the proxy's other settings there.
 */
export function proxyAnnotations(root: LMap, r: Reporter): { value: string; at: Where } | undefined {
  const spec = root.entries.get('spec')?.value;
  const template = spec?.kind === 'map' ? spec.entries.get('template')?.value : undefined;
  const own = annotationsOf(root, r);
  const pods =
    template?.kind === 'map' ? annotationsOf(template, r) : new Map<string, { value: string; at: Where }>();
  // The resource's own annotations are warned by readAnnotations; the pods' are here.
  for (const [key, a] of pods)
    if (isProxySetting(key))
      warnAt(
        { ...a.at, path: ['spec', 'template', ...a.at.path] },
        `the proxy setting ${key} is not modelled: the linkerd profile gives the sidecars' defaults`,
      );
  return pods.get(DEFAULT_INBOUND_POLICY) ?? own.get(DEFAULT_INBOUND_POLICY);
}

/** A proxy setting other than the default inbound policy, which is read. */
function isProxySetting(key: string): boolean {
  return (
    key !== DEFAULT_INBOUND_POLICY &&
    (key.startsWith('config.linkerd.io/') || key.startsWith('config.alpha.linkerd.io/'))
  );
}

/** `linkerd.io/inject` and the default inbound policy, read elsewhere. */
function isInjection(key: string): boolean {
  return key === 'linkerd.io/inject' || key === DEFAULT_INBOUND_POLICY;
}

function scalar(node: LNode): string | undefined {
  if (node.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}
