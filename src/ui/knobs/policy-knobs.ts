/**
 * The sliders of the registered policies a scenario file writes: a balancer's options, the mesh's
 * breakers (`connectionPool`, `circuitBreaker`), health checks (`outlierDetection`,
 * `failureAccrual`, a route's `passive` and `active`) and retry budgets. Which policies exist, their
 * options and what each counts come from the registries' plain tables (through the report), so a
 * policy or an option added to a registry gets its slider here without a change to this file.
 *
 * Pure: it walks the parsed YAML and hands each numeric option it finds to the caller's `found`.
 */
import { isMap, isScalar, type Scalar, type YAMLMap } from 'yaml';
import {
  BALANCER_TABLE,
  BREAKER_TABLE,
  HEALTH_CHECK_PLACES,
  HEALTH_CHECK_TABLE,
  isSliderKind,
  RETRY_BUDGET_TABLE,
  type OptionFacts,
  type OptionKind,
} from '../../report/policy-tables';
import { boundedCountRange, percentRange, scaledRange, type KnobRange } from './knob-scale';
import { readDuration, readNumber, type WrittenValue } from './knob-values';
import type { KnobUnit } from './knobs';

type Path = readonly (string | number)[];

/** One policy's options in its registry's table: option name to facts. */
type OptionTableRow = Readonly<Record<string, OptionFacts>>;

/** One option of a policy, as found: where it is and how the page names it. */
export interface PolicyOptionKnob {
  /** Unique within the file once the caller makes it so: `mesh.policy.payments.connectionPool.maxConnections`. */
  readonly id: string;
  /** `payments maxConnections`, `checkout passive httpFailures`, `defaults budget ratio`. */
  readonly label: string;
  /** `Mesh` or `Gateway`. */
  readonly group: string;
  /** What the value counts, from the option's kind in its registry's table. */
  readonly unit: KnobUnit;
  /** How the value is read from its scalar. */
  readonly read: (node: Scalar) => WrittenValue | null;
  /** The slider's range around a written value, within the format's bounds. */
  readonly range: (value: number) => KnobRange;
  /** True when the format excludes 0 (a duration > 0): a 0 written is not a knob. */
  readonly positive: boolean;
}

/** Receives each numeric option found: the mapping holding it, its key and the mapping's path. */
export type FoundOption = (map: YAMLMap, key: string, path: Path, knob: PolicyOptionKnob) => void;

/** How a slider reads, shows and bounds an option of each numeric kind. */
export interface SliderOfKind {
  readonly unit: KnobUnit;
  readonly read: (node: Scalar) => WrittenValue | null;
  readonly range: (value: number, facts: OptionFacts) => KnobRange;
}

/** The slider of each numeric kind of option. */
export const SLIDERS: Readonly<Record<Exclude<OptionKind, 'statuses'>, SliderOfKind>> = {
  count: {
    unit: 'count',
    read: readNumber,
    range: (v, { lowest, highest }) => boundedCountRange(v, lowest, highest),
  },
  duration: {
    unit: 'ms',
    read: readDuration,
    range: (v, { lowest }) => scaledRange(v, { lowest }),
  },
  percent: {
    unit: 'percent',
    read: readNumber,
    range: (v, { lowest, highest }) => percentRange(v, lowest, highest),
  },
  number: {
    unit: 'number',
    read: readNumber,
    range: (v, { lowest, highest }) => scaledRange(v, { lowest, highest }),
  },
  rate: {
    unit: 'rps',
    read: readNumber,
    range: (v, { lowest }) => scaledRange(v, { lowest }),
  },
};

/**
 * The policy options a gateway route writes: its balancer's (`loadBalancer: { name, ... }`) and
 * its health checks' (`healthchecks: { passive: {...}, active: {...} }`).
 */
