/**
 * The knobs of a scenario file: the few parameters worth turning while watching a run (clients'
 * rates, services' instances and workers, the gateway routes' retries and timeouts, the first rate
 * limiter's limits, the mesh policies' retries and timeouts, and the numeric options of the registered
 * balancers, breakers, health checks and retry budgets, `policy-knobs.ts`), found in the YAML text as
 * written, and the edit that sets one of them without touching anything else in the file.
 *
 * Pure: text in, knobs or text out. Only what the base document writes is a knob; values a variant
 * writes, defaults and profile values are not, and neither are aliases or anchored values (turning
 * one would also turn every place that refers to it).
 */
import { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import { parsedYaml } from './parsed-yaml';
import { attemptsRange, countRange, scaledRange, tidy, type KnobRange } from './knob-scale';
import { isPerMinute, readDuration, readNumber, readRate, type WrittenValue } from './knob-values';
import { meshPolicyOptions, routePolicyOptions, type FoundOption } from './policy-knobs';
import { LIMITER_TABLE } from '../../report/policy-tables';

/**
 * What a knob's value counts: requests a second (`rps`), instances, workers or a policy's threshold
 * (`count`), a duration (`ms`), retries after the first try (`attempts`), requests a limiter admits
 * in its period (`per period`), a percentage (`percent`), or a plain number such as a budget's ratio
 * (`number`).
 */
export type KnobUnit = 'rps' | 'count' | 'ms' | 'attempts' | 'per period' | 'percent' | 'number';

/** One parameter of the file, with the range its slider offers. */
export interface Knob {
  /** Stable within a file and safe in an attribute: `client.web.rate`, `service.catalog.instances`. */
  readonly id: string;
  /** What the page shows, made of the file's own names: `web rate`, `orders timeout`. */
  readonly label: string;
  /** Where the value sits in the base document: `['clients', 0, 'arrival', 'rate']`. */
  readonly path: readonly (string | number)[];
  /** The value as written, in `unit` (durations in ms). */
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly unit: KnobUnit;
  /** The part of the file it belongs to: `Clients`, `Services`, `Gateway` or `Mesh`. */
  readonly group: string;
}

/** The most knobs a file gets; the most useful kinds are kept (see `RANK`). */
export const MAX_KNOBS = 12;

/**
 * Which knobs are kept first when a file has more than `MAX_KNOBS`; ties keep file order. A
 * policy's options (balancers, breakers, health checks, retry budgets) come last.
 */
const RANK = { rate: 0, instances: 1, retries: 2, timeout: 3, limit: 4, concurrency: 5, policy: 6 } as const;

type Path = readonly (string | number)[];

/** How a knob of each unit is read from its scalar, for `applyKnob`. */
const READERS: Readonly<Record<KnobUnit, (node: Scalar) => WrittenValue | null>> = {
  rps: readRate,
  'per period': readRate,
  count: readNumber,
  attempts: readNumber,
  ms: readDuration,
  percent: readNumber,
  number: readNumber,
};

/**
 * The knobs of `text`, most useful first (rates, instances, retries, timeouts, limits, workers, then
 * the registered policies' options: see `policy-knobs.ts`), at most `MAX_KNOBS`. Text that does not
 * parse as one YAML document (or is not a mapping) has none. Ranges: rates 0.1x to 5x of the
 * written value on the 1-2-5 ladder, within 1..10 000 requests/s; instances and workers
 * 1..max(10, 3x); retries 0..max(10, x); timeouts and limits 0.1x to 5x; a policy's counts from
 * their least allowed value to max(10, 3x), percentages 0..100, its durations and numbers 0.1x to
 * 5x, all within the bounds its registry declares.
 */
export function findKnobs(text: string): Knob[] {
  const doc = parse(text);
  if (doc === null || !isMap(doc.contents)) return [];
  const found = new Finder(doc.contents);
  found.clients();
  found.services();
  found.routes();
  found.limiter();
  if (meshEnabled(doc.contents)) found.mesh();
  return found.knobs();
}

/**
 * `text` with the knob's value set to `value` and every other byte kept (comments, flow mappings,
 * quotes, the written unit: `2s` becomes `1.5s`). The value is written as a whole number when the
 * knob's step is whole, and never below 0. Unchanged when the text no longer parses, the path no
 * longer holds a value of the knob's kind, or `value` is not a finite number.
 */
export function applyKnob(text: string, knob: Knob, value: number): string {
  if (!Number.isFinite(value)) return text;
  const doc = parse(text);
  if (doc === null) return text;
  const node = doc.getIn(knob.path, true);
  if (!isScalar(node) || node.range == null || node.anchor !== undefined) return text;
  const written = READERS[knob.unit](node);
  if (written === null) return text;
  const next = Math.max(0, Number.isInteger(knob.step) ? Math.round(value) : tidy(value));
  const [start, end] = node.range;
  return text.slice(0, start) + written.write(next) + text.slice(end);
}

/** The document of `text`, or null when it has errors (syntax, duplicate keys, several documents). */
function parse(text: string): Document.Parsed | null {
  const doc = parsedYaml(text);
  return doc.errors.length === 0 ? doc : null;
}

/** True when the base or a variant turns the mesh on: only then do its policies act. */
function meshEnabled(root: YAMLMap): boolean {
  const on = (m: unknown): boolean =>
    isMap(m) && isMap(m.get('mesh')) && valueOf(m.get('mesh'), 'enabled') === true;
  const variants = root.get('variants');
  return on(root) || (isSeq(variants) && variants.items.some(on));
}

/** The plain value under `key` of a mapping (`undefined` when absent or not a scalar). */
function valueOf(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const node = map.get(key, true);
  return isScalar(node) ? node.value : undefined;
}

/** The scalar under `key` that a knob may edit: written, located, not an alias, no anchor. */
function scalarAt(map: YAMLMap, key: string): Scalar | null {
  const node = map.get(key, true);
  return isScalar(node) && node.range != null && node.anchor === undefined ? node : null;
}

/** The mappings of the list under `key`, with their positions. */
function entries(map: unknown, key: string): [number, YAMLMap][] {
  const list = isMap(map) ? map.get(key) : undefined;
  if (!isSeq(list)) return [];
  return list.items.flatMap((item, i): [number, YAMLMap][] => (isMap(item) ? [[i, item]] : []));
}

/** The `id` an item writes, or `fallback`. */
function nameOf(map: YAMLMap, fallback: string): string {
  const id = valueOf(map, 'id');
  return typeof id === 'string' || typeof id === 'number' ? String(id) : fallback;
}

/** The limiter a plugin is, from the limiter registry's table, or null for any other plugin. */
function limiterOf(plugin: YAMLMap): (typeof LIMITER_TABLE)[keyof typeof LIMITER_TABLE] | null {
  const name = valueOf(plugin, 'name');
  return typeof name === 'string' && Object.hasOwn(LIMITER_TABLE, name)
    ? LIMITER_TABLE[name as keyof typeof LIMITER_TABLE]
    : null;
}

/** A name made safe for an id: `api.v2` -> `api_v2`. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_') || '_';
}

/** Collects the knobs of one document, each with its rank. */
class Finder {
  private readonly found: { knob: Knob; rank: number }[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly root: YAMLMap) {}

  /** Every open client's `arrival.rate`. */
  clients(): void {
    for (const [i, client] of entries(this.root, 'clients')) {
      const arrival = client.get('arrival');
      if (!isMap(arrival) || arrival.has('users') || valueOf(arrival, 'process') === 'closed') continue;
      const name = nameOf(client, `client-${i + 1}`);
      this.add(RANK.rate, readNumber, arrival, 'rate', ['clients', i, 'arrival'], {
        id: `client.${slug(name)}.rate`,
        label: `${name} rate`,
        unit: 'rps',
        group: 'Clients',
        range: (v) => scaledRange(v, { lowest: 1, highest: 10_000 }),
      });
    }
  }

  /** Every service's `instances` and `concurrency`. */
  services(): void {
    for (const [i, service] of entries(this.root, 'services')) {
      const name = nameOf(service, `service-${i + 1}`);
      for (const field of ['instances', 'concurrency'] as const) {
        this.add(RANK[field], readNumber, service, field, ['services', i], {
          id: `service.${slug(name)}.${field}`,
          label: `${name} ${field}`,
          unit: 'count',
          group: 'Services',
          range: countRange,
        });
      }
    }
  }

  /** The gateway routes' `timeout` and `retries`. */
  routes(): void {
    for (const [i, route] of entries(this.root.get('gateway'), 'routes')) {
      const name = nameOf(route, `route-${i + 1}`);
      this.retriesAndTimeout(route, ['gateway', 'routes', i], `route.${slug(name)}`, name, 'Gateway');
      routePolicyOptions(route, ['gateway', 'routes', i], `route.${slug(name)}`, name, this.policyOption);
    }
  }

  /** The limit fields of the first rate limiter: the gateway's list first, then each route's. */
  limiter(): void {
    const gateway = this.root.get('gateway');
    // Each plugin with its path and the label's prefix (a route's name for a route's plugin).
    const plugins: [Path, string, YAMLMap][] = entries(gateway, 'plugins').map(([j, p]) => [
      ['gateway', 'plugins', j],
      '',
      p,
    ]);
    for (const [i, route] of entries(gateway, 'routes')) {
      const name = nameOf(route, `route-${i + 1}`);
      for (const [j, p] of entries(route, 'plugins')) {
        plugins.push([['gateway', 'routes', i, 'plugins', j], `${name} `, p]);
      }
    }
    const first = plugins.find(([, , p]) => limiterOf(p) !== null);
    if (first === undefined) return;
    const [path, prefix, plugin] = first;
    const name = String(valueOf(plugin, 'name'));
    const { limits, kind } = limiterOf(plugin) ?? { limits: [], kind: 'count' };
    for (const field of limits) {
      const node = scalarAt(plugin, field);
      const rate = kind === 'rate' || (kind === 'spike rate' && node !== null && !isPerMinute(node));
      this.add(RANK.limit, kind === 'spike rate' ? readRate : readNumber, plugin, field, path, {
        id: `limit.${slug(name)}.${field}`,
        label: name === 'rate-limiting' ? `${prefix}${name} per ${field}` : `${prefix}${name} ${field}`,
        unit: rate ? 'rps' : 'per period',
        group: 'Gateway',
        range: (v) => scaledRange(v, { lowest: 1, integer: !rate }),
      });
    }
  }

  /** `retries` and `timeout` of the mesh's `defaults` and of each service's policy. */
  mesh(): void {
    const mesh = this.root.get('mesh');
    if (!isMap(mesh)) return;
    const defaults = mesh.get('defaults');
    if (isMap(defaults)) {
      this.retriesAndTimeout(defaults, ['mesh', 'defaults'], 'mesh.defaults', 'defaults', 'Mesh');
      meshPolicyOptions(defaults, ['mesh', 'defaults'], 'mesh.defaults', 'defaults', this.policyOption);
    }
    const policies = mesh.get('policies');
    if (!isMap(policies)) return;
    for (const pair of policies.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if ((typeof key !== 'string' && typeof key !== 'number') || !isMap(pair.value)) continue;
      const name = String(key);
      const path = ['mesh', 'policies', key];
      this.retriesAndTimeout(pair.value, path, `mesh.policy.${slug(name)}`, name, 'Mesh');
      meshPolicyOptions(pair.value, path, `mesh.policy.${slug(name)}`, name, this.policyOption);
    }
  }

  /** A registered policy's option, found by `policy-knobs.ts`. */
  private readonly policyOption: FoundOption = (map, key, path, { read, ...spec }) =>
    this.add(RANK.policy, read, map, key, path, spec);

  /** The knobs, best first, at most `MAX_KNOBS`. */
  knobs(): Knob[] {
    return this.found
      .map((f, order) => ({ ...f, order }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .slice(0, MAX_KNOBS)
      .map((f) => f.knob);
  }

  /** A route's or a mesh policy's `retries` (a number, or `attempts` in a mapping) and `timeout`. */
  private retriesAndTimeout(map: YAMLMap, path: Path, id: string, name: string, group: string): void {
    const retries = map.get('retries', true);
    const retriesAt: [YAMLMap, string, Path] = isMap(retries)
      ? [retries, 'attempts', [...path, 'retries']]
      : [map, 'retries', path];
    this.add(RANK.retries, readNumber, ...retriesAt, {
      id: `${id}.retries`,
      label: `${name} retries`,
      unit: 'attempts',
      group,
      range: attemptsRange,
    });
    this.add(RANK.timeout, readDuration, map, 'timeout', path, {
      id: `${id}.timeout`,
      label: `${name} timeout`,
      unit: 'ms',
      group,
      range: (v) => scaledRange(v, { lowest: 1 }),
      positive: true,
    });
  }

  /** Adds the knob of `map[key]` when it holds a value `read` understands. */
  private add(
    rank: number,
    read: (node: Scalar) => WrittenValue | null,
    map: YAMLMap,
    key: string,
    path: Path,
    spec: {
      id: string;
      label: string;
      unit: KnobUnit;
      group: string;
      range: (value: number) => KnobRange;
      positive?: boolean;
    },
  ): void {
    const node = scalarAt(map, key);
    const written = node === null ? null : read(node);
    if (written === null || written.value < 0 || (spec.positive === true && written.value === 0)) return;
    const { min, max, step } = spec.range(written.value);
    const knob: Knob = {
      id: this.unique(spec.id),
      label: spec.label,
      path: [...path, key],
      value: written.value,
      min,
      max,
      step,
      unit: spec.unit,
      group: spec.group,
    };
    this.found.push({ knob, rank });
  }

  /** `id`, or `id-2`, `id-3`, ... when two items share a name. */
  private unique(id: string): string {
    let candidate = id;
    for (let n = 2; this.ids.has(candidate); n++) candidate = `${id}-${n}`;
    this.ids.add(candidate);
    return candidate;
  }
}
