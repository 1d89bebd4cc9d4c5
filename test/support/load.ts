import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, loadScenario } from '../../src/scenario';
import type { ScenarioFile } from '../../src/scenario/types';

/** Absolute path of a file under the repository's `scenarios/` folder. */
export function scenarioPath(relative: string): string {
  return fileURLToPath(new URL(`../../scenarios/${relative}`, import.meta.url));
}

/** Loads a scenario file of the library; a test fails at once, naming every error, if it is invalid. */
export function loadLibraryScenario(relative: string): ScenarioFile {
  const result = loadScenario(readFileSync(scenarioPath(relative), 'utf8'), relative);
  if (!result.ok) throw new Error(result.errors.map(formatDiagnostic).join('\n'));
  return result.file;
}
