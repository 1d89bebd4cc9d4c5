/**
 * ingress-gateway (`IngressGateway` on Kubernetes): Consul's ingress gateway becomes the scenario's
 * gateway, named after the entry (the service name intentions know it by), with a route to each
 * service of its HTTP listeners. Behind it each service's own discovery chain applies as for any
 * caller: its router's routes, its splitter, its resolver.
 *
 * A listener with one service sends it every request (Consul's `Hosts` then default to `*`); with
 * several, Consul tells them apart by the Host header, `<service>.ingress.*` unless `Hosts` says
 * otherwise. meshsim routes on exact header values, so a service's first plain host is its route's
 * `host` condition; a wildcard host cannot be tested and is warned, its route taking every request
 * the routes before it do not.
 */
import type { ConsulEntry } from './consul';
import { warnAt } from './config-entity';
import type { ConsulEntity } from './consul-entity';
import type { EdgeRoute } from './istio-edge';
import { meshId } from './mesh-config';

/** The kind's own fields. */
export const INGRESS_FIELDS = ['Listeners', 'TLS', 'Defaults'];
const LISTENER_FIELDS = ['Port', 'Protocol', 'Services', 'TLS'];
const SERVICE_FIELDS = [
  'Name',
  'Hosts',
  'Namespace',
  'Partition',
  'TLS',
  'RequestHeaders',
  'ResponseHeaders',
  'MaxConnections',
  'MaxPendingRequests',
  'MaxConcurrentRequests',
  'PassiveHealthCheck',
];
const SERVICE_NOTES: Readonly<Record<string, string>> = {
  Namespace: 'namespaces are not modelled',
  Partition: 'admin partitions are not modelled',
  TLS: 'TLS is not simulated',
  RequestHeaders: 'header changes are not simulated',
  ResponseHeaders: 'header changes are not simulated',
  MaxConnections:
    "the gateway's limits toward a service are not modelled; its service-defaults set the callee's",
  MaxPendingRequests:
    "the gateway's limits toward a service are not modelled; its service-defaults set the callee's",
  MaxConcurrentRequests:
    "the gateway's limits toward a service are not modelled; its service-defaults set the callee's",
  PassiveHealthCheck:
    "the gateway's ejection of a service's instances is not modelled; its service-defaults set the callee's",
};

/** Reads an ingress-gateway entry into the mesh's edge: the scenario's gateway and its routes. */
export function readIngressGateway(entry: ConsulEntry): void {
  const { e, name, source, mesh } = entry;
  const routes: EdgeRoute[] = [];
  for (const { e: l } of e.children('Listeners', 'ingress listener', LISTENER_FIELDS)) {
    const protocol = l.str('Protocol') ?? 'tcp';
    l.use('Port');
    l.note('TLS', 'TLS is not simulated');
    const services = l.children('Services', 'ingress service', SERVICE_FIELDS);
    l.finish();
    if (protocol !== 'http' && protocol !== 'http2' && protocol !== 'grpc') {
      warnAt(
        l.at('Protocol'),
        `a ${protocol} listener is left out: simulated requests are HTTP, routed at a listener whose Protocol is http`,
      );
      continue;
    }
    for (const { e: s } of services) {
      const route = serviceRoute(s, services.length > 1);
      if (route === undefined) continue;
      if (routes.some((r) => r.id === route.id)) continue;
      routes.push(route);
      mesh.refer(route.service, s.at('Name'));
    }
  }
  e.note('TLS', 'TLS is not simulated');
  e.note('Defaults', "the gateway's limits toward services are not modelled");
  e.finish();
  if (routes.length === 0) {
    warnAt(entry.at, `${source} routes no HTTP service: left out`);
    return;
  }
  if (mesh.edge !== undefined) {
    warnAt(
      entry.at,
      `the scenario has one gateway, ${mesh.edge.id} (${mesh.edge.source}); the routes of ${source} are left out`,
    );
    return;
  }
  mesh.edge = { id: meshId(name), routes, accounts: new Set(), source, at: entry.at };
}

/** The gateway route of one listener service; `shared`: the listener has others, told apart by Host. */
function serviceRoute(s: ConsulEntity, shared: boolean): EdgeRoute | undefined {
  const name = s.str('Name');
  const hosts = s.strings('Hosts') ?? [];
  s.finish(SERVICE_NOTES);
  if (name === undefined) {
    if (!s.has('Name'))
      s.r.error(s.node.pos, s.path, { message: 'an ingress service needs Name', expected: 'Name: web' });
    return undefined;
  }
  if (name === '*') {
    warnAt(
      s.at('Name'),
      'a wildcard service (every service, by its Host) is left out: meshsim routes to named services',
    );
    return undefined;
  }
  const service = meshId(name);
  const plain = hosts.find((h) => !h.includes('*'));
  if (!shared && plain === undefined) return { id: service, service };
  if (plain !== undefined) return { id: service, service, match: { headers: { host: plain } } };
  warnAt(
    s.at(hosts.length > 0 ? 'Hosts' : 'Name'),
    `Consul picks ${name} by a Host header of ${hosts.length > 0 ? hosts.join(', ') : `${name}.ingress.*`}, a wildcard meshsim cannot test: its route takes every request the routes before it do not`,
  );
  return { id: service, service };
}
