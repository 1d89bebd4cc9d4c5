import { Histogram, Sampler, type RandomStreams, type Uniform } from '../../engine';
import type { MeshFault, MeshSpec, MtlsMode, Scenario } from '../../scenario/types';
import { CallPolicy } from '../call-policy';
import type { Station } from '../station';
import { AuthorizationTable, type AuthorizationDecision } from './authorization';
import { MeshDestination } from './destination';
import { RequestKinds } from './request-kinds';
import { ServiceRoutes } from './service-routes';
import { WeightedChoice } from './weighted-choice';

/** What a sidecar station does: one pass of its proxy, then it forwards the call. */
export interface ProxyBehaviour {
  readonly kind: 'proxy';
  /** The component whose sidecar it is. */
  readonly service: number;
  readonly overhead: Sampler;
  readonly times: Uniform;
}

/** Calls from one component into another through the mesh, for the report's edges. */
export class MeshEdge {
  tries = 0;
  errors = 0;
  /** Tries the caller's sidecar answered 404 itself: no route of the service matched. */
  noRoute = 0;
  readonly latency = new Histogram();
  constructor(
    readonly from: string,
    readonly to: string,
  ) {}
}

/** How the topology lets the mesh add stations and call policies. */
export interface MeshHost {
  readonly stations: readonly Station[];
  component(id: string): number;
  addStation(
    id: string,
    instances: number,
    concurrency: number,
    queue: number,
    hold: boolean,
    running: number,
  ): number;
  addPolicy(policy: CallPolicy): number;
}

/**
 * The mesh of a run, resolved to indices: a sidecar station beside every meshed component (the
 * gateway included: it joins the mesh as a workload with its own sidecar), the registry's view of
 * the endpoints, the mTLS samplers, and one `MeshDestination` per sidecar instance and destination
 * it calls.
 * Calls are routed through the sidecars by the simulation; this class only holds what they need.
 */
export class MeshRuntime {
  /** Sidecar station of each component, by component index (-1: none). */
  readonly proxyOf: Int32Array;
  /** The component each station serves when it is a sidecar, by station index (-1: not a sidecar). */
  readonly serviceOf: Int32Array;
  /** 1 per instance the registry (and so every sidecar) believes up, by component. */
  readonly registryUp: Uint8Array[];
  readonly destinations: MeshDestination[] = [];
  /** The call policy of calls into each component through the mesh, by component (-1: none). */
  readonly policyOf: Int32Array;
  /** A policy with no retries and no timeouts, for the hop between a sidecar and its own workload. */
  readonly passthrough: number;
  readonly handshake: Sampler;
  readonly perRequest: Sampler;
  readonly mtlsDraws: Uniform;
  readonly faultDraws: Uniform;
  readonly backoffDraws: Uniform;
  readonly splitDraws: Uniform;
  /** Weighted split of calls into a component, with the components it splits to. */
  readonly splits: ({ choice: WeightedChoice; targets: Int32Array } | undefined)[];
  /** Mirror target component and share (0 to 1) of calls into a component. */
  readonly mirrors: ({ component: number; share: number } | undefined)[];
  readonly edges = new Map<number, MeshEdge>();
  /** 1 where calls into a component use mTLS between sidecars (its mode is not DISABLE), by component. */
  readonly encrypted: Uint8Array;
  /** 1 where a component's sidecar refuses callers without a sidecar (STRICT), by component. */
  readonly strict: Uint8Array;
  /** Whether calls into any component use mTLS. */
  readonly mtls: boolean;
  /** The routes of calls into each component that has them, by component. */
  readonly routes: (ServiceRoutes | undefined)[];
  /** The kinds of client request, for routes, headers and end-user principals. */
  readonly kinds: RequestKinds;
  /** A route's fault by its call policy's index; `null` for a route without one (holes: no route's). */
  readonly routeFaults: (MeshFault | null)[] = [];
  /** The call policy of a call no route takes: its sidecar answers it 404 itself. */
  readonly noRoute: number;
  /** The token issuers each component's sidecar accepts, by component; undefined: tokens are not checked. */
  readonly issuers: (readonly string[] | undefined)[];
  /** Whether any service has routes, and any request authentication: the report shows their counts then. */
  readonly routed: boolean;
  readonly authenticates: boolean;
  /** Scratch for one authorization decision's call attributes (the hot path allocates none). */
  readonly attributes: { meshed: boolean; headers: Readonly<Record<string, string>>; principal: string } = {
    meshed: false,
    headers: {},
    principal: '',
  };
  readonly behaviours: ProxyBehaviour[] = [];
  /** The authorization rules, indexed; `decision` is the scratch its answers are written to. */
  readonly authorization: AuthorizationTable;
  readonly decision: AuthorizationDecision = { allowed: true, rule: -1 };
  /** Handshake CPU after warmup, ms, and what the sidecars answered or refused themselves (whole run). */
  handshakeMs = 0;
  faultsInjected = 0;
  breakerRejected = 0;
  denied = 0;
  strictRefused = 0;
  mirrored = 0;
  /** 404 from a caller's sidecar: no route of the service called matched. */
  noRouteAnswered = 0;
  /** 401 from a callee's sidecar: the request's token was invalid or of an issuer it does not accept. */
  unauthenticated = 0;
  /** Tries a sidecar sent to a failover service because the service called had no healthy endpoint. */
  failovers = 0;
  /** Index in `destinations` by caller instance (-1: not made yet), by `caller * components + dest`. */
  private readonly destinationTable = new Map<number, Int32Array>();

