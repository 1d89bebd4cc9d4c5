/** Importers: Kong declarative config and bundles to meshsim scenario documents. */
export { importKong } from './kong';
export { importBundle, importSources, type ImportSource } from './bundle';
export { isConfigBundle } from './bundle-detect';
export { importedYaml } from './emit';
export { relocateLoad } from './relocate';
export { isHcl, loadHclParser } from './hcl';
export type { ImportResult, RawScenario } from './types';
