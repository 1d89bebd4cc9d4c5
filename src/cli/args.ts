/**
 * Command-line parsing: flags of the form `--name value` or `--name=value`, boolean flags, positional
 * arguments and `--` to end the flags. Every mistake becomes a {@link UsageError} that names the flag,
 * what was expected and what was found.
 */
import type { Millis } from '../scenario/types';
import { parseDuration as parseScenarioDuration } from '../scenario';

/** A mistake in the command line; `main` prints its message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A flag a command accepts. */
export interface FlagSpec {
  /** Without the leading dashes: `seed`. */
  readonly name: string;
  /** Describes the value for messages (`an integer seed, e.g. --seed 42`); absent for boolean flags. */
  readonly value?: string;
}

/** The command line of one command after parsing, values not yet converted. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Flag name to its text, or `true` for a boolean flag. */
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Splits `args` (the words after the command name) into flags and positionals, checking every flag
 * against `specs`. Throws {@link UsageError} for an unknown flag, a missing value, a value given to a
 * boolean flag, or a flag given twice.
 */
export function parseArgs(args: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = (eq < 0 ? word : word.slice(0, eq)).replace(/^--?/, '');
    const spec = specs.find((s) => s.name === name);
    if (!spec || !word.startsWith('--')) {
      const known = specs.map((s) => `--${s.name}`);
      const guess = closest(`--${name}`, known);
      throw new UsageError(
        `unknown flag ${eq < 0 ? word : word.slice(0, eq)} for '${command}'` +
          (guess
            ? ` (did you mean ${guess}?)`
            : known.length
              ? ` (expected one of ${known.join(', ')})`
              : ''),
      );
    }
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (spec.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value, got '${word.slice(eq + 1)}'`);
      flags.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = word.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) value = args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value: ${spec.value}`);
    flags.set(name, value);
  }
  return { positionals, flags };
}

/** The single FILE argument of `command`, or a {@link UsageError} when there is none or more than one. */
export function onlyFile(parsed: ParsedArgs, command: string): string {
  const files = parsed.positionals;
  if (files.length === 0) throw new UsageError(`'${command}' needs a scenario FILE`);
  if (files.length > 1) {
    throw new UsageError(`'${command}' takes one FILE, got ${files.length}: ${files.join(' ')}`);
  }
  return files[0];
}

/**
 * The FILE arguments of `command` (`run`, `validate`): one scenario file, or the files of one bundle.
 * A {@link UsageError} when there is none.
 */
export function inputFiles(parsed: ParsedArgs, command: string): readonly string[] {
  if (parsed.positionals.length === 0)
    throw new UsageError(
      `'${command}' needs a scenario FILE, or the FILEs of a Kong, Istio or Consul bundle`,
    );
  return parsed.positionals;
}

/** The text of a value flag, or undefined when it was not given. */
export function flagText(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The `--seed` and `--duration` overrides of `run` and `compare`, each undefined when not given. */
export function runOverrides(parsed: ParsedArgs): { seed?: number; duration?: Millis } {
  const seed = flagText(parsed, 'seed');
  const duration = flagText(parsed, 'duration');
  return {
    seed: seed === undefined ? undefined : parseSeed(seed),
    duration: duration === undefined ? undefined : parseDuration(duration),
  };
}

/** Parses `--seed`: a non-negative safe integer. */
export function parseSeed(text: string): number {
  const seed = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed expects a non-negative integer, got '${text}'`);
  }
  return seed;
}

/**
 * Parses a duration flag with the scenario format's own parser, so flags take the units files do:
 * `250us`, `500ms`, `1.5s`, `2m`, `1h`, or a bare number of milliseconds. The result is in ms and must
 * be positive and finite.
 */
export function parseDuration(text: string, flag = 'duration'): Millis {
  const ms = parseScenarioDuration(text);
  if (ms === undefined || !(ms > 0) || !Number.isFinite(ms)) {
    throw new UsageError(`--${flag} expects a positive duration like 30s, 500ms or 2m, got '${text}'`);
  }
  return ms;
}

/** The candidate closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