  constructor(
    readonly spec: MeshSpec,
    scenario: Scenario,
    host: MeshHost,
    gateway: number,
    random: RandomStreams,
  ) {
    const components = host.stations.length;
    this.proxyOf = new Int32Array(components).fill(-1);
    this.policyOf = new Int32Array(components).fill(-1);
    // The registry knows the instances running at the start.
    this.registryUp = host.stations.map((s) => Uint8Array.from(s.up));
    const modeOf = (id: string): MtlsMode =>
      Object.hasOwn(spec.mtls.services, id) ? spec.mtls.services[id] : spec.mtls.mode;
    this.encrypted = Uint8Array.from(host.stations, (s) => (modeOf(s.id) === 'DISABLE' ? 0 : 1));
    this.strict = Uint8Array.from(host.stations, (s) => (modeOf(s.id) === 'STRICT' ? 1 : 0));
    this.mtls = this.encrypted.includes(1);
    this.authorization = new AuthorizationTable(spec.authorization);
    const overhead = new Sampler(spec.sidecar.overhead);
    const excluded = new Set(spec.exclude);
    const meshed = host.stations.filter((s) => !excluded.has(s.id)).map((s) => s.index);
    for (const component of meshed) {
      const station = host.stations[component];
      const proxy = host.addStation(
        `${station.id} sidecar`,
        station.instances,
        spec.sidecar.concurrency,
        Infinity,
        false,
        station.running,
      );
      this.proxyOf[component] = proxy;
      this.behaviours[proxy] = {
        kind: 'proxy',
        service: component,
        overhead,
        times: random.stream(`mesh:${station.id}:sidecar`),
      };
    }
    this.serviceOf = new Int32Array(host.stations.length).fill(-1);
    this.proxyOf.forEach((proxy, component) => {
      if (proxy >= 0) this.serviceOf[proxy] = component;
    });
    this.passthrough = host.addPolicy(new CallPolicy({}));
    this.noRoute = host.addPolicy(new CallPolicy({}));
    this.kinds = new RequestKinds(scenario.clients);
    this.routes = host.stations.map(() => undefined);
    this.issuers = host.stations.map(() => undefined);
    for (const service of scenario.services) {
      const routes = spec.policies[service.id].routes;
      if (routes === undefined) continue;
      const component = host.component(service.id);
      const table = new ServiceRoutes(routes, component, this.kinds.shapes, host.component, (p) =>
        host.addPolicy(p),
      );
      table.routes.forEach((r) => (this.routeFaults[r.policy] = r.fault ?? null));
      this.routes[component] = table;
    }
    this.routed = this.routes.some((r) => r !== undefined);
    for (const rule of spec.requestAuthentication) {
      const targets = rule.service === undefined ? scenario.services.map((s) => s.id) : [rule.service];
      for (const id of targets) {
        const c = host.component(id);
        this.issuers[c] = [...(this.issuers[c] ?? []), ...rule.issuers];
      }
    }
    this.authenticates = spec.requestAuthentication.length > 0;
    for (const service of scenario.services) {
      const policy = spec.policies[service.id];
      // Istio: with a fault set on a route, that route's timeout and retries are off
      // (docs/behaviour.md#istio-routing-timeouts-and-retries).
      const faulty = policy.fault !== undefined;
      this.policyOf[host.component(service.id)] = host.addPolicy(
        new CallPolicy({
          attempts: faulty ? 0 : policy.retries.attempts,
          retryOn: policy.retries.retryOn,
          perTryTimeout: faulty ? Infinity : policy.retries.perTryTimeout,
          timeout: faulty ? Infinity : policy.timeout,
        }),
      );
    }
    this.splits = host.stations.map(() => undefined);
    this.mirrors = host.stations.map(() => undefined);
    for (const service of scenario.services) {
      const policy = spec.policies[service.id];
      const component = host.component(service.id);
      if (policy.split && policy.split.length > 0) {
        this.splits[component] = {
          choice: new WeightedChoice(policy.split.map((s) => s.weight)),
          targets: Int32Array.from(policy.split, (s) => host.component(s.service)),
        };
      }
      if (policy.mirror) {
        this.mirrors[component] = {
          component: host.component(policy.mirror.service),
          share: policy.mirror.percentage / 100,
        };
      }
    }
    this.handshake = new Sampler(spec.mtls.handshake);
    this.perRequest = new Sampler(spec.mtls.perRequest);
    this.mtlsDraws = random.stream('mesh:mtls');
    this.faultDraws = random.stream('mesh:faults');
    this.backoffDraws = random.stream('mesh:backoff');
    this.splitDraws = random.stream('mesh:split');
    // Destinations are made on first use: a hundred services make ten thousand possible pairs, of
    // which a run uses a few hundred. Their random streams are named, so the order made is harmless.
    this.componentCount = components;
    this.host = host;
    this.random = random;
    this.isService = new Uint8Array(components);
    for (const service of scenario.services) this.isService[host.component(service.id)] = 1;
    this.isCaller = new Uint8Array(components);
    for (const component of meshed) {
      if (component !== gateway || scenario.gateway !== undefined) this.isCaller[component] = 1;
    }
  }

