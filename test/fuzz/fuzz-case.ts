/**
 * Fuzz case number `index` of the run seeded `seed`: which seed input, what mutations, which command
 * line. Everything is drawn from the case's own stream, so (seed, index) makes the same case again.
 */
import { parseAllDocuments } from 'yaml';
import { parseDuration } from '../../src/scenario';
import type { FuzzInput, InputFile, InputKind } from './corpus';
import { mutateInput } from './mutate';
import { caseRandom, type Random } from './random';

/** One case: the command line to run and the files it reads, with how they were made. */
export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  /** The seed input's name (a folder's ends in `/`). */
  readonly input: string;
  readonly kind: InputKind;
  /** The words after `meshsim`; file arguments are the files' paths. */
  readonly argv: readonly string[];
  readonly files: readonly InputFile[];
  readonly mutations: readonly string[];
}

/** How often a case starts from each kind of input: scenarios most, as the users' files are. */
const INPUT_SHARES = { scenarios: 6, 'fixture-file': 2.5, 'fixture-folder': 1.5 } as const;

/** The commands a case runs on a scenario file, and on product config, with their weights. */
const SCENARIO_COMMANDS = {
  validate: 25,
  'run-json-short': 30,
  'run-json': 8,
  'run-text-short': 5,
  'compare-json-short': 10,
  'check-short': 10,
  export: 12,
} as const;
const CONFIG_COMMANDS = {
  import: 35,
  validate: 25,
  'run-json-short': 30,
  export: 10,
} as const;

type CommandChoice = keyof typeof SCENARIO_COMMANDS | keyof typeof CONFIG_COMMANDS;

/** The warmup of each seed input's scenario document, ms, so a short `--duration` can pass it. */
const warmups = new Map<string, number>();

function warmupOf(input: FuzzInput): number {
  const known = warmups.get(input.name);
  if (known !== undefined) return known;
  let warmup = 0;
  for (const doc of input.files.flatMap((f) => parseAllDocuments(f.path.endsWith('.hcl') ? '' : f.text))) {
    const value: unknown = 'get' in doc ? doc.get('warmup') : undefined;
    const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
    if (ms !== undefined && Number.isFinite(ms)) warmup = Math.max(warmup, ms);
  }
  warmups.set(input.name, warmup);
  return warmup;
}

/** A short simulated time past the input's warmup, as `--duration`'s text. */
function shortDuration(input: FuzzInput, random: Random): string {
  return `${Math.round(warmupOf(input) + random.pick([50, 200, 500, 1_000, 2_000]))}ms`;
}

/** The command line of a case on `input`, its files at `paths`. */
function commandLine(input: FuzzInput, paths: readonly string[], random: Random): string[] {
  const choice: CommandChoice =
    input.kind === 'scenario' ? random.weighted(SCENARIO_COMMANDS) : random.weighted(CONFIG_COMMANDS);
  const duration = () => ['--duration', shortDuration(input, random)];
  const seed = () => (random.chance(0.3) ? ['--seed', String(random.int(1_000))] : []);
  switch (choice) {
    case 'validate':
      return ['validate', ...paths];
    case 'import':
      return ['import', ...paths];
    case 'run-json-short':
      return ['run', ...paths, '--json', ...duration(), ...seed()];
    case 'run-json':
      return ['run', ...paths, '--json', ...seed()];
    case 'run-text-short':
      return ['run', ...paths, ...duration(), ...seed()];
    case 'compare-json-short':
      return ['compare', paths[0], '--json', ...duration(), '--replications', String(2 + random.int(2))];
    case 'check-short':
      return ['check', paths[0], '--seeds', '1', ...duration()];
    case 'export':
      return ['export', paths[0], '--to', random.pick(['kong', 'istio', 'consul'])];
  }
}

/** The inputs of one share of {@link INPUT_SHARES}. */
function ofShare(corpus: readonly FuzzInput[], share: keyof typeof INPUT_SHARES): readonly FuzzInput[] {
  return corpus.filter((i) =>
    share === 'scenarios' ? i.kind === 'scenario' || i.kind === 'bundle' : i.kind === share,
  );
}

/** Makes case `index` of the run seeded `seed` from `corpus` (see corpus.ts). */
export function makeCase(corpus: readonly FuzzInput[], seed: number, index: number): FuzzCase {
  const random = caseRandom(seed, index);
  const pool = ofShare(corpus, random.weighted(INPUT_SHARES));
  const input = random.pick(pool.length > 0 ? pool : corpus);
  const { files, mutations } = mutateInput(input, random);
  // Folders (and a few single files) are passed whole; export takes one file.
  const argv = commandLine(
    input,
    files.map((f) => f.path),
    random,
  );
  return { seed, index, input: input.name, kind: input.kind, argv, files, mutations };
}
