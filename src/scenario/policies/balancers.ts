/**
 * The registry of load balancers: each declared once, with its name (as Istio spells its own), where
 * it may be used (a gateway route, a mesh policy), and its options with their checks, defaults and
 * rows in the format reference (`docs/scenario-format.md`, kept in agreement by a test). The
 * scenario checks, the mesh profiles, the exporters and the run-cost estimate read it; the model pairs each name with its constructor in
 * `src/model/balancers/registry.ts`, and the compiler makes every name have one. Their names and
 * options are those of `balancer-table.ts`, the plain facts the page's sliders read.
 *
 * A file writes a balancer by name (`loadBalancer: LEAST_REQUEST`) or with options
 * (`loadBalancer: { name: LEAST_REQUEST, choiceCount: 3 }`); an option of another balancer is an
 * error at its key.
 */
import { byKind, fields, map, num, oneOf, req, check, tagged, type Check } from '../checks';
import { duration } from '../units';
import type { BALANCER_TABLE } from './balancer-table';
import { MAX_CHOICE_COUNT, MAX_POINTS_PER_ENDPOINT } from './balancer-table';
import {
  optionFields,
  policyOption,
  type DeclaredBy,
  type OptionValues,
  type PolicyOptions,
} from './policy-option';

export { MAX_CHOICE_COUNT } from './balancer-table';

/** Where a balancer runs: in the gateway (a route's upstream) or in a sidecar (a mesh policy). */
export type BalancerPlace = 'gateway' | 'mesh';

/** A balancer's declaration. */
export interface BalancerDeclaration {
  /** Where a file may choose it. */
  readonly places: readonly BalancerPlace[];
  /** Its options; `{}` when it has none. */
  readonly options: PolicyOptions;
}

const positiveMillis = duration({ positive: true });

/** Every balancer, in the order the format reference lists them. */
export const BALANCERS = {
  ROUND_ROBIN: {
    places: ['gateway', 'mesh'],
    options: {},
  },
  RANDOM: {
    places: ['gateway', 'mesh'],
    options: {},
  },
  LEAST_REQUEST: {
    places: ['gateway', 'mesh'],
    options: {
      choiceCount: policyOption(
        num({
          expects: `an integer from 1 to ${MAX_CHOICE_COUNT}`,
          int: true,
          min: 1,
          max: MAX_CHOICE_COUNT,
        }),
        2,
        '`2`',
        `integer 1 to ${MAX_CHOICE_COUNT}`,
        "instances drawn (with replacement) and compared per pick when weights are equal; 1 is RANDOM (Envoy's `choice_count`)",
      ),
      activeRequestBias: policyOption(
        num({ expects: 'a number from 0 to 10', min: 0, max: 10 }),
        1,
        '`1`',
        'number 0 to 10',
        "with unequal `weights`, the exponent of (requests in flight + 1) dividing an instance's weight; 0 is weighted round robin (Envoy's `active_request_bias`)",
      ),
    },
  },
  LEAST_CONNECTIONS: {
    places: ['gateway'],
    options: {},
  },
  RING_HASH: {
    places: ['gateway', 'mesh'],
    options: {
      pointsPerEndpoint: policyOption(
        num({
          expects: `an integer from 1 to ${MAX_POINTS_PER_ENDPOINT}`,
          int: true,
          min: 1,
          max: MAX_POINTS_PER_ENDPOINT,
        }),
        160,
        '`160`',
        `integer 1 to ${MAX_POINTS_PER_ENDPOINT}`,
        "points each instance gets on the ring (weighted: in proportion to its weight); more points spread the keys more evenly (ketama's 160 per target)",
      ),
    },
  },
  EWMA: {
    places: ['gateway', 'mesh'],
    options: {
      decay: policyOption(
        positiveMillis,
        10_000,
        '`10s`',
        'duration > 0',
        "how fast an instance's latency estimate forgets: the time constant of its decay (Linkerd's `decay`)",
      ),
      defaultRtt: policyOption(
        positiveMillis,
        30,
        '`30ms`',
        'duration > 0',
        "an instance's latency estimate before its first answer (Linkerd's default RTT)",
      ),
    },
  },
} as const satisfies DeclaredBy<typeof BALANCER_TABLE, BalancerDeclaration>;

/** A balancer's name. */
export type BalancerName = keyof typeof BALANCERS;

/** The options of balancer `K` as a file may write them (each optional). */
export type BalancerOptionsOf<K extends BalancerName> = OptionValues<(typeof BALANCERS)[K]['options']>;

/**
 * The options of any balancer together; the checks allow only the chosen balancer's, so a
 * resolved scenario holds only those. Absent: every option at its default.
 */
export type BalancerOptions = UnionToIntersection<
  { [K in BalancerName]: BalancerOptionsOf<K> }[BalancerName]
>;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;

/** The balancers a file may choose in `place`, as a type. */
export type BalancerNameFor<P extends BalancerPlace> = {
  [K in BalancerName]: P extends (typeof BALANCERS)[K]['places'][number] ? K : never;
}[BalancerName];

/** Every balancer name, in declaration order. */
export const BALANCER_NAMES = Object.keys(BALANCERS) as BalancerName[];

/** The balancers a file may choose in `place`. */
export function balancersFor<P extends BalancerPlace>(place: P): BalancerNameFor<P>[] {
  return BALANCER_NAMES.filter((name): name is BalancerNameFor<P> =>
    (BALANCERS[name].places as readonly string[]).includes(place),
  );
}

/** A balancer as a file chose it: its name and the options it wrote. */
export type BalancerChoice<K extends BalancerName = BalancerName> = K extends BalancerName
  ? { readonly name: K; readonly options: BalancerOptionsOf<K> }
  : never;

/**
 * A balancer of `names`: its name alone (errors as for any word: `unknown load balancer "X"` with
 * a did-you-mean), or a mapping of `name` and that balancer's options.
 */
export function balancerChoice<K extends BalancerName>(names: readonly K[]): Check<BalancerChoice<K>> {
  const byName = oneOf(names, 'load balancer');
  const cases: Record<string, Check<BalancerChoice<K>>> = {};
  for (const name of names) {
    const shape = fields({ name: req(check(name, () => name)), ...optionFields(BALANCERS[name].options) });
    cases[name] = map(shape, ({ name: _name, ...options }) => choiceOf(name, options));
  }
  return byKind<BalancerChoice<K>>(
    {
      scalar: map(byName, (name) => choiceOf(name, {})),
      map: tagged('name', cases, 'load balancer'),
    },
    `${byName.expects}, or a mapping of name and its options`,
  );
}

/** A choice of `name` with `options` (checked against that balancer's declaration by the caller). */
function choiceOf<K extends BalancerName>(name: K, options: object): BalancerChoice<K> {
  return { name, options } as BalancerChoice<K>;
}

/**
 * A choice as a resolved scenario holds it: `loadBalancer` (the name) and, when the file wrote
 * options, `balancerOptions`. A name alone adds no field, so resolved scenarios stay as they were.
 */
export function balancerFields<K extends BalancerName>(choice: {
  readonly name: K;
  readonly options: BalancerOptions;
}): { readonly loadBalancer: K; readonly balancerOptions?: BalancerOptions } {
  return Object.keys(choice.options).length === 0
    ? { loadBalancer: choice.name }
    : { loadBalancer: choice.name, balancerOptions: choice.options };
}