  /** Told of each destination as it is made, to start its timers. */
  onDestination?: (d: MeshDestination) => void;
  private readonly host: MeshHost;
  private readonly random: RandomStreams;
  /** 1 for the components that are services (what a sidecar may call). */
  private readonly isService: Uint8Array;
  /** 1 for the components whose sidecar calls out. */
  private readonly isCaller: Uint8Array;
  private readonly componentCount: number;

  /** Whether the sidecar of `caller` may call `dest` (a service other than itself). */
  private reaches(caller: number, dest: number): boolean {
    return this.isCaller[caller] === 1 && this.isService[dest] === 1 && caller !== dest;
  }

  /** The destination state of the sidecar of `caller` instance `instance` towards `dest`, made on first use. */
  destination(caller: number, instance: number, dest: number): MeshDestination {
    const key = caller * this.componentCount + dest;
    let table = this.destinationTable.get(key);
    if (table === undefined) {
      if (!this.reaches(caller, dest)) throw new Error(`no mesh destination from ${caller} to ${dest}`);
      table = new Int32Array(this.host.stations[caller].instances).fill(-1);
      this.destinationTable.set(key, table);
    }
    const index = table[instance];
    return index >= 0 ? this.destinations[index] : this.makeDestination(table, caller, instance, dest);
  }

  private makeDestination(
    table: Int32Array,
    caller: number,
    instance: number,
    dest: number,
  ): MeshDestination {
    const stations = this.host.stations;
    const service = stations[dest].id;
    const policy = this.spec.policies[service];
    const d = new MeshDestination(
      this.destinations.length,
      dest,
      caller,
      this.proxyOf[dest] >= 0 ? this.proxyOf[dest] : dest,
      stations[dest].instances,
      policy,
      this.policyOf[dest],
      this.registryUp[dest],
      this.random.stream(`mesh:${stations[caller].id}:${instance}:${service}:balancer`),
    );
    table[instance] = d.index;
    this.destinations.push(d);
    this.onDestination?.(d);
    // The same sidecar instance's destinations it may fail over to, in the policy's order.
    if (policy.failover) {
      d.failover = policy.failover
        .map((id) => this.host.component(id))
        .filter((f) => this.reaches(caller, f))
        .map((f) => this.destination(caller, instance, f));
    }
    return d;
  }

  /** The edge from `from` to `to` (component ids), made on first use. */
  edge(from: number, to: number, names: readonly Station[]): MeshEdge {
    const key = from * this.componentCount + to;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = new MeshEdge(names[from].id, names[to].id);
      this.edges.set(key, edge);
    }
    return edge;
  }
}
