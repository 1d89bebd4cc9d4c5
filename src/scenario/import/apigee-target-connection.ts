/**
 * A TargetEndpoint's `HTTPTargetConnection`: its URL, or its LoadBalancer of TargetServers with the
 * algorithm, failures, retries and health monitor, and the endpoint properties that time it out.
 * `apigee.ts` turns it into a stub service and the route fields that reach it.
 */
import type { Path, Reporter } from '../diagnostics';
import { warnAt } from './config-entity';
import { ApigeeEntity } from './apigee-entity';
import type { XmlElement } from './apigee-xml';

/** A LoadBalancer server: a TargetServer named in the environment. */
export interface LbServer {
  readonly name: string;
  readonly weight?: number;
}

/** What an `HTTPTargetConnection` says. */
export interface TargetConnection {
  readonly url?: string;
  readonly servers: readonly LbServer[];
  readonly algorithm?: string;
  readonly maxFailures?: number;
  readonly retryEnabled?: boolean;
  readonly unhealthyCodes?: readonly number[];
  readonly healthMonitorMs?: number;
  /** `io.timeout.millis`. */
  readonly ioTimeoutMs?: number;
}

/** Reads an `HTTPTargetConnection` at `path`. */
export function readConnection(conn: XmlElement, r: Reporter, path: Path): TargetConnection {
  const c = new ApigeeEntity(
    conn,
    r,
    'HTTPTargetConnection',
    ['URL', 'LoadBalancer', 'Properties', 'SSLInfo', 'Path', 'Authentication'],
    [],
    path,
  );
  const url = c.text('URL');
  c.note('SSLInfo', 'meshsim does not model TLS to the target');
  c.note('Authentication', 'Google authentication tokens cost nothing meshsim measures');
  c.use('Path'); // the path on the servers: routing is the same
  let ioTimeoutMs: number | undefined;
  const props = c.child('Properties');
  for (const p of props?.children ?? []) {
    const key = p.attrs.get('name')?.value ?? '';
    const at = { r, pos: p.pos, path: [...path, 'Properties', key] };
    if (key === 'io.timeout.millis') {
      if (/^\d+$/.test(p.text) && Number(p.text) > 0) ioTimeoutMs = Number(p.text);
      else
        warnAt(
          at,
          `io.timeout.millis ${JSON.stringify(p.text)} is not a positive whole number of ms; Apigee's 55 s is used`,
        );
    } else if (key === 'connect.timeout.millis')
      warnAt(
        at,
        'connect.timeout.millis is not modelled, left out: meshsim connections to a target open at once',
      );
    else warnAt(at, `the endpoint property ${key} is not modelled, left out`);
  }
  const lb = c.child('LoadBalancer');
  c.finish();
  if (lb === undefined) return { url, servers: [], ioTimeoutMs };
  const l = new ApigeeEntity(
    lb,
    r,
    'LoadBalancer',
    [
      'Algorithm',
      'Server',
      'MaxFailures',
      'RetryEnabled',
      'ServerUnhealthyResponse',
      'HealthMonitor',
      'TargetDisableSecs',
    ],
    [],
    [...path, 'LoadBalancer'],
  );
  const algorithm = l.text('Algorithm');
  const servers = l.children('Server').map((s) => {
    const weight = s.children.find((x) => x.name === 'Weight')?.text;
    for (const x of s.children.filter((x) => x.name !== 'Weight' && x.name !== 'IsFallback'))
      warnAt(
        { r, pos: x.pos, path: [...path, 'LoadBalancer', 'Server', x.name] },
        `Server's ${x.name} is not modelled, left out`,
      );
    if (s.children.some((x) => x.name === 'IsFallback' && x.text === 'true'))
      warnAt(
        { r, pos: s.pos, path: [...path, 'LoadBalancer', 'Server'] },
        'IsFallback is not modelled: the fallback server takes its share like the others',
      );
    return {
      name: s.attrs.get('name')?.value ?? 'server',
      ...(weight !== undefined && /^\d+$/.test(weight) ? { weight: Number(weight) } : {}),
    };
  });
  const maxFailures = l.int('MaxFailures', 0);
  const retryEnabled = l.bool('RetryEnabled');
  const unhealthy = l.child('ServerUnhealthyResponse');
  const unhealthyCodes = unhealthy?.children
    .filter((x) => x.name === 'ResponseCode')
    .map((x) => Number(x.text))
    .filter((n) => n >= 100 && n <= 599);
  const monitor = l.child('HealthMonitor');
  let healthMonitorMs: number | undefined;
  if (monitor !== undefined) {
    const every = monitor.children.find((x) => x.name === 'IntervalInSec')?.text;
    if (every !== undefined && /^\d+$/.test(every) && Number(every) > 0)
      healthMonitorMs = Number(every) * 1000;
    warnAt(
      l.at('HealthMonitor'),
      'HealthMonitor: its probes are modelled as active checks every IntervalInSec that bring a server back after one good probe; what they send is not',
    );
  }
  l.note('TargetDisableSecs', 'meshsim keeps a server out until a health probe brings it back');
  l.finish();
  return { url, servers, algorithm, maxFailures, retryEnabled, unhealthyCodes, healthMonitorMs, ioTimeoutMs };
}
