/**
 * The declaration of one option of a registered policy (a balancer's, a limiter's): the check that
 * reads it from a file, its default, and the two cells of its row in the format reference. The
 * registries of `src/scenario/policies/` are made of these, so the checks, the model, the exporters
 * and the reference all read one declaration.
 */
import { opt, type Check, type Field } from '../checks';

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

/** Option name to option. */
export type PolicyOptions = Readonly<Record<string, PolicyOption<unknown>>>;

/** The options as the model reads them, each optional: absent means the declared default. */
export type OptionValues<O extends PolicyOptions> = {
  readonly [K in keyof O]?: O[K] extends PolicyOption<infer T> ? T : never;
};

/** The options filled with their defaults. */
export type FilledOptions<O extends PolicyOptions> = {
  readonly [K in keyof O]: O[K] extends PolicyOption<infer T> ? T : never;
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

/** The fields of a mapping that writes these options, each optional. */
export function optionFields<O extends PolicyOptions>(
  options: O,
): { readonly [K in keyof O]: Field<O[K] extends PolicyOption<infer T> ? T : never, 'opt'> } {
  const shape: Record<string, Field<unknown, 'opt'>> = {};
  for (const [name, option] of Object.entries(options)) shape[name] = opt(option.check);
  return shape as { readonly [K in keyof O]: Field<O[K] extends PolicyOption<infer T> ? T : never, 'opt'> };
}

/** `written` with every absent option set to its default. */
export function withDefaults<O extends PolicyOptions>(
  options: O,
  written: OptionValues<O>,
): FilledOptions<O> {
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(options)) out[name] = written[name] ?? option.default;
  return out as FilledOptions<O>;
}
