/**
 * Apigee ProxyEndpoints (`apiproxy/proxies/*.xml`) and TargetEndpoints (`apiproxy/targets/*.xml`)
 * read into plain records: their flows of policy steps with conditions, route rules, base path, and
 * the target's connection (a URL, or a LoadBalancer of servers with its algorithm, failures and
 * retries) with its timeouts. `apigee.ts` turns them into routes; every element met here is read,
 * or warned about at its place.
 */
import type { Reporter } from '../diagnostics';
import { warnAt, type Where } from './config-entity';
import { didYouMean } from '../suggest';
import { ApigeeEntity } from './apigee-entity';
import type { XmlElement } from './apigee-xml';

/** A Condition as written, with its place. */
export interface WrittenCondition {
  readonly text: string;
  readonly at: Where;
}

/** A policy attached in a flow. */
export interface FlowStep {
  readonly policy: string;
  readonly condition?: WrittenCondition;
  readonly onResponse: boolean;
  readonly at: Where;
}

/** A conditional flow. */
export interface ConditionalFlow {
  readonly name: string;
  readonly condition?: WrittenCondition;
  readonly steps: readonly FlowStep[];
  readonly at: Where;
}

/** The flows of an endpoint. */
export interface EndpointFlows {
  readonly preFlow: readonly FlowStep[];
  readonly flows: readonly ConditionalFlow[];
  readonly postFlow: readonly FlowStep[];
}

/** A RouteRule: a target endpoint by name, a URL, or neither (a null route). */
export interface RouteRule {
  readonly name: string;
  readonly condition?: WrittenCondition;
  readonly target?: string;
  readonly url?: string;
  readonly at: Where;
}

/** A ProxyEndpoint. */
export interface ProxyEndpoint extends EndpointFlows {
  readonly name: string;
  /** '' for `/`. */
  readonly basePath: string;
  readonly rules: readonly RouteRule[];
  readonly at: Where;
}

/** A LoadBalancer server: a TargetServer named in the environment. */
export interface LbServer {
  readonly name: string;
  readonly weight?: number;
}

/** A TargetEndpoint. */
export interface TargetEndpoint extends EndpointFlows {
  readonly name: string;
  readonly url?: string;
  readonly servers: readonly LbServer[];
  readonly algorithm?: string;
  readonly maxFailures?: number;
  readonly retryEnabled?: boolean;
  readonly unhealthyCodes?: readonly number[];
  readonly healthMonitorMs?: number;
  /** `io.timeout.millis`. */
  readonly ioTimeoutMs?: number;
  readonly at: Where;
}

const FLOW_PARTS = ['PreFlow', 'Flows', 'PostFlow'];
const FAULTS = 'fault rules handle errors after they happen; meshsim answers with the status the error has';

/** Reads a ProxyEndpoint's root element. */
export function readProxyEndpoint(el: XmlElement, r: Reporter): ProxyEndpoint {
  const name = el.attrs.get('name')?.value ?? 'default';
  const e = new ApigeeEntity(
    el,
    r,
    `ProxyEndpoint "${name}"`,
    [
      'Description',
      ...FLOW_PARTS,
      'PostClientFlow',
      'FaultRules',
      'DefaultFaultRule',
      'HTTPProxyConnection',
      'RouteRule',
    ],
    ['name'],
  );
  e.use('@name', 'Description');
  e.note('FaultRules', FAULTS);
  e.note('DefaultFaultRule', FAULTS);
  e.note('PostClientFlow', 'it runs after the response has left (logging); it adds no latency');
  const flows = readFlows(e);
  let basePath = '';
  const conn = e.child('HTTPProxyConnection');
  if (conn !== undefined) {
    const c = new ApigeeEntity(
      conn,
      r,
      'HTTPProxyConnection',
      ['BasePath', 'VirtualHost', 'Properties'],
      [],
      [...e.path, 'HTTPProxyConnection'],
    );
    basePath = (c.text('BasePath') ?? '').replace(/\/+$/, '');
    c.use('VirtualHost'); // every virtual host reaches the one meshsim gateway
    c.note('Properties', 'connection properties tune the runtime, which meshsim does not model');
    c.finish();
  }
  const rules = e.children('RouteRule').map((rule, i) => {
    const rr = new ApigeeEntity(
      rule,
      r,
      'RouteRule',
      ['Condition', 'TargetEndpoint', 'URL'],
      ['name'],
      [...e.path, 'RouteRule', i],
    );
    const out: RouteRule = {
      name: rr.attr('name') ?? `rule-${i + 1}`,
      condition: condition(rr),
      target: rr.text('TargetEndpoint'),
      url: rr.text('URL'),
      at: rr.at(),
    };
    rr.finish();
    return out;
  });
  e.finish();
  return { name, basePath, rules, at: e.at(), ...flows };
}

