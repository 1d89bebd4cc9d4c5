import type { CallTable, TryTable } from './calls';

/**
 * The try `sendCall` is to make next, filled by name: the logical call it carries and where it goes.
 * One per simulation, reused for every try (nothing is allocated per call); `sendCall` reads it
 * through before anything it starts can fill it again.
 */
export class NextTry {
  /** The calling job's id; -1 for the client, or for nobody (a mirrored copy). */
  parent = -1;
  /** Which of the parent's calls this is. */
  slot = 0;
  /** The call policy the caller applies (timeouts, retries). */
  policy = 0;
  /** The request it belongs to. */
  request = 0;
  /** Try number: 0 for the first try. */
  tries = 0;
  /** The deadline of the call's earlier tries, ms; a first try sets it from its policy. Infinity: none yet. */
  deadlineAt = Infinity;
  /** The component the try goes to. */
  component = 0;
  /** The component the call is finally for (a sidecar forwards it there). */
  target = 0;
  /** 1 for the hop between a workload and its own sidecar (no network). */
  local = 0;
  /** The sending sidecar's destination state; -1 for a try that has none. */
  dest = -1;
  /** The instance of `dest`'s service this try should avoid (a retry to another host); -1: none. */
  avoid = -1;
  /** The destination `avoid` is an endpoint of: a try that fails over elsewhere avoids nothing. */
  avoidDest = -1;
  /** How long it waits before it goes, ms (a retry's backoff). */
  backoff = 0;

  constructor(
    private readonly callTable: CallTable,
    private readonly tryTable: TryTable,
  ) {}

  /**
   * The first try of a new call from `parent` under `policy` for `request`, to `component` and for
   * it, on no sidecar's destination, going at once; the caller changes what differs.
   */
  call(parent: number, slot: number, policy: number, request: number, component: number): NextTry {
    this.parent = parent;
    this.slot = slot;
    this.policy = policy;
    this.request = request;
    this.tries = 0;
    this.deadlineAt = Infinity;
    this.component = component;
    this.target = component;
    this.local = 0;
    this.dest = -1;
    this.avoid = -1;
    this.avoidDest = -1;
    this.backoff = 0;
    return this;
  }

  /** The next try of the call try `id` carries, to the same component, after `backoff` ms. */
  retryOf(id: number, backoff: number): NextTry {
    const c = this.callTable;
    const t = this.tryTable;
    this.parent = c.parent[id];
    this.slot = c.slot[id];
    this.policy = c.policy[id];
    this.request = c.request[id];
    this.tries = c.tries[id] + 1;
    this.deadlineAt = c.deadlineAt[id];
    this.component = t.component[id];
    this.target = t.target[id];
    this.local = t.local[id];
    this.dest = -1;
    this.avoid = -1;
    this.avoidDest = -1;
    this.backoff = backoff;
    return this;
  }
}
