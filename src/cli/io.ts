import type { Budget } from '../scenario/limits';

/**
 * What the CLI needs from its process, passed in so that tests can run `main` in-process with a fake.
 */
export interface CliIo {
  /** Writes text to standard output as is (callers add their own newlines). */
  stdout(text: string): void;
  /** Writes text to standard error as is. */
  stderr(text: string): void;
  /** Whether standard error is a terminal; the progress bar is drawn only then. */
  readonly isTTY: boolean;
  /** Reads a UTF-8 text file; throws (with a Node `code` such as ENOENT) when it cannot. */
  readFile(path: string): string;
  /**
   * The files under `path`, recursively, when it is a folder; undefined when it is not one. Absent:
   * no folder is read (a folder is then an unreadable file).
   */
  listFiles?(path: string): string[] | undefined;
  /** Reads a file's bytes (a zipped bundle), throwing as `readFile` does. Absent: no zip is read. */
  readBytes?(path: string): Uint8Array;
  /** Writes a UTF-8 text file (`--trace`); throws (with a Node `code`) when it cannot. */
  writeFile(path: string, text: string): void;
  /** Wall clock in ms for the progress bar; default `performance.now`. */
  now?(): number;
  /** Print the stack of internal errors too (the entry sets it from `MESHSIM_DEBUG`); default false. */
  readonly debug?: boolean;
  /**
   * Stops a long run (`run`, `compare`, `check`) once aborted: at its next step, well within a second,
   * the command says how far it got and returns {@link ExitCode.interrupted}. The entry aborts it on
   * Ctrl-C; tests abort it themselves. Default: never aborted.
   */
  readonly signal?: AbortSignal;
  /**
   * The resource budget files and commands are held to (see `scenario/budget.ts`); default the shared
   * one. Tests and fuzzers may lower it.
   */
  readonly budget?: Budget;
}

/** The process exit codes of every command. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** The scenario file is invalid or cannot be read. */
  invalid: 1,
  /** Bad command line: unknown command or flag, missing argument, bad flag value. */
  usage: 2,
  /** A bug in meshsim. */
  internal: 3,
  /** `check`: a claim of the lesson does not hold on some seed. */
  claimFailed: 4,
  /** A long run stopped by Ctrl-C (the `signal`) before its end: 128 + SIGINT's number, as shells report it. */
  interrupted: 130,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
