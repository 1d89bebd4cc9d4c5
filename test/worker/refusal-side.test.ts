/**
 * Which side refused a try answered at once, read from the traces of real runs: an open breaker's and
 * a full pool's 503 are the caller's sidecar's, a gateway limiter's 429 and a full queue's 503 the
 * callee's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/model/simulation';
import type { Span } from '../../src/model/trace';
import { loadScenario } from '../../src/scenario';
import type { Scenario } from '../../src/scenario/types';
import { REFUSED_BY_CALLEE, REFUSED_BY_CALLER } from '../../src/worker/frames';
import { refusalSide } from '../../src/worker/refusal-side';

/** Every traced try of `scenario` answered with a 4xx or 5xx, as `from -> to status side`, counted. */
function refusals(scenario: Scenario, durationMs: number): Map<string, number> {
  const sim = new Simulation({ ...scenario, tracing: { sample: 1, keep: 10 } }, { duration: durationMs });
  const found = new Map<string, number>();
  sim.observe({
    tracedTryEnded(_trace, call: Span) {
      if (call.status < 400) return;
      const side = refusalSide(call) === REFUSED_BY_CALLER ? 'caller' : 'callee';
      const key = `${call.from} -> ${call.to} ${call.status} ${side}`;
      found.set(key, (found.get(key) ?? 0) + 1);
    },
  });
  sim.runUntil(durationMs);
  return found;
}

function lesson(file: string, variant: string): Scenario {
  const r = loadScenario(
    readFileSync(new URL(`../../scenarios/lessons/${file}`, import.meta.url), 'utf8'),
    file,
  );
  if (!r.ok) throw new Error(r.errors.map((d) => d.message).join('\n'));
  const run = r.file.variants.find((v) => v.name === variant);
  if (!run) throw new Error(`no variant ${variant}`);
  return run.scenario;
}

describe('refusalSide', () => {
  it('reads the cause a caller writes on a try it answered itself', () => {
    expect(refusalSide({ notes: ['retry 1', 'circuit breaker open'] })).toBe(REFUSED_BY_CALLER);
    expect(refusalSide({ notes: ['connection pool overflow (x-envoy-overloaded)'] })).toBe(REFUSED_BY_CALLER);
    expect(refusalSide({ notes: ['injected fault'] })).toBe(REFUSED_BY_CALLER);
    expect(refusalSide({ notes: ['no healthy upstream'] })).toBe(REFUSED_BY_CALLER);
    expect(refusalSide({ notes: ['queue full'] })).toBe(REFUSED_BY_CALLEE);
    expect(refusalSide({ notes: ['connection refused: the instance is down'] })).toBe(REFUSED_BY_CALLEE);
    expect(refusalSide({ notes: [] })).toBe(REFUSED_BY_CALLEE);
  });

  it('the circuit-breaking lesson: the breaker’s and the pool’s 503s are checkout’s sidecar’s own', () => {
    // Payments hangs from 20 s; by 24 s the breaker has opened and the pool has overflowed. The 503s
    // checkout then answers its own callers were served: those are no refusal of the caller.
    const breaker = refusals(lesson('14-circuit-breaking.yaml', 'breaker'), 24_000);
    expect(breaker.get('checkout sidecar -> payments sidecar 503 caller')).toBeGreaterThan(50);
    expect(
      [...breaker.keys()].filter((k) => k.startsWith('checkout sidecar -> payments sidecar 503')),
    ).toEqual(['checkout sidecar -> payments sidecar 503 caller']);
    const pool = refusals(lesson('14-circuit-breaking.yaml', 'pool-limits'), 24_000);
    expect(pool.get('checkout sidecar -> payments sidecar 503 caller')).toBeGreaterThan(50);
    expect([...pool.keys()].filter((k) => k.startsWith('checkout sidecar -> payments sidecar 503'))).toEqual([
      'checkout sidecar -> payments sidecar 503 caller',
    ]);
  });

  it('a gateway limiter’s 429 and a full queue’s 503 are the callee’s', () => {
    const r = loadScenario(
      [
        'duration: 2s',
        'clients: [ { id: c, arrival: { process: constant, rate: 400 } } ]',
        'gateway:',
        '  id: edge',
        '  plugins: [ { name: rate-limiting, second: 300 } ]',
        '  routes: [ { id: all, match: { prefix: / }, service: s } ]',
        'services: [ { id: s, concurrency: 1, queue: 1, serviceTime: 20ms } ]',
      ].join('\n'),
      'refusals.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map((d) => d.message).join('\n'));
    const found = refusals(r.file.base, 2000);
    expect(found.get('c -> edge 429 callee')).toBeGreaterThan(50);
    expect(found.get('edge -> s 503 callee')).toBeGreaterThan(50);
    expect([...found.keys()].filter((k) => k.endsWith('caller'))).toEqual([]);
  });
});
