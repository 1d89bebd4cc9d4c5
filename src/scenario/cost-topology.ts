/**
 * The parts of a scenario's topology the cost estimate needs: how many instance slots each
 * component has, and which meshed components' sidecars call each service.
 */
import type { Path } from './diagnostics';
import type { Scenario } from './types';

/** A component's instance slots: the most instances it ever runs, and the field that sets them. */
export interface InstanceSlots {
  readonly id: string;
  readonly count: number;
  readonly path: Path;
}

/** The instance slots of each component (a scale fault's count when larger than its own). */
export function instanceSlots(s: Scenario): Map<string, InstanceSlots> {
  const slots = new Map<string, InstanceSlots>();
  if (s.gateway)
    slots.set(s.gateway.id, { id: s.gateway.id, count: s.gateway.instances, path: ['gateway', 'instances'] });
  s.services.forEach((x, i) =>
    slots.set(x.id, { id: x.id, count: x.instances, path: ['services', i, 'instances'] }),
  );
  s.faults.forEach((f, i) => {
    const slot = slots.get(f.target);
    if (f.kind === 'scale' && slot !== undefined && f.instances > slot.count)
      slots.set(f.target, { id: f.target, count: f.instances, path: ['faults', i, 'instances'] });
  });
  return slots;
}

/**
 * For each service reached through the mesh, the meshed components whose sidecars call it: the
 * gateway for its routes' services and split targets, each service for its calls; a destination's
 * splits, routes, mirror and failover add theirs for the same caller.
 */
export function meshCallers(s: Scenario): Map<string, Set<string>> {
  const excluded = new Set(s.mesh.exclude);
  const services = new Set(s.services.map((x) => x.id));
  const out = new Map<string, Set<string>>();
  const add = (caller: string, dest: string, depth = 0): void => {
    if (excluded.has(caller) || !services.has(dest) || caller === dest) return;
    const callers = out.get(dest) ?? new Set<string>();
    if (callers.has(caller)) return;
    callers.add(caller);
    out.set(dest, callers);
    const p = s.mesh.policies[dest];
    if (p === undefined || depth > 8) return;
    const more = [
      ...(p.split ?? []).map((t) => t.service),
      ...(p.routes ?? []).flatMap((r) => [
        ...(r.split ?? []).map((t) => t.service),
        ...(r.mirror ? [r.mirror.service] : []),
      ]),
      ...(p.mirror ? [p.mirror.service] : []),
      ...(p.failover ?? []),
    ];
    for (const id of more) add(caller, id, depth + 1);
  };
  if (s.gateway)
    for (const rt of s.gateway.routes)
      for (const id of [rt.service, ...(rt.split ?? []).map((t) => t.service)]) add(s.gateway.id, id);
  for (const x of s.services) for (const call of x.calls) add(x.id, call.service);
  return out;
}
