/**
 * The page's read-only view of a running simulation: plain data, the only door through which the
 * worker sees a run (with the report). The layout is fixed when the run is built; the state is typed
 * columns and reused objects that `refresh()` fills in place at the simulation's time now, so that a
 * frame reads a hundred-service run without allocating per node or per edge.
 */
import type { DiagramNode, DiagramNodeKind } from '../../report/diagram-node';
import type { CallEdge } from '../call-edges';

/** What a node of the diagram is. */
export type ViewNodeKind = DiagramNodeKind;

/** One node: a client, the gateway, a service or a sidecar, in the order of the view's node columns. */
export type ViewNode = DiagramNode;

/** What does not change during a run: its nodes, its edges and its instance slots. */
export interface ViewLayout {
  /** The clients in scenario order, then every station (gateway, services, sidecars) in the model's order. */
  readonly nodes: readonly ViewNode[];
  /**
   * The static edge list (`callEdges`), in order: edge e of the observers' notifications, of
   * `edges` below and of the report's `edges` is edge e here. A run may meet more edges (listed
   * after these, in `edges.from` and `edges.to`).
   */
  readonly edges: readonly CallEdge[];
  /** Length of the per-instance columns: the sum of every node's instances. */
  readonly slots: number;
  readonly meshEnabled: boolean;
  /** Simulated end of the run, and its warmup, ms. */
  readonly endMs: number;
  readonly warmupMs: number;
  /** Share of requests traced (0 to 1). */
  readonly traceShare: number;
}

/** `SimulationView.breaker`'s states, shared with the page's frames. */
export { BREAKER_CLOSED, BREAKER_HALF_OPEN, BREAKER_OPEN } from '../../report/breaker-state';

/**
 * What a gateway plugin's counters are, for a note on its box: a limiter's admitted and rejected
 * requests, a cache's hits, an authorizer's cached answers, a logger's entries, or other counters.
 */
export type PluginNoteKind = 'limiter' | 'cache' | 'auth-cache' | 'log' | 'other';

/**
 * One gateway plugin that keeps counters, summed over the routes it runs on (as the report's
 * `gateway.plugins` lists them per route). Filled in place by `refresh()`; the fields of other kinds
 * stay 0.
 */
export interface PluginState {
  /** The plugin's name as the scenario writes it. */
  readonly name: string;
  readonly kind: PluginNoteKind;
  /** A limiter's requests let through and refused. */
  readonly admitted: number;
  readonly rejected: number;
  /** A cache's hits, misses and refreshes. */
  readonly hit: number;
  readonly miss: number;
  readonly refresh: number;
  /** An authorizer's answers from its cache, and its calls. */
  readonly cached: number;
  readonly calls: number;
  /** A logger's entries written. */
  readonly entries: number;
  /**
   * Whether a limiter of this name has answered yet, and then the tightest of its latest answers
   * over its routes: requests its counter still allows, of how many (RateLimit-Remaining and -Limit).
   */
  readonly gauged: boolean;
  readonly remaining: number;
  readonly limit: number;
}

/**
 * Measured counters per edge (tries ended after warmup), as the report's `edges` count them. The
 * columns may be longer than `count`; read them after a refresh, not across one.
 */
export interface EdgeCounts {
  /** Edges known: the layout's, then any the run met. */
  readonly count: number;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly tries: Int32Array;
  readonly retries: Int32Array;
  readonly errors: Int32Array;
  readonly clientErrors: Int32Array;
  readonly breakerRefused: Int32Array;
  readonly poolRefused: Int32Array;
}

/**
 * A run as the page sees it. Columns hold the state at `at`, the simulated time of the last
 * `refresh()`; each refresh bumps `generation`, so a reader can tell a state it has already drawn.
 * The arrays are the view's own, reused: a reader that keeps them past the next refresh copies them.
 */
export interface SimulationView {
  readonly layout: ViewLayout;
  /** How many times the state was filled. */
  readonly generation: number;
  /** Simulated time of the state, ms. */
  readonly at: number;
  /** Per instance slot: busy workers, calls waiting, 1 if up, 1 if the registry lists it, 1 if ejected. */
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  readonly up: Uint8Array;
  readonly known: Uint8Array;
  /** 1 when a sidecar has ejected the instance (outlier detection) or taken it out (failure accrual). */
  readonly ejected: Uint8Array;
  /** Per node: the worst circuit-breaker state of the sidecars calling into it (BREAKER_*). */
  readonly breaker: Uint8Array;
  /**
   * Per node, measured: calls served (whatever their status) and refused at the door, as the
   * report's `components` (and a sidecar's `passes`) count them; 0 for a client.
   */
  readonly served: Float64Array;
  readonly rejected: Float64Array;
  /** Per edge, measured. */
  readonly edges: EdgeCounts;
  /** The gateway's plugins that keep counters, in chain order of their first appearance; none without a gateway. */
  readonly plugins: readonly PluginState[];
  /** Fills the state at the simulation's time now and returns the view. */
  refresh(): SimulationView;
}
