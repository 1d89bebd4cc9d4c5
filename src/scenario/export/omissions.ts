/**
 * What an export could not write: each scenario field without a counterpart in the product, by its
 * path in the scenario (`gateway.routes[0].timeout`) and why, so that nothing is dropped silently.
 */

/** One field left out of an export. */
export interface NotExported {
  /** The field's path in the scenario, as the format's docs write it: `mesh.policies.api.failover`. */
  readonly path: string;
  /** Why: what the product lacks, or what it would do instead. */
  readonly why: string;
  /**
   * A parameter of the simulation rather than of the product (a gateway's sizing, a sidecar's cost):
   * the scenario document keeps it, and a bundle of that document and the exported config still has it.
   */
  readonly simulation?: true;
}

/** The product config an export wrote, and what it left out. */
export interface ExportResult {
  /** The product's config, as the file to write (YAML, or JSON documents for Consul). */
  readonly text: string;
  /** Each file of the config when it is one entry a file (Consul), by a suggested name; else absent. */
  readonly files?: readonly { readonly name: string; readonly text: string }[];
  readonly notExported: readonly NotExported[];
}

/** Collects the fields an export leaves out, once each by path. */
export class Omissions {
  private readonly byPath = new Map<string, NotExported>();

  /** Records that the field at `path` is not exported, and why. The first reason for a path wins. */
  add(path: string, why: string): void {
    if (!this.byPath.has(path)) this.byPath.set(path, { path, why });
  }

  /** Records a simulation parameter at `path` that the product's config does not hold. */
  simulation(path: string, why: string): void {
    if (!this.byPath.has(path)) this.byPath.set(path, { path, why, simulation: true });
  }

  /** Every field left out, in the order they were found. */
  list(): NotExported[] {
    return [...this.byPath.values()];
  }
}

/** `Infinity` ms is "none": the products write no field for it. */
export const isSet = (ms: number): boolean => Number.isFinite(ms);

/** Milliseconds as the duration string Istio writes (`1.5s`, `250ms`). */
export function durationText(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  if (Number.isInteger(ms)) return `${ms}ms`;
  return `${Number((ms / 1000).toPrecision(12))}s`;
}

/** Two values alike as JSON (resolved specs are plain data). */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, infinite) === JSON.stringify(b, infinite);
}

function infinite(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/**
 * Records each balancer option a scenario wrote (`balancerOptions`, see the balancer registry) that
 * the product cannot set, except those in `written`, under `at` (`gateway.routes[0].loadBalancer`).
 */
export function balancerOptionsLeftOut(
  omissions: Omissions,
  at: string,
  options: object | undefined,
  product: string,
  written: readonly string[] = [],
): void {
  for (const option of Object.keys(options ?? {})) {
    if (!written.includes(option))
      omissions.add(`${at}.${option}`, `${product} does not set the balancer's ${option}`);
  }
}
