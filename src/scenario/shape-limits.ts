/**
 * Bounds on the lists that multiply the loader's work, checked on the located tree before any field
 * is: each variant is merged over the base and checked whole, so the variants multiply the checking
 * of everything else, and a client's schedule steps are each checked, sorted and integrated again in
 * every variant. The other bounds on reading a file are in parse-limits.ts.
 */
import type { Path, Reporter } from './diagnostics';
import { figure } from './parse-limits';
import type { LMap, LNode } from './positions';

/** The most variants one file may have (the lesson with the most has 5). */
export const MAX_VARIANTS = 100;
/** The most schedule steps of one client (the lesson with the most has 10). */
export const MAX_SCHEDULE_STEPS = 1_000;

/**
 * Refuses a file with more than MAX_VARIANTS variants, or a client (of the base or of a variant)
 * with more than MAX_SCHEDULE_STEPS schedule steps, at the first item over the limit. Returns
 * whether the file is within both bounds.
 */
export function checkShapeLimits(root: LMap, r: Reporter): boolean {
  let ok = true;
  const variants = root.entries.get('variants')?.value;
  if (variants?.kind === 'seq' && variants.items.length > MAX_VARIANTS) {
    r.error(variants.items[MAX_VARIANTS].pos, ['variants'], {
      message: `${figure(variants.items.length)} variants, over the limit of ${figure(MAX_VARIANTS)}`,
      hint: 'lower the variants: split them into several files',
    });
    ok = false;
  }
  ok = checkSchedules(root, [], r) && ok;
  if (variants?.kind === 'seq')
    variants.items.slice(0, MAX_VARIANTS).forEach((item, i) => {
      ok = checkSchedules(item, ['variants', i], r) && ok;
    });
  return ok;
}

/** Checks the schedule of each client under `doc` (the base, or one variant's patch). */
function checkSchedules(doc: LNode, at: Path, r: Reporter): boolean {
  const clients = doc.kind === 'map' ? doc.entries.get('clients')?.value : undefined;
  if (clients?.kind !== 'seq') return true;
  let ok = true;
  clients.items.forEach((client, i) => {
    const steps = client.kind === 'map' ? client.entries.get('schedule')?.value : undefined;
    if (steps?.kind !== 'seq' || steps.items.length <= MAX_SCHEDULE_STEPS) return;
    r.error(steps.items[MAX_SCHEDULE_STEPS].pos, [...at, 'clients', i, 'schedule'], {
      message: `${figure(steps.items.length)} schedule steps, over the limit of ${figure(MAX_SCHEDULE_STEPS)} per client`,
      hint: 'lower the steps: join steps of the same rate, or run the long schedule in parts',
    });
    ok = false;
  });
  return ok;
}
