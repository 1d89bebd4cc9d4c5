import { expect } from 'vitest';
import { type Diagnostic, loadScenario } from '../../src/scenario';
import type { ScenarioFile } from '../../src/scenario/types';

/** Joins lines into a YAML document; line N of the file is argument N, so positions can be read off. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** Loads `text` that must be valid and returns the file (failing with every diagnostic otherwise). */
export function loaded(text: string, fileName = 'test.yaml'): ScenarioFile {
  const r = loadScenario(text, fileName);
  if (!r.ok) expect.fail(r.errors.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`).join('\n'));
  return r.file;
}

/** Loads `text` that must be invalid and returns its errors. */
export function errorsOf(text: string, fileName = 'test.yaml'): readonly Diagnostic[] {
  const r = loadScenario(text, fileName);
  if (r.ok) expect.fail('expected the scenario to be refused');
  return r.errors;
}

/** The one error `text` must produce. */
export function onlyError(text: string): Diagnostic {
  const errors = errorsOf(text);
  expect(errors.map((d) => d.message)).toHaveLength(1);
  return errors[0];
}

/** Warnings of a valid `text`. */
export function warningsOf(text: string): readonly Diagnostic[] {
  const r = loadScenario(text, 'test.yaml');
  if (!r.ok) expect.fail(r.errors.map((d) => d.message).join('\n'));
  return r.warnings;
}

/**
 * The generic mesh's policy of a service nothing configures, written out rather than imported so
 * that the tests pin the documented values.
 */
export const GENERIC_POLICY = {
  loadBalancer: 'ROUND_ROBIN',
  panicThreshold: 0,
  timeout: Infinity,
  connectTimeout: Infinity,
  retries: {
    attempts: 0,
    perTryTimeout: Infinity,
    retryOn: ['5xx'],
    backoff: { base: 25, max: 250 },
    otherHost: false,
  },
  connectionPool: {
    maxConnections: Infinity,
    maxPendingRequests: Infinity,
    maxRequests: Infinity,
    maxRetries: Infinity,
  },
} as const;

/** The generic mesh's sidecar, mTLS and discovery settings. */
export const GENERIC_MESH_SETTINGS = {
  sidecar: { overhead: { dist: 'constant', value: 0 }, concurrency: 2 },
  mtls: {
    mode: 'PERMISSIVE',
    handshake: { dist: 'constant', value: 0 },
    perRequest: { dist: 'constant', value: 0 },
    rotation: Infinity,
    idleTimeout: Infinity,
    services: {},
  },
  discovery: { propagationDelay: 0 },
  exclude: [],
  authorization: [],
  requestAuthentication: [],
} as const;
