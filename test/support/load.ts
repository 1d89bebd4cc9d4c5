import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, importBundle, importedYaml, loadScenario } from '../../src/scenario';
import { isConfigBundle } from '../../src/scenario/import/bundle-detect';
import type { ScenarioFile } from '../../src/scenario/types';

/** Absolute path of a file under the repository's `scenarios/` folder. */
export function scenarioPath(relative: string): string {
  return fileURLToPath(new URL(`../../scenarios/${relative}`, import.meta.url));
}

/**
 * The scenario text of a library file, as the page opens it: the file itself, or for a bundle of
 * product config the scenario its import prints (which the page puts in its editor). A test fails
 * at once, naming every error, when a bundle does not import.
 */
export function libraryScenarioText(relative: string): { text: string; importWarnings: string[] } {
  const text = readFileSync(scenarioPath(relative), 'utf8');
  if (!isConfigBundle(text, relative)) return { text, importWarnings: [] };
  const result = importBundle(text, relative);
  if (result.errors.length > 0) throw new Error(result.errors.map(formatDiagnostic).join('\n'));
  return { text: importedYaml(result, [relative]), importWarnings: result.warnings.map(formatDiagnostic) };
}

/** Loads a scenario file of the library (a bundle imported first); a test fails at once, naming every error, if it is invalid. */
export function loadLibraryScenario(relative: string): ScenarioFile {
  const result = loadScenario(libraryScenarioText(relative).text, relative);
  if (!result.ok) throw new Error(result.errors.map(formatDiagnostic).join('\n'));
  return result.file;
}
