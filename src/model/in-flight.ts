import { grow } from '../engine';
import { CallTable, TryTable } from './calls';
import { PHASE_FREE } from './constants';
import { JobTable } from './jobs';

/**
 * The ids of what is in flight: one id names a try, the logical call it carries (`calls`) and the job
 * its callee does for it (`jobs`). Ids are recycled through a free list; a job's `generation` tells a
 * recycled id from the one it used to be.
 */
export class InFlight {
  readonly calls: CallTable;
  readonly tries: TryTable;
  readonly jobs: JobTable;
  /** Ids currently allocated. */
  live = 0;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(capacity = 1024) {
    this.calls = new CallTable(capacity);
    this.tries = new TryTable(capacity);
    this.jobs = new JobTable(capacity);
    this.free = new Int32Array(capacity);
  }

  /**
   * A fresh id, every column declared with a value set to it (the tables' `reset`); the sender
   * fills the others. Written out here rather than looped over the declarations: the loop cost
   * about 6 % of an M/M/1 run. `test/model/columns.test.ts` fails when a declared value is missing.
   */
  allocate(): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.used === this.free.length) this.grow();
      id = this.used++;
    }
    this.live++;
    const t = this.tries;
    t.instance[id] = -1;
    t.abandoned[id] = 0;
    t.status[id] = 0;
    t.cause[id] = 0;
    t.retryAfterMs[id] = 0;
    t.tryTimer[id] = -1;
    t.deadlineTimer[id] = -1;
    t.span[id] = -1;
    const j = this.jobs;
    j.holding[id] = 0;
    j.workTimer[id] = -1;
    j.route[id] = -1;
    j.failedChildStatus[id] = 0;
    j.workSpan[id] = -1;
    j.prevAtInstance[id] = -1;
    j.nextAtInstance[id] = -1;
    return id;
  }

  /** Returns an id to the free list; its generation moves on so stale references can tell. */
  release(id: number): void {
    this.tries.phase[id] = PHASE_FREE;
    this.jobs.generation[id]++;
    this.free[this.freeCount++] = id;
    this.live--;
  }

  private grow(): void {
    const n = this.free.length * 2;
    this.calls.grow(n);
    this.tries.grow(n);
    this.jobs.grow(n);
    this.free = grow(this.free, n);
  }
}
