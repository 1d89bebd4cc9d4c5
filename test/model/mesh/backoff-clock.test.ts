/**
 * A retry's backoff is the caller's wait, not the latency of the instance the retry goes to. An
 * independent model found that counting it there made Linkerd's peak-EWMA balancer send about half of
 * all tries to an instance that fails half its calls, against 0.30 without backoff: each retry away
 * from the failing instance lands on the good one with 100 ms of backoff on its clock, and the good
 * instance looks slow.
 */
import { describe, expect, it } from 'vitest';
import { type VariantReport } from '../../../src/model';
import { loaded, yaml } from '../../scenario/helpers';
import { runFileWithinBudget } from '../../support/event-budget';

/** Share of the backend's tries served by its failing instance, with retries backing off `backoff`. */
function failingShare(backoff: string, balancer: string): { share: number; report: VariantReport } {
  const report = runFileWithinBudget(
    loaded(
      yaml(
        'duration: 60s',
        'warmup: 5s',
        'clients: [ { id: load, target: front, arrival: { rate: 100 } } ]',
        'services:',
        '  - { id: front, concurrency: 64, calls: [ back ] }',
        '  - { id: back, instances: 2, concurrency: 16, serviceTime: { dist: exponential, mean: 10ms } }',
        'faults: [ { kind: errors, target: back, instance: 1, rate: 0.5 } ]',
        'mesh:',
        '  enabled: true',
        '  profile: linkerd',
        '  policies:',
        '    back:',
        `      loadBalancer: ${balancer}`,
        '      failureAccrual: false',
        `      retries: { attempts: 2, retryOn: [ 5xx ], backoff: { base: ${backoff}, max: ${backoff} }, budget: false }`,
      ),
    ),
  ).variants[0];
  const [good, failing] = report.components.back.servedByInstance;
  return { share: failing / (good + failing), report };
}

describe('a try’s clocks start when it leaves, after its backoff', () => {
  it('peak EWMA sends the failing instance the same share whether retries back off 100 ms or not', () => {
    const quick = failingShare('0.01ms', 'EWMA').share;
    const slow = failingShare('100ms', 'EWMA').share;
    // About 7 000 tries each; a binomial sd of the share is under 0.006. Measured 0.439 and 0.440;
    // with the backoff on the good instance's clock, 0.606 against 0.439.
    expect(Math.abs(slow - quick)).toBeLessThan(0.04);
  });

  it('least request never measured latency, and is unchanged', () => {
    const quick = failingShare('0.01ms', 'LEAST_REQUEST').share;
    const slow = failingShare('100ms', 'LEAST_REQUEST').share;
    expect(Math.abs(slow - quick)).toBeLessThan(0.04);
  });

  it('the mesh edges’ latency leaves the backoff out: p99 stays that of the service time', () => {
    const { report } = failingShare('100ms', 'EWMA');
    const edge = report.mesh!.edges.find((e) => e.from === 'front' && e.to === 'back')!;
    // Tries take the 10 ms exponential service time (p99 46 ms) plus sidecar passes of about a
    // millisecond. Retries are about a fifth of the tries: a backoff of U[0, 100) ms on their
    // clocks lifted it to 111 ms.
    expect(edge.p99).toBeLessThan(60);
  });
});
