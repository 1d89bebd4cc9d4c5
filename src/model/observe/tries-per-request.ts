/**
 * An estimate of the tries a request of a scenario makes, for how large a share of requests a
 * playback traces (a traced request costs a span per try).
 */
import type { ClientSpec, Scenario } from '../../scenario/types';
import { matchRoute } from '../routing';

/**
 * The tries a request of the scenario makes when nothing fails, averaged over its clients (by rate)
 * and their mixes (by weight): one from the client, one per route or call below it. Retries, hedges
 * and mirrors are left out: the estimate sets a sampling rate, it is no figure of the run.
 */
export function triesPerRequest(scenario: Scenario): number {
  const services = new Map(scenario.services.map((s) => [s.id, s]));
  const below = new Map<string, number>();
  /** Tries a call into service `id` makes below it (a scenario's calls form no cycle: it is checked). */
  const triesBelow = (id: string): number => {
    const known = below.get(id);
    if (known !== undefined) return known;
    const tries = (services.get(id)?.calls ?? []).reduce(
      (sum, call) => sum + 1 + triesBelow(call.service),
      0,
    );
    below.set(id, tries);
    return tries;
  };
  const ofClient = (client: ClientSpec): number => {
    const gateway = scenario.gateway;
    if (!gateway || client.target !== gateway.id) return 1 + triesBelow(client.target);
    const weights = client.mix.reduce((sum, m) => sum + m.weight, 0);
    let tries = 1;
    for (const entry of client.mix) {
      const route =
        gateway.routes[
          matchRoute(gateway.routes, { ...entry, headers: { ...client.headers, ...entry.headers } })
        ];
      if (!route) continue;
      const split = route.split ?? [{ service: route.service, weight: 1 }];
      const splitWeights = split.reduce((sum, s) => sum + s.weight, 0);
      const viaRoute = split.reduce(
        (sum, s) => sum + (s.weight / splitWeights) * (1 + triesBelow(s.service)),
        0,
      );
      tries += (entry.weight / weights) * viaRoute;
    }
    return tries;
  };
  const rates = scenario.clients.map((c) =>
    c.arrival.process === 'closed' ? c.arrival.users : c.arrival.rate,
  );
  const total = rates.reduce((a, b) => a + b, 0);
  if (total <= 0) return 1;
  return scenario.clients.reduce((sum, c, i) => sum + (rates[i] / total) * ofClient(c), 0);
}
