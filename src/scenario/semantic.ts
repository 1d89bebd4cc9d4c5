/**
 * Checks across sections, run once the shapes are valid: unique ids, references that resolve
 * (with did-you-mean), no call cycles, instance numbers in range, warmup shorter than the run.
 */
import type { Path, Reporter } from './diagnostics';
import { locate, type LNode } from './positions';
import { didYouMean } from './suggest';
import type { Scenario } from './types';

/** Reports every cross-reference problem of `s`; `root` is the document it was read from (for positions). */
export function checkSemantics(s: Scenario, root: LNode, r: Reporter): void {
  const err = (
    path: Path,
    message: string,
    extra: { expected?: string; found?: string; hint?: string } = {},
    atKey = false,
  ): void => r.error(locate(root, path, atKey), path, { message, ...extra });
  const warn = (path: Path, message: string, hint?: string): void =>
    r.warn(locate(root, path), path, { message, hint });

  // Duplicate ids. The gateway and services share one namespace: a client target may name either.
  const unique = (items: readonly { id: string; path: Path }[], what: string): void => {
    const first = new Map<string, Path>();
    for (const { id, path } of items) {
      const prev = first.get(id);
      if (prev === undefined) first.set(id, path);
      else {
        const at = locate(root, prev);
        err(path, `duplicate ${what} id "${id}"`, { hint: `first used at line ${at.line}` });
      }
    }
  };
  unique(
    s.clients.map((c, i) => ({ id: c.id, path: ['clients', i, 'id'] })),
    'client',
  );
  unique(
    [
      ...(s.gateway ? [{ id: s.gateway.id, path: ['gateway', 'id'] }] : []),
      ...s.services.map((x, i) => ({ id: x.id, path: ['services', i, 'id'] })),
    ],
    'service or gateway',
  );
  unique(
    s.gateway?.routes.map((x, i) => ({ id: x.id, path: ['gateway', 'routes', i, 'id'] })) ?? [],
    'route',
  );

  const services = new Map(s.services.map((x) => [x.id, x]));
  const serviceIds = [...services.keys()];
  const targets = [...(s.gateway ? [s.gateway.id] : []), ...serviceIds];
  const unknown = (
    path: Path,
    id: string,
    what: string,
    candidates: readonly string[],
    atKey = false,
    hint = didYouMean(id, candidates),
  ): void =>
    err(
      path,
      `unknown ${what} "${id}"`,
      {
        expected: candidates.length ? `one of ${candidates.join(', ')}` : `a ${what} id`,
        found: JSON.stringify(id),
        hint,
      },
      atKey,
    );
  // A target naming no component, in a file without a gateway, was most likely meant as the gateway.
  const noGateway =
    s.gateway === undefined
      ? 'this scenario has no gateway; target a service, or add a gateway section'
      : undefined;

  s.clients.forEach((c, i) => {
    if (c.target !== '' && !targets.includes(c.target)) {
      unknown(
        ['clients', i, 'target'],
        c.target,
        'target',
        targets,
        false,
        didYouMean(c.target, targets) ?? noGateway,
      );
    }
    if (s.gateway && c.target === s.gateway.id && s.gateway.routes.length === 0) {
      warn(
        ['gateway', 'routes'],
        `client "${c.id}" sends to gateway "${s.gateway.id}", which has no routes; its requests will find no upstream`,
      );
    }
    c.schedule.forEach((step, j) => {
      if (step.at >= s.duration)
        warn(
          ['clients', i, 'schedule', j, 'at'],
          `this rate change at ${step.at} ms comes after the end of the run (${s.duration} ms)`,
        );
    });
  });
  s.gateway?.routes.forEach((rt, i) => {
    if (!services.has(rt.service))
      unknown(['gateway', 'routes', i, 'service'], rt.service, 'service', serviceIds);
  });
  s.services.forEach((x, i) =>
    x.calls.forEach((c, j) => {
      if (!services.has(c.service))
        unknown(['services', i, 'calls', j, 'service'], c.service, 'service', serviceIds);
    }),
  );
  for (const id of Object.keys(s.mesh.policies ?? {})) {
    if (!services.has(id)) unknown(['mesh', 'policies', id], id, 'service', serviceIds, true);
  }

  checkCycles(s, err);

  s.faults.forEach((f, i) => {
    if (!targets.includes(f.target)) unknown(['faults', i, 'target'], f.target, 'target', targets);
    else if (f.instance !== undefined) {
      const instances =
        f.target === s.gateway?.id ? s.gateway.instances : (services.get(f.target)?.instances ?? 0);
      if (f.instance >= instances) {
        err(
          ['faults', i, 'instance'],
          `instance ${f.instance} is out of range: "${f.target}" has ${instances} instance${instances === 1 ? '' : 's'}`,
          {
            expected: `an instance number from 0 to ${instances - 1}`,
            found: String(f.instance),
          },
        );
      }
    }
    if (f.at >= s.duration)
      warn(
        ['faults', i, 'at'],
        `this fault starts at ${f.at} ms, after the end of the run (${s.duration} ms)`,
      );
  });

  if (s.warmup >= s.duration) {
    err(['warmup'], `warmup (${s.warmup} ms) must be shorter than duration (${s.duration} ms)`, {
      expected: `a duration below ${s.duration} ms`,
      found: `${s.warmup} ms`,
      hint: 'nothing would be measured',
    });
  }
}

/**
 * A service that calls itself, directly or through others, would never finish a request: each
 * cycle is reported once, at the call that closes it, as `a -> b -> a`.
 */
function checkCycles(
  s: Scenario,
  err: (path: Path, message: string, extra?: { hint?: string }) => void,
): void {
  const index = new Map(s.services.map((x, i) => [x.id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    const i = index.get(id) ?? -1;
    s.services[i]?.calls.forEach((c, j) => {
      const st = state.get(c.service);
      if (st === 'open') {
        const cycle = [...stack.slice(stack.indexOf(c.service)), c.service];
        err(['services', i, 'calls', j, 'service'], `call cycle ${cycle.join(' -> ')}`, {
          hint: 'a request would never finish; remove one of these calls',
        });
      } else if (st === undefined && index.has(c.service)) visit(c.service);
    });
    stack.pop();
    state.set(id, 'done');
  };
  for (const x of s.services) if (!state.has(x.id)) visit(x.id);
}
