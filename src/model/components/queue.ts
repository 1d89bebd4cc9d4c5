import { Sampler, type Uniform } from '../../engine';
import { CAUSE_NONE } from '../constants';
import type { ServiceSpec } from '../../scenario/types';
import type { Component, ComponentHost } from './component';

/** The status a queue answers a producer with once its message is in. */
export const ENQUEUED = 202;

/**
 * A one-way message queue (`kind: queue`). A producer's call is answered 202 as soon as its message
 * is in: the message stays, as a job nobody waits for, in the instance's FIFO queue until one of the
 * `concurrency` consumers takes it and works on it for `serviceTime` (its own stream,
 * `queue:ID:consume`). A call finds the queue full (`queue` messages waiting and every consumer
 * busy) or the instance down: the producer is answered 503, as by a service.
 */
export class QueueComponent implements Component {
  readonly times: Uniform;
  private readonly consumeTime: Sampler;
  /** Messages taken in over the whole run (warmup included). */
  enqueued = 0;
  /** Messages whose consumption is over, whole run. */
  consumed = 0;

  constructor(
    private readonly host: ComponentHost,
    spec: ServiceSpec,
    private readonly index: number,
  ) {
    this.times = host.topology.random.stream(`queue:${spec.id}:consume`);
    this.consumeTime = new Sampler(spec.serviceTime);
  }

  /** A producer's call arrives: its message goes in and the producer has its answer at once. */
  accept(id: number): void {
    const host = this.host;
    const station = host.stations[this.index];
    const instance = host.tries.instance[id];
    const full =
      station.busy[instance] >= station.concurrency && station.queues[instance].length >= station.queueLimit;
    // Refused the way a service refuses: the station counts and answers it.
    if (!station.up[instance] || full) return host.admit(id);
    this.enqueued++;
    host.admit(host.detach(id));
    host.replyAtOnce(id, ENQUEUED, CAUSE_NONE);
  }

  workTime(): number {
    return this.consumeTime.sample(this.times);
  }

  /** A consumer is done with a message: the next one takes its place. */
  workDone(id: number): void {
    this.consumed++;
    this.host.finishJob(id, 200, CAUSE_NONE);
  }

  /** A queue makes no calls (the scenario checks say so). */
  childDone(): void {
    throw new Error('a queue makes no calls');
  }
}
