/**
 * Which scenarios a run of a file covers, the one rule the CLI, the worker and the model share: every
 * variant in file order, or the base alone, named `base`, when the file has none.
 */
import type { Millis, Scenario, ScenarioFile } from '../scenario/types';

/** The name a file's base scenario runs under when the file has no variants. */
export const BASE_NAME = 'base';

/** One scenario a run covers, under the name its report carries. */
export interface RunVariant {
  readonly name: string;
  readonly scenario: Scenario;
}

/** The scenarios a run of `file` covers: its variants, or its base alone under {@link BASE_NAME}. */
export function runVariants(file: ScenarioFile): readonly RunVariant[] {
  return file.variants.length > 0 ? file.variants : [{ name: BASE_NAME, scenario: file.base }];
}

/**
 * The scenarios a run of `file` covers with `variant` asked for: all of them without it, else the one
 * of that name; empty when the file has no such variant (each face says so in its own words).
 */
export function chosenVariants(file: ScenarioFile, variant: string | undefined): readonly RunVariant[] {
  const all = runVariants(file);
  return variant === undefined ? all : all.filter((v) => v.name === variant);
}

/**
 * The first of the runs `variant` chooses whose warmup is not shorter than `duration` (ms): such a run
 * would measure nothing, so the CLI and the worker refuse it before it starts. Undefined without a
 * duration, or when every chosen run lasts longer than its warmup.
 */
export function runWithinWarmup(
  file: ScenarioFile,
  duration: Millis | undefined,
  variant: string | undefined,
): RunVariant | undefined {
  if (duration === undefined) return undefined;
  return chosenVariants(file, variant).find((v) => duration <= v.scenario.warmup);
}
