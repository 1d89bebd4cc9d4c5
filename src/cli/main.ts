/**
 * The `meshsim` command line. {@link main} takes the words after `meshsim` and an {@link CliIo}, so tests
 * run it in-process; {@link runFromProcess} wires it to the real process. `bin/meshsim.mjs` imports
 * this module's bundle (`.cli/meshsim.mjs`, built by `bin/cli-bundle.mjs`) and calls
 * {@link runFromProcess}; run directly (`tsx src/cli/main.ts`) it runs the command line itself.
 */
import { readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { StuckClockError } from '../engine/kernel';
import { readBoundedBytes, readBoundedFile } from './bounded-read';
import { closest, UsageError } from './args';
import { COMMAND_HELP, GENERAL_HELP } from './help';
import { ExitCode, type CliIo } from './io';
import { terminalSafe } from '../scenario/echo';
import { RunStoppedError } from './paced-run';

/** What `main` needs from its process; see io.ts. */
export type { CliIo } from './io';

/** A command: the words after its name in, an exit code out. */
type Command = (args: readonly string[], io: CliIo) => number | Promise<number>;

/** The commands, by name, loaded on first use so that `--help` and `--version` stay instant. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  run: async () => (await import('./commands/run')).runCommand,
  validate: async () => (await import('./commands/validate')).validateCommand,
  compare: async () => (await import('./commands/compare')).compareCommand,
  check: async () => (await import('./commands/check')).checkCommand,
  import: async () => (await import('./commands/import')).importCommand,
  export: async () => (await import('./commands/export')).exportCommand,
};

/**
 * Runs one command line. `argv` is what follows `meshsim` (`process.argv.slice(2)`). Returns the exit
 * code (see {@link ExitCode}); never throws: a usage error prints its message and a pointer to the
 * help, any other error prints one `meshsim: internal error: ...` line.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined) {
      io.stderr(GENERAL_HELP);
      return ExitCode.usage;
    }
    if (command === '--help' || command === '-h' || command === 'help') return help(args[0], io);
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout(`meshsim ${packageJson.version}\n`);
      return ExitCode.ok;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (load === undefined) {
      const guess = closest(command, Object.keys(COMMANDS));
      const kind = command.startsWith('-') ? 'option' : 'command';
      throw new UsageError(
        `unknown ${kind} '${command}'` +
          (guess ? ` (did you mean '${guess}'?)` : ` (expected ${Object.keys(COMMANDS).join(', ')} or help)`),
      );
    }
    const flagsEnd = args.indexOf('--');
    if (args.slice(0, flagsEnd < 0 ? undefined : flagsEnd).some((a) => a === '--help' || a === '-h'))
      return help(command, io);
    const handler = await load();
    return await handler(args, io);
  } catch (error) {
    if (error instanceof RunStoppedError) {
      io.stderr(`meshsim: ${terminalSafe(error.message)}\n`);
      return ExitCode.interrupted;
    }
    if (error instanceof UsageError) {
      const about = command !== undefined && Object.hasOwn(COMMANDS, command) ? ` ${command}` : '';
      // A usage error may quote the file (its variants' names) or the command line.
      io.stderr(`meshsim: ${terminalSafe(error.message)}\nRun 'meshsim help${about}' for usage.\n`);
      return ExitCode.usage;
    }
    if (error instanceof StuckClockError) {
      // The scenario, not meshsim, is at fault: a cycle that takes no simulated time.
      io.stderr(`meshsim: ${terminalSafe(error.message)}\n`);
      return ExitCode.invalid;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`meshsim: internal error: ${terminalSafe(message.split('\n')[0])}\n`);
    if (io.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return ExitCode.internal;
  }
}

/** Prints the overview, or one command's help; an unknown command is a usage error. */
function help(topic: string | undefined, io: CliIo): number {
  if (topic === undefined) {
    io.stdout(GENERAL_HELP);
    return ExitCode.ok;
  }
  const text = Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic] : undefined;
  if (text === undefined) {
    io.stderr(`meshsim: no help for '${topic}' (expected one of ${Object.keys(COMMAND_HELP).join(', ')})\n`);
    return ExitCode.usage;
  }
  io.stdout(text);
  return ExitCode.ok;
}

/**
 * The commands that run a simulation, in steps that leave the event loop free: while one goes, Ctrl-C
 * stops its run instead of killing the process. Any other command keeps Ctrl-C's default, which ends
 * it at once.
 */
const STOPPABLE = new Set(['run', 'compare', 'check']);

/** Runs {@link main} on this process's arguments and streams, and sets `process.exitCode`. */
export async function runFromProcess(): Promise<void> {
  // `meshsim run x --json | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const argv = process.argv.slice(2);
  // The first Ctrl-C stops the run at its next step, which then says how far it got; a second one
  // ends the process at once.
  const interrupts = new AbortController();
  const onInterrupt = (): void => {
    if (interrupts.signal.aborted) process.exit(ExitCode.interrupted);
    interrupts.abort();
  };
  if (STOPPABLE.has(argv[0] ?? '')) process.on('SIGINT', onInterrupt);
  try {
    process.exitCode = await main(argv, {
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      isTTY: Boolean(process.stderr.isTTY),
      readFile: readBoundedFile,
      readBytes: readBoundedBytes,
      listFiles: filesUnder,
      writeFile: (path, text) => writeFileSync(path, text),
      debug: Boolean(process.env.MESHSIM_DEBUG),
      signal: interrupts.signal,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** The files under `path`, recursively, when it is a folder; undefined otherwise (a missing path too: reading it says why). */
function filesUnder(path: string): string[] | undefined {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    return undefined;
  }
  if (!isFolder) return undefined;
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Whether this module is the script node was started with (`tsx src/cli/main.ts`). */
function isEntryModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryModule()) await runFromProcess();
