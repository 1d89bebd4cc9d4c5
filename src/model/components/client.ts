import { EV_ARRIVAL, EV_CLIENT_RESEND, EV_RATE_STEP, EV_USER_SEND } from '../constants';
import { CredentialState, drawCredential } from '../gateway/credential';
import type { Kernel } from '../../engine';
import type { MetricsObserver } from '../observe/run-observers';
import type { RequestTable } from '../request-table';
import type { ClientRuntime, Topology } from '../topology';
import type { ComponentHost } from './component';

/**
 * The clients: open ones send on a Poisson or constant schedule whose rate may step; closed ones are
 * users who think, send, and wait for the answer. A request's first call goes to the client's target
 * under the client's own policy (its timeout, answered 499); the answer ends the request, unless a
 * 429 with Retry-After is sent again.
 */
export class Clients {
  // The host's tables and clock, read on every request: held here, one load nearer.
  private readonly requests: RequestTable;
  private readonly kernel: Kernel;
  private readonly metrics: MetricsObserver;
  private readonly topology: Topology;
  /** 1 for a client of one kind of request, without keys or bad credentials: nothing to draw per request. */
  private readonly plain: Uint8Array;

  constructor(private readonly host: ComponentHost) {
    this.requests = host.requests;
    this.kernel = host.kernel;
    this.metrics = host.metrics;
    this.topology = host.topology;
    this.plain = Uint8Array.from(this.topology.clients, (client) =>
      client.mixCdf.length <= 1 && client.keys[0] === undefined && client.spec.credentials.invalid <= 0
        ? 1
        : 0,
    );
  }

  /** Schedules each client's first sending and its rate steps. */
  start(): void {
    const k = this.kernel;
    for (const client of this.topology.clients) {
      const { arrival, schedule } = client.spec;
      if (arrival.process === 'closed') {
        for (let user = 0; user < arrival.users; user++) {
          k.at(client.think!.sample(client.arrivals), EV_USER_SEND, client.index, user);
        }
      } else {
        const first = arrival.process === 'constant' ? 0 : this.arrivalGap(client);
        if (client.rate > 0) client.pendingArrival = k.at(first, EV_ARRIVAL, client.index);
        schedule.forEach((step, i) => k.at(step.at, EV_RATE_STEP, client.index, i));
      }
    }
  }

  private arrivalGap(client: ClientRuntime): number {
    if (client.spec.arrival.process === 'constant') return 1000 / client.rate;
    return (-1000 / client.rate) * Math.log(1 - client.arrivals());
  }

  /** An open client's next arrival: it sends, and the one after is drawn. */
  arrival(clientIndex: number): void {
    const client = this.topology.clients[clientIndex];
    this.send(client, -1);
    client.pendingArrival = this.kernel.after(this.arrivalGap(client), EV_ARRIVAL, clientIndex);
  }

  /** A closed client's `user` has thought and sends. */
  userSends(clientIndex: number, user: number): void {
    this.send(this.topology.clients[clientIndex], user);
  }

  /** An open client's rate changes to its schedule's `step`. */
  rateStep(clientIndex: number, step: number): void {
    const { kernel, topology, timeline } = this.host;
    const client = topology.clients[clientIndex];
    const previous = client.rate;
    client.rate = client.spec.schedule[step].rate;
    timeline.rateStep(kernel.now, client.spec.id, client.rate, previous);
    // Poisson arrivals are memoryless, so redrawing the next gap at the new rate is exact.
    if (client.pendingArrival >= 0) kernel.cancel(client.pendingArrival);
    client.pendingArrival =
      client.rate > 0 ? kernel.after(this.arrivalGap(client), EV_ARRIVAL, clientIndex) : -1;
  }

  /** A new request: its kind, key and credential drawn, traced if sampled, sent to the target. */
  private send(client: ClientRuntime, user: number): void {
    const host = this.host;
    const now = this.kernel.now;
    const r = this.requests;
    const id = r.allocate();
    r.client[id] = client.index;
    r.user[id] = user;
    r.sentAt[id] = now;
    r.refs[id] = 1; // the client's own, dropped when it has its answer
    r.resends[id] = 0;
    // A client of one kind of request, without keys or bad credentials, draws nothing for them.
    const mix = this.plain[client.index] === 1 ? this.plainKind(id) : this.drawKind(client, id);
    this.metrics.requestSent(now);
    host.spans.requestSent(id, client.index, ++client.sent, mix);
    r.root[id] = host.callInto(-1, 0, client.policy, id, client.target);
  }

  /** What `drawKind` finds for a client of one kind, without drawing: returns its mix entry, 0. */
  private plainKind(id: number): number {
    const r = this.requests;
    r.mix[id] = 0;
    r.key[id] = -1;
    r.badCredential[id] = CredentialState.Valid;
    return 0;
  }

  /** Draws request `id`'s kind (mix entry), key and credential, in that order; returns its mix entry. */
  private drawKind(client: ClientRuntime, id: number): number {
    const r = this.requests;
    let mix = 0;
    if (client.mixCdf.length > 1) {
      const u = client.mixDraws();
      while (client.mixCdf[mix] < u) mix++;
    }
    r.mix[id] = mix;
    const keys = client.keys[mix];
    r.key[id] = keys ? keys.sample(client.keyDraws) : -1;
    const invalid = client.spec.credentials.invalid;
    r.badCredential[id] =
      invalid > 0 ? drawCredential(invalid, client.credentialDraws()) : CredentialState.Valid;
    return mix;
  }

  /**
   * The client has its answer. A 429 with a Retry-After is sent again after that wait when the client
   * honours it and has resends left; the request's latency then runs from its first sending.
   */
  answered(request: number, status: number, retryAfterMs: number): void {
    const host = this.host;
    const r = this.requests;
    const now = this.kernel.now;
    if (retryAfterMs > 0 && status === 429 && this.resendLater(request, retryAfterMs)) return;
    this.metrics.requestAnswered(status, r.sentAt[request], now);
    if (host.observers.answers.length > 0) host.observers.requestAnswered(status, now - r.sentAt[request]);
    if (r.trace[request] !== 0) host.spans.requestAnswered(request, status);
    if (r.user[request] >= 0) this.thinkAgain(request);
    host.unrefRequest(request);
  }

  /** A closed client's user has the answer to `request`: it thinks, then sends again. */
  private thinkAgain(request: number): void {
    const r = this.requests;
    const client = this.topology.clients[r.client[request]];
    this.kernel.after(client.think!.sample(client.arrivals), EV_USER_SEND, client.index, r.user[request]);
  }

  /** Schedules a resend after Retry-After when the client honours it and has resends left. */
  private resendLater(request: number, retryAfterMs: number): boolean {
    const host = this.host;
    const r = this.requests;
    const client = this.topology.clients[r.client[request]];
    if (r.resends[request] >= client.spec.retryAfter.attempts) return false;
    r.resends[request]++;
    this.kernel.after(retryAfterMs, EV_CLIENT_RESEND, request);
    if (r.trace[request] !== 0) host.spans.requestResent(request, retryAfterMs);
    return true;
  }

  /** A client sends a request again, as it was, to its first hop. */
  resend(request: number): void {
    const host = this.host;
    const client = this.topology.clients[this.requests.client[request]];
    this.requests.root[request] = host.callInto(-1, 0, client.policy, request, client.target);
  }
}
