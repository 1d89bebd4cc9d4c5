/**
 * The declaration of one option of a registered policy (a balancer's, a breaker's, a retry budget's,
 * a health check's): the check that reads it from a file, its default, and the cells of its row in
 * the format reference. The registries of `src/scenario/policies/` are made of these, so the checks,
 * the model, the importers, the exporters and the reference all read one declaration.
 */
import { dflt, opt, req, type Check, type Field } from '../checks';
import type { OptionFacts, OptionTable } from './option-kinds';

/** One option: how a file writes it, what it is when the file leaves it out, and how the docs say so. */
export interface PolicyOption<T> {
  /** Reads the option's node, with positioned errors. */
  readonly check: Check<T>;
  /** The value when the file leaves the option out: the policy's own default (ms for durations). */
  readonly default: T;
  /** The default as the format reference writes it (`2`, `10s`). */
  readonly defaultText: string;
  /** The type as the format reference writes it (`integer ≥ 1`). */
  readonly type: string;
  /** What the option does, one sentence for the reference. */
  readonly doc: string;
}

/** An option a file must write when it writes its policy: it has no default. */
export interface RequiredOption<T> {
  /** Reads the option's node, with positioned errors. */
  readonly check: Check<T>;
  readonly required: true;
  /** `—`: the reference's cell for no default. */
  readonly defaultText: string;
  /** The type as the format reference writes it. */
  readonly type: string;
  /** What the option does, one sentence for the reference. */
  readonly doc: string;
}

/** Option name to option. */
export type PolicyOptions = Readonly<Record<string, PolicyOption<unknown> | RequiredOption<unknown>>>;

/** The value an option of these facts holds: a list of status codes, or a number. */
type ValueOfFacts<F extends OptionFacts> = F['kind'] extends 'statuses' ? readonly number[] : number;

/**
 * A registry's declarations, `D` each, whose options are exactly those its table `T` names, each
 * holding the value its kind says: an option declared but not in the table, or in the table but
 * not declared, is a compile error, so the page's sliders (which read the table) and the checks
 * agree.
 */
export type DeclaredBy<T extends OptionTable, D> = {
  readonly [K in keyof T]: Omit<D, 'options'> & {
    readonly options: {
      readonly [F in keyof T[K]]: PolicyOption<ValueOfFacts<T[K][F]>> | RequiredOption<ValueOfFacts<T[K][F]>>;
    };
  };
};

/** The value type of option `O`. */
type ValueOf<O> = O extends { readonly check: Check<infer T> } ? T : never;

/** The options as the model reads them, each optional: absent means the declared default. */
export type OptionValues<O extends PolicyOptions> = {
  readonly [K in keyof O]?: ValueOf<O[K]>;
};

/**
 * The options as an importer writes them into a file, each optional and settable as it is built:
 * the value the model reads, but a duration (by its kind in the registry's table `T`) as text with
 * its unit (`5s`), as the file format writes it. An option the registry does not declare is a
 * compile error.
 */
export type WrittenOptions<O extends PolicyOptions, T extends Readonly<Record<string, OptionFacts>>> = {
  -readonly [K in keyof O]?: (K extends keyof T ? T[K]['kind'] : never) extends 'duration'
    ? string
    : ValueOf<O[K]>;
};

/** The options filled with their defaults. */
export type FilledOptions<O extends PolicyOptions> = {
  readonly [K in keyof O]: ValueOf<O[K]>;
};

/** An option; `defaultText` is how the reference writes `fallback`. */
export function policyOption<T>(
  check: Check<T>,
  fallback: T,
  defaultText: string,
  type: string,
  doc: string,
): PolicyOption<T> {
  return { check, default: fallback, defaultText, type, doc };
}

/** A required option (no default); the reference writes `—` in its default cell. */
export function requiredOption<T>(check: Check<T>, type: string, doc: string): RequiredOption<T> {
  return { check, required: true, defaultText: '—', type, doc };
}

/**
 * The fields of a mapping that writes these options, each optional: what is absent is filled later,
 * from a less specific layer or the declared defaults (see `withDefaults`).
 */
export function optionFields<O extends PolicyOptions>(
  options: O,
): { readonly [K in keyof O]: Field<ValueOf<O[K]>, 'opt'> } {
  const shape: Record<string, Field<unknown, 'opt'>> = {};
  for (const [name, option] of Object.entries(options)) shape[name] = opt(option.check);
  return shape as { readonly [K in keyof O]: Field<ValueOf<O[K]>, 'opt'> };
}

/**
 * The fields of a mapping that writes these options, filled as they are read: a required option
 * is an error when absent, any other takes its default.
 */
export function filledFields<O extends PolicyOptions>(
  options: O,
): {
  readonly [K in keyof O]: Field<ValueOf<O[K]>, O[K] extends RequiredOption<unknown> ? 'req' : 'def'>;
} {
  const shape: Record<string, Field<unknown>> = {};
  for (const [name, option] of Object.entries(options))
    shape[name] = 'required' in option ? req(option.check) : dflt(option.check, option.default);
  return shape as {
    readonly [K in keyof O]: Field<ValueOf<O[K]>, O[K] extends RequiredOption<unknown> ? 'req' : 'def'>;
  };
}

/** `written` with every absent option set to its default (a required option stays as written). */
export function withDefaults<O extends PolicyOptions>(
  options: O,
  written: OptionValues<O>,
): FilledOptions<O> {
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(options))
    out[name] = written[name] ?? ('required' in option ? undefined : option.default);
  return out as FilledOptions<O>;
}

/** Every option at its default: what a policy turned on with `{}` is (no option may be required). */
export function defaultsOf<O extends PolicyOptions>(options: O): FilledOptions<O> {
  return withDefaults(options, {});
}
