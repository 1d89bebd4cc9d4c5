/** What a plugin's filter is built from: its gateway, route and clients, and state shared by plugins. */
import type { RandomStreams } from '../../engine';
import type { ClientSpec, GatewaySpec, PluginSpec, RouteSpec } from '../../scenario/types';

/** The context each plugin's filter of one route is made in. */
export interface FilterContext {
  readonly gateway: GatewaySpec;
  readonly route: RouteSpec;
  readonly clients: readonly ClientSpec[];
  /** True when the route authenticates, so a request that passed it carries its consumer. */
  readonly authenticated: boolean;
  readonly random: RandomStreams;
  /**
   * State made once per plugin as written: a global plugin's counters are shared by every route
   * (Kong keys a global plugin's counters without the route; AWS throttles the whole account), and
   * so are those of the plugins of one name and `instance` (one Kong plugin on several routes).
   */
  shared<T>(plugin: PluginSpec, make: () => T): T;
}

/** A plugin's duration field in ms, or 0 when absent. */
export const ms = (value: unknown): number => (typeof value === 'number' ? value : 0);
