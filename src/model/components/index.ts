import type { Topology } from '../topology';
import type { Component, ComponentHost } from './component';
import { GatewayComponent } from './gateway';
import { QueueComponent } from './queue';
import { ServiceComponent } from './service';
import { SidecarComponent } from './sidecar';

/** What the topology resolved for one station: its kind and the data its component runs on. */
export type StationBehaviour = Topology['behaviours'][number];

/** Builds the component of station `index` from what the topology resolved for it. */
type ComponentFactory<B extends StationBehaviour> = (
  host: ComponentHost,
  behaviour: B,
  index: number,
) => Component;

/** Each kind of station and how its component is built: one line per kind. */
const COMPONENTS: {
  [K in StationBehaviour['kind']]: ComponentFactory<Extract<StationBehaviour, { kind: K }>>;
} = {
  gateway: (host, gateway, index) => new GatewayComponent(host, gateway, index),
  service: (host, service) => new ServiceComponent(host, service),
  proxy: (host, proxy) => new SidecarComponent(host, proxy),
  queue: (host, queue, index) => new QueueComponent(host, queue.spec, index),
};

/** The component of every station of `host`'s topology, by station index. */
export function buildComponents(host: ComponentHost): Component[] {
  return host.topology.behaviours.map((behaviour, index) =>
    (COMPONENTS[behaviour.kind] as ComponentFactory<typeof behaviour>)(host, behaviour, index),
  );
}

export type { Component, ComponentHost } from './component';
export { Clients } from './client';
export { GatewayComponent } from './gateway';
