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
import { readConnection, type TargetConnection } from './apigee-target-connection';
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

/** A TargetEndpoint: its flows and its connection. */
export interface TargetEndpoint extends EndpointFlows, TargetConnection {
  readonly name: string;
  readonly at: Where;
}

const FLOW_PARTS = ['PreFlow', 'Flows', 'PostFlow'];
const FAULTS = 'fault rules handle errors after they happen; meshsim answers with the status the error has';
/** What a ProxyEndpoint and a TargetEndpoint both hold: a description, flows and fault rules. */
const ENDPOINT_PARTS = ['Description', ...FLOW_PARTS, 'FaultRules', 'DefaultFaultRule'];

/** The parts every endpoint has (`ENDPOINT_PARTS`): its name and description read, its fault rules noted, its flows. */
function readEndpointParts(e: ApigeeEntity): EndpointFlows {
  e.use('@name', 'Description');
  e.note('FaultRules', FAULTS);
  e.note('DefaultFaultRule', FAULTS);
  return readFlows(e);
}

/** Reads a ProxyEndpoint's root element. */
export function readProxyEndpoint(el: XmlElement, r: Reporter): ProxyEndpoint {
  const name = el.attrs.get('name')?.value ?? 'default';
  const e = new ApigeeEntity(
    el,
    r,
    `ProxyEndpoint "${name}"`,
    [...ENDPOINT_PARTS, 'PostClientFlow', 'HTTPProxyConnection', 'RouteRule'],
    ['name'],
  );
  const flows = readEndpointParts(e);
  e.note('PostClientFlow', 'it runs after the response has left (logging); it adds no latency');
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
    [...ENDPOINT_PARTS, 'HTTPTargetConnection', 'LocalTargetConnection', 'ScriptTarget', 'HostedTarget'],
    ['name'],
  );
  const flows = readEndpointParts(e);
  e.note('LocalTargetConnection', 'proxy chaining: meshsim reads one proxy');
  e.note('ScriptTarget', 'a Node.js target runs inside Apigee; meshsim has no such service');
  e.note('HostedTarget', 'a hosted target runs inside Apigee; meshsim has no such service');
  const conn = e.child('HTTPTargetConnection');
  let target: TargetConnection = { servers: [] };
  if (conn !== undefined) target = readConnection(conn, r, [...e.path, 'HTTPTargetConnection']);
  else warnAt(e.at(), `TargetEndpoint "${name}" has no HTTPTargetConnection: no service behind it`);
  e.finish();
  return { name, at: e.at(), ...flows, ...target };
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
