/**
 * Reading and loading a scenario file for a command: every diagnostic goes to standard error as one
 * `file:line:col: ...` line, warnings included, and a file that cannot be read is reported by name.
 */
import { formatDiagnostic, loadScenario } from '../scenario';
import type { ScenarioFile } from '../scenario/types';
import { plural } from '../report/figure-format';
import type { CliIo } from './io';

/** The outcome of {@link readScenarioFile}; when not ok, the reasons are already on standard error. */
export type ReadResult =
  | {
      readonly ok: true;
      readonly file: ScenarioFile;
      readonly warnings: number;
      /** The file was a bundle of product config, imported (scenario-input.ts). */
      readonly imported?: boolean;
    }
  | { readonly ok: false };

/**
 * Reads and loads `path`, printing its warnings and errors; the diagnostics name the file as given.
 * `text`, when given, is the file's text already read.
 */
export function readScenarioFile(path: string, io: CliIo, text?: string): ReadResult {
  if (text === undefined) {
    try {
      text = io.readFile(path);
    } catch (error) {
      io.stderr(`meshsim: cannot read scenario file '${path}': ${readFailure(error)}\n`);
      return { ok: false };
    }
  }
  const result = loadScenario(text, path, { budget: io.budget });
  for (const warning of result.warnings) io.stderr(`${formatDiagnostic(warning)}\n`);
  if (!result.ok) {
    for (const error of result.errors) io.stderr(`${formatDiagnostic(error)}\n`);
    io.stderr(`meshsim: ${path} is not a valid scenario (${plural(result.errors.length, 'error')})\n`);
    return { ok: false };
  }
  return { ok: true, file: result.file, warnings: result.warnings.length };
}

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Why a read failed, in words, from a Node error code when there is one. */
export function readFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in READ_FAILURES) return READ_FAILURES[code];
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
