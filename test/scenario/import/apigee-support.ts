/** The files of a real-shaped Apigee proxy bundle, as `meshsim import` reads its folder. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportSource } from '../../../src/scenario';
import { bundleFilesUnder } from '../../support/config-files';

const REAL = fileURLToPath(new URL('../../fixtures/real/apigee/', import.meta.url));

/** The XML files of the bundle in folder `name`, each named by its path under the folder. */
export function apigeeSources(name: string): ImportSource[] {
  const dir = `${REAL}${name}`;
  return bundleFilesUnder(dir).map((path) => ({
    text: readFileSync(path, 'utf8'),
    fileName: relative(dir, path),
  }));
}
