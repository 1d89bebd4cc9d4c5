import type { Uniform } from '../../engine';
import { CAUSE_APP, CAUSE_DENIED, CAUSE_RESET, CAUSE_UNAUTHENTICATED, PHASE_CALLING } from '../constants';
import { CredentialState } from '../gateway/credential';
import type { MeshRuntime, ProxyBehaviour } from '../mesh/mesh-runtime';
import type { Station } from '../station';
import type { Component, ComponentHost } from './component';

/**
 * A mesh sidecar, one per instance of its workload: a pass costs the proxy's overhead and mTLS's
 * per-request cost; inbound it then checks mTLS, the end-user token and the authorization rules,
 * and forwards the call (to its workload, or across the mesh), answering with what comes back.
 */
export class SidecarComponent implements Component {
  readonly times: Uniform;
  private readonly mesh: MeshRuntime;

  constructor(
    private readonly host: ComponentHost,
    private readonly proxy: ProxyBehaviour,
  ) {
    this.times = proxy.times;
    this.mesh = host.mesh!;
  }

  /** What one pass through a sidecar costs: the proxy's work, and mTLS's per-request cost. */
  workTime(id: number): number {
    const mesh = this.mesh;
    const proxy = this.proxy;
    let ms = proxy.overhead.sample(proxy.times);
    const t = this.host.tries;
    if ((t.dest[id] >= 0 || t.local[id] === 1) && mesh.encrypted[t.target[id]] === 1)
      ms += mesh.perRequest.sample(mesh.mtlsDraws);
    return ms;
  }

  /** A sidecar has done its pass: inbound it checks mTLS and authorization, then forwards. */
  workDone(id: number, station: Station): void {
    const host = this.host;
    const c = host.calls;
    const t = host.tries;
    const mesh = this.mesh;
    const proxy = this.proxy;
    host.releaseWorker(id, station);
    const request = c.request[id];
    if (t.target[id] === proxy.service && t.local[id] === 0) {
      if (mesh.strict[proxy.service] === 1 && t.dest[id] < 0) {
        mesh.strictRefused++;
        return host.finishJob(id, 503, CAUSE_RESET);
      }
      const principal = this.requestPrincipal(request, proxy.service);
      if (principal === undefined) {
        mesh.unauthenticated++;
        return host.finishJob(id, 401, CAUSE_UNAUTHENTICATED);
      }
      if (mesh.spec.authorization.length > 0 && !this.authorized(id, proxy.service, principal)) {
        mesh.denied++;
        return host.finishJob(id, 403, CAUSE_DENIED);
      }
    }
    t.phase[id] = PHASE_CALLING;
    host.callInto(id, 0, mesh.passthrough, request, t.target[id]);
  }

  /** The forwarded call is over: its answer is the sidecar's. */
  childDone(job: number, _slot: number, status: number): void {
    this.host.finishJob(job, status, CAUSE_APP);
  }

  /**
   * The end-user principal the sidecar of `service` finds on `request` (Istio RequestAuthentication):
   * '' for none (no token, or a service that checks none), undefined for a token it refuses (an
   * invalid one, or of an issuer it does not accept: 401). Of a client's bad credentials half carry
   * no token and half an invalid one.
   */
  private requestPrincipal(request: number, service: number): string | undefined {
    const mesh = this.mesh;
    const issuers = mesh.issuers[service];
    if (issuers === undefined) return '';
    const r = this.host.requests;
    const client = r.client[request];
    const issuer = mesh.kinds.issuer[client];
    if (issuer === '') return '';
    const credential = r.badCredential[request];
    if (credential === CredentialState.Missing) return '';
    if (credential === CredentialState.Invalid || !issuers.includes(issuer)) return undefined;
    return mesh.kinds.principal[client];
  }

  /** Whether the destination's authorization rules let this call in, with its end-user `principal`. */
  private authorized(id: number, service: number, principal: string): boolean {
    const host = this.host;
    const mesh = this.mesh;
    const c = host.calls;
    const t = host.tries;
    const r = host.requests;
    const request = c.request[id];
    const parent = c.parent[id];
    let caller: string;
    if (parent < 0) caller = host.topology.clients[r.client[request]].spec.id;
    else {
      const component = t.component[parent];
      const owner = mesh.serviceOf[component];
      caller = host.stations[owner >= 0 ? owner : component].id;
    }
    const kind = mesh.kinds.shapes[mesh.kinds.of(r.client[request], r.mix[request])];
    const call = mesh.attributes;
    // A caller has a mesh identity when its sidecar presented a certificate: it sent the call over mTLS.
    call.meshed = t.dest[id] >= 0 && mesh.encrypted[service] === 1;
    call.headers = kind.headers;
    call.principal = principal;
    return mesh.authorization.decide(
      host.stations[service].id,
      caller,
      kind.path,
      kind.method,
      mesh.decision,
      call,
    );
  }
}
