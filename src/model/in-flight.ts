import { grow } from '../engine';
import { CallTable, TryTable } from './calls';
import { PHASE_FREE } from './constants';
import { RowResets } from './columns';
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
  /** The columns a fresh id resets, over the three tables. */
  private resets: RowResets;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;

  constructor(capacity = 1024) {
    this.calls = new CallTable(capacity);
    this.tries = new TryTable(capacity);
    this.jobs = new JobTable(capacity);
    this.free = new Int32Array(capacity);
    this.resets = new RowResets([this.calls, this.tries, this.jobs]);
  }

  /** A fresh id with every column that has a reset value reset; the sender fills the others. */
  allocate(): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.used === this.free.length) this.grow();
      id = this.used++;
    }
    this.live++;
    this.resets.reset(id);
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
    this.resets = new RowResets([this.calls, this.tries, this.jobs]);
  }
}