/** Reads a TargetEndpoint's root element. */
export function readTargetEndpoint(el: XmlElement, r: Reporter): TargetEndpoint {
  const name = el.attrs.get('name')?.value ?? 'default';
  const e = new ApigeeEntity(
    el,
    r,
    `TargetEndpoint "${name}"`,
    [
      'Description',
      ...FLOW_PARTS,
      'FaultRules',
      'DefaultFaultRule',
      'HTTPTargetConnection',
      'LocalTargetConnection',
      'ScriptTarget',
      'HostedTarget',
    ],
    ['name'],
  );
  e.use('@name', 'Description');
  e.note('FaultRules', FAULTS);
  e.note('DefaultFaultRule', FAULTS);
  e.note('LocalTargetConnection', 'proxy chaining: meshsim reads one proxy');
  e.note('ScriptTarget', 'a Node.js target runs inside Apigee; meshsim has no such service');
  e.note('HostedTarget', 'a hosted target runs inside Apigee; meshsim has no such service');
  const flows = readFlows(e);
  const conn = e.child('HTTPTargetConnection');
  let target: Omit<TargetEndpoint, 'name' | 'at' | keyof EndpointFlows> = { servers: [] };
  if (conn !== undefined) target = readConnection(conn, r, [...e.path, 'HTTPTargetConnection']);
  else warnAt(e.at(), `TargetEndpoint "${name}" has no HTTPTargetConnection: no service behind it`);
  e.finish();
  return { name, at: e.at(), ...flows, ...target };
}

function readConnection(
  conn: XmlElement,
  r: Reporter,
  path: (string | number)[],
): Omit<TargetEndpoint, 'name' | 'at' | keyof EndpointFlows> {
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
    if (key === 'io.timeout.millis' && /^\d+$/.test(p.text) && Number(p.text) > 0)
      ioTimeoutMs = Number(p.text);
    else if (key === 'connect.timeout.millis')
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

function condition(e: ApigeeEntity): WrittenCondition | undefined {
  const text = e.text('Condition');
  return text === undefined ? undefined : { text, at: e.at('Condition') };
}

function readFlows(e: ApigeeEntity): EndpointFlows {
  const part = (name: string) => {
    const el = e.child(name);
    return el === undefined
      ? []
      : readSteps(
          new ApigeeEntity(
            el,
            e.r,
            name,
            ['Request', 'Response', 'Description'],
            ['name'],
            [...e.path, name],
          ),
        );
  };
  const flowsEl = e.child('Flows');
  for (const other of (flowsEl?.children ?? []).filter((f) => f.name !== 'Flow'))
    warnAt(
      { r: e.r, pos: other.pos, path: [...e.path, 'Flows', other.name] },
      `${other.name} is not an element of Flows; left out`,
      didYouMean(other.name, ['Flow']),
    );
  const flows = (flowsEl?.children ?? [])
    .filter((f) => f.name === 'Flow')
    .map((f, i) => {
      const fe = new ApigeeEntity(
        f,
        e.r,
        `Flow "${f.attrs.get('name')?.value ?? i + 1}"`,
        ['Request', 'Response', 'Condition', 'Description'],
        ['name'],
        [...e.path, 'Flows', i],
      );
      const cond = condition(fe);
      return { name: fe.attr('name') ?? `flow-${i + 1}`, condition: cond, steps: readSteps(fe), at: fe.at() };
    });
  return { preFlow: part('PreFlow'), flows, postFlow: part('PostFlow') };
}

/** The steps of a flow's Request then Response; finishes the flow's entity. */
function readSteps(flow: ApigeeEntity): FlowStep[] {
  flow.use('@name', 'Description');
  const steps: FlowStep[] = [];
  for (const phase of ['Request', 'Response'] as const) {
    for (const [i, step] of (flow.child(phase)?.children ?? []).entries()) {
      const s = new ApigeeEntity(
        step,
        flow.r,
        'Step',
        ['Name', 'Condition', 'FaultRules'],
        [],
        [...flow.path, phase, i],
      );
      if (step.name !== 'Step') {
        warnAt(
          s.at(),
          `${step.name} is not an element of ${phase}; left out`,
          didYouMean(step.name, ['Step']),
        );
        continue;
      }
      const policy = s.text('Name');
      s.note('FaultRules', FAULTS);
      if (policy !== undefined)
        steps.push({ policy, condition: condition(s), onResponse: phase === 'Response', at: s.at('Name') });
      else warnAt(s.at(), 'a Step without a Name attaches nothing; left out');
      s.finish();
    }
  }
  flow.finish();
  return steps;
}
