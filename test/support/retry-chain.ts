/**
 * A chain of four meshed services whose leaf fails every call, with two retries at every hop and no
 * backoff, at a constant 10 requests a second for 1 s: the smallest retry storm, 3 × 3 × 3 = 27 tries
 * at the leaf for each request. As scenario lines, for the tests' YAML helpers.
 */
export const RETRY_CHAIN: readonly string[] = [
  'duration: 1s',
  'clients: [ { id: c, target: a, arrival: { process: constant, rate: 10 } } ]',
  'services:',
  '  - { id: a, calls: [ { service: b } ] }',
  '  - { id: b, calls: [ { service: c1 } ] }',
  '  - { id: c1, calls: [ { service: d } ] }',
  '  - { id: d, errorRate: 1 }',
  'mesh: { enabled: true, defaults: { retries: { attempts: 2, retryOn: [5xx], backoff: { base: 0ms, max: 0ms } } } }',
];
