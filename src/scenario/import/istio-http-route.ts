/**
 * What every Istio HTTP route has, whichever resource holds it (a VirtualService's one route, a
 * gateway's routes, a mesh route): its fields, why some of them are left out, and its split.
 */
import type { IstioResource } from './istio';
import { DESTINATION_FIELDS, destinationService } from './istio-route-settings';
import { warnAt, type Where } from './config-entity';
import type { MeshEntity } from './mesh-entity';

/** The fields of an HTTP route. */
export const ROUTE_FIELDS = [
  'name',
  'match',
  'route',
  'redirect',
  'directResponse',
  'delegate',
  'rewrite',
  'timeout',
  'retries',
  'fault',
  'mirror',
  'mirrors',
  'mirrorPercentage',
  'mirrorPercent',
  'mirror_percent',
  'corsPolicy',
  'headers',
];
const ROUTE_DESTINATION_FIELDS = ['destination', 'weight', 'headers'];
const WEIGHT = { min: 0, max: 2 ** 31 - 1 };
const NOT_FORWARDED = 'the route answers by itself, which is not simulated';
/** Why route fields that answer by themselves or change the request are left out. */
export const ROUTE_NOTES: Readonly<Record<string, string>> = {
  redirect: NOT_FORWARDED,
  directResponse: NOT_FORWARDED,
  delegate: 'delegated routes are not modelled',
  rewrite: 'the path sent upstream is not simulated',
  corsPolicy: 'CORS is not simulated',
  headers: 'header changes are not simulated',
};

/** One destination of a route's split. */
export interface SplitEntry {
  readonly service: string;
  weight: number;
  readonly at: Where;
}

/** The route's destinations with their weights (0 left out), or undefined without any. */
export function splitOf(e: MeshEntity, res: IstioResource): { entries: SplitEntry[]; at: Where } | undefined {
  const list = e.children('route', 'route destination', ROUTE_DESTINATION_FIELDS);
  const read: { service: string; weight?: number; at: Where }[] = [];
  for (const { e: d } of list) {
    const weight = d.int('weight', WEIGHT);
    d.note('headers', 'header changes are not simulated');
    const dst = d.child('destination', 'destination', DESTINATION_FIELDS);
    d.finish();
    if (dst === undefined) {
      if (!d.has('destination'))
        d.r.error(d.node.pos, d.path, {
          message: 'a route destination needs destination',
          expected: 'destination: { host: reviews }',
        });
      continue;
    }
    const service = destinationService(dst, res);
    if (service !== undefined) read.push({ service, weight, at: dst.valueAt('host') });
  }
  if (read.length === 0) return undefined;
  const entries: SplitEntry[] = [];
  for (const x of read) {
    // Istio: a lone destination takes all traffic; with several, an unweighted one takes none.
    const weight = x.weight ?? (read.length === 1 ? 100 : 0);
    const same = entries.find((y) => y.service === x.service);
    if (same !== undefined) same.weight += weight;
    else if (weight > 0) entries.push({ service: x.service, weight, at: x.at });
  }
  if (entries.length === 0) {
    warnAt(e.at('route'), 'no destination has a weight above 0 (Istio refuses this); the split is left out');
    return undefined;
  }
  return { entries, at: e.at('route') };
}
