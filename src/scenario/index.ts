export type * from './types';
export { loadScenario, formatDiagnostic } from './load';
export type { Diagnostic, LoadResult } from './load';
export { estimateEvents, MAX_EVENTS } from './limits';
export { parseDuration } from './units';
export { distMean } from './distributions';
export { PLUGIN_NAMES } from './schema/plugins';
export { importKong, importBundle, importSources, importedYaml } from './import';
export type { ImportResult, ImportSource, RawScenario } from './import';