export function routePolicyOptions(
  route: YAMLMap,
  path: Path,
  id: string,
  name: string,
  found: FoundOption,
): void {
  const at = { path, id, name, group: 'Gateway' };
  balancerOptions(route, at, found);
  const checks = route.get('healthchecks');
  if (!isMap(checks)) return;
  for (const check of namesIn(HEALTH_CHECK_PLACES, 'gateway')) {
    const options = checks.get(check);
    if (!isMap(options)) continue;
    const table: OptionTableRow = HEALTH_CHECK_TABLE[check];
    optionsOf(
      options,
      table,
      {
        path: [...path, 'healthchecks', check],
        id: `${id}.healthchecks.${check}`,
        label: `${name} ${check}`,
        group: 'Gateway',
      },
      found,
    );
  }
}

/**
 * The policy options a mesh policy (or the mesh's `defaults`) writes: its balancer's, its
 * breakers', its health checks' and its retry budget's (`retries: { budget: {...} }`).
 */
export function meshPolicyOptions(
  policy: YAMLMap,
  path: Path,
  id: string,
  name: string,
  found: FoundOption,
): void {
  balancerOptions(policy, { path, id, name, group: 'Mesh' }, found);
  const groups: [string, OptionTableRow][] = [
    ...Object.entries(BREAKER_TABLE),
    ...namesIn(HEALTH_CHECK_PLACES, 'mesh').map((check): [string, OptionTableRow] => [
      check,
      HEALTH_CHECK_TABLE[check],
    ]),
  ];
  for (const [field, table] of groups) {
    const options = policy.get(field);
    if (isMap(options))
      optionsOf(
        options,
        table,
        { path: [...path, field], id: `${id}.${field}`, label: name, group: 'Mesh' },
        found,
      );
  }
  const retries = policy.get('retries');
  const budget = isMap(retries) ? retries.get('budget') : undefined;
  if (!isMap(budget)) return;
  for (const table of Object.values(RETRY_BUDGET_TABLE))
    optionsOf(
      budget,
      table,
      { path: [...path, 'retries', 'budget'], id: `${id}.budget`, label: `${name} budget`, group: 'Mesh' },
      found,
    );
}

/** Where the options of one mapping sit, and the start of their ids and labels. */
interface At {
  readonly path: Path;
  readonly id: string;
  readonly label: string;
  readonly group: string;
}

/** The options of the balancer a mapping names in `loadBalancer: { name, ... }`. */
function balancerOptions(
  map: YAMLMap,
  at: { readonly path: Path; readonly id: string; readonly name: string; readonly group: string },
  found: FoundOption,
): void {
  const balancer = map.get('loadBalancer');
  if (!isMap(balancer)) return;
  const name = balancer.get('name');
  if (typeof name !== 'string' || !Object.hasOwn(BALANCER_TABLE, name)) return;
  const table: OptionTableRow = BALANCER_TABLE[name as keyof typeof BALANCER_TABLE];
  optionsOf(
    balancer,
    table,
    { path: [...at.path, 'loadBalancer'], id: `${at.id}.loadBalancer`, label: at.name, group: at.group },
    found,
  );
}

/** Each numeric option of `table` that `map` writes, in the table's order. */
function optionsOf(map: YAMLMap, table: OptionTableRow, at: At, found: FoundOption): void {
  for (const [option, facts] of Object.entries(table)) {
    if (!isSliderKind(facts.kind) || !isScalar(map.get(option, true))) continue;
    const slider = SLIDERS[facts.kind];
    found(map, option, at.path, {
      id: `${at.id}.${option}`,
      label: `${at.label} ${option}`,
      group: at.group,
      unit: slider.unit,
      read: slider.read,
      range: (value) => slider.range(value, facts),
      positive: facts.lowest > 0,
    });
  }
}

/** The names of a table of places that are written in `place`. */
function namesIn<K extends string, P extends string>(places: Readonly<Record<K, P>>, place: P): K[] {
  return (Object.keys(places) as K[]).filter((name) => places[name] === place);
}
