/**
 * The client stubs of an imported Kong config: what sends traffic through it until a scenario
 * document brings its own clients.
 */
import type { KongConfig } from './kong-read';
import { safeId, uniqueId } from './kong-routes';
import type { RawClient, RawMixEntry, RawPlugin } from './types';

/** The client stub's rate, per second. */
export const STUB_RATE = 100;

/** Consumers that get a client stub of their own, at most: each adds STUB_RATE requests a second. */
const MAX_CONSUMER_CLIENTS = 8;

/**
 * The client stub: one client sending as the first consumer when a route authenticates; when some
 * plugin is scoped to a consumer, one client per consumer (up to MAX_CONSUMER_CLIENTS), so that each
 * scope takes traffic and the report counts it apart.
 */
export function clientStubs(
  cfg: KongConfig,
  usesAuth: boolean,
  mix: RawMixEntry[],
  plugins: readonly RawPlugin[],
): { clients: RawClient[]; clientNote?: string } {
  // Behind an allow list the stub sends from its first address, so that its traffic passes.
  const allowed = plugins.find((p) => p.name === 'ip-restriction' && Array.isArray(p.allow))?.allow as
    string[] | undefined;
  const ip = allowed?.[0].split('/')[0];
  const stub = (id: string, consumer?: string): RawClient => ({
    id,
    arrival: { process: 'poisson', rate: STUB_RATE },
    mix,
    ...(consumer !== undefined ? { consumer } : {}),
    ...(ip !== undefined ? { ip } : {}),
  });
  if (!usesAuth || cfg.consumers.length === 0) return { clients: [stub('clients')] };
  if (!plugins.some((p) => typeof p.consumer === 'string')) {
    const consumer = cfg.consumers[0].name;
    return { clients: [stub('clients', consumer)], clientNote: `The client stub sends as ${consumer}.` };
  }
  const names = cfg.consumers.slice(0, MAX_CONSUMER_CLIENTS).map((c) => c.name);
  const ids = new Set<string>();
  const clients = names.map((name) => stub(uniqueId(safeId(`clients-${name}`, 'clients'), ids), name));
  const left = cfg.consumers.length - names.length;
  return {
    clients,
    clientNote: `Plugins are scoped to consumers, so one client stub sends as each of ${names.join(', ')}${left > 0 ? ` (${left} more consumers have none)` : ''}, ${STUB_RATE} requests a second each.`,
  };
}
