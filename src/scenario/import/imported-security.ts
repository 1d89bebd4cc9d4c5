/**
 * Who may call whom, as Istio PeerAuthentication and RequestAuthentication say it, collected before
 * the scenario is known: per-service mTLS modes and the token issuers each service accepts.
 */
import { warnAt, type Where } from './config-entity';
import type { RawMtlsMode, RawRequestAuthentication } from './types';

/** Where a per-service mTLS mode comes from: a workload selector wins over a namespace (Istio). */
export type MtlsScope = 'selector' | 'namespace';

interface ServiceMode {
  readonly mode: RawMtlsMode;
  readonly scope: MtlsScope;
  readonly at: Where;
  readonly source: string;
}

/** Per-service mTLS modes: the most specific scope wins; within one scope the first, with a warning. */
export class ServiceMtls {
  private readonly modes = new Map<string, ServiceMode>();

  /** Sets `service`'s mode from `source`, written at `at`. */
  set(service: string, mode: RawMtlsMode, scope: MtlsScope, at: Where, source: string): void {
    const prev = this.modes.get(service);
    if (prev === undefined || (prev.scope === 'namespace' && scope === 'selector')) {
      this.modes.set(service, { mode, scope, at, source });
      return;
    }
    if (prev.scope === 'selector' && scope === 'namespace') return; // the selector's is more specific
    if (prev.mode !== mode)
      warnAt(
        at,
        `"${service}" already takes mTLS mode ${prev.mode} from ${prev.source} (line ${prev.at.pos.line} of ${prev.at.r.file}); ${mode} is left out`,
      );
  }

  /** The modes of the services in `known`, by service id (subsets' services take their host's). */
  section(known: ReadonlySet<string>, withSubsets: (id: string) => string[]): Record<string, RawMtlsMode> {
    const out: Record<string, RawMtlsMode> = {};
    for (const [service, { mode, at }] of this.modes) {
      if (!known.has(service)) {
        warnAt(at, `no service "${service}" in the scenario, so its mTLS mode applies to nothing; left out`);
        continue;
      }
      for (const id of withSubsets(service))
        if (!Object.hasOwn(out, id) || id === service) define(out, id, mode);
    }
    return out;
  }
}

/** A service's accepted issuers as read; `service` absent: every service. */
interface Accepted {
  readonly service?: string;
  readonly issuers: readonly string[];
  readonly at: Where;
}

/** The token issuers services accept, in the order read. */
export class AcceptedIssuers {
  private readonly entries: Accepted[] = [];

  /** Records that `service` (absent: every service) accepts tokens of `issuers`. */
  add(service: string | undefined, issuers: readonly string[], at: Where): void {
    if (issuers.length === 0) return;
    this.entries.push({ ...(service !== undefined && { service }), issuers, at });
  }

  /** The `mesh.requestAuthentication` entries for the services in `known`, expanded to subsets' services. */
  section(known: ReadonlySet<string>, withSubsets: (id: string) => string[]): RawRequestAuthentication[] {
    const out: RawRequestAuthentication[] = [];
    for (const e of this.entries) {
      if (e.service === undefined) {
        out.push({ issuers: [...e.issuers] });
        continue;
      }
      if (!known.has(e.service)) {
        warnAt(
          e.at,
          `no service "${e.service}" in the scenario, so the issuers it accepts apply to nothing; left out`,
        );
        continue;
      }
      for (const id of withSubsets(e.service)) out.push({ service: id, issuers: [...e.issuers] });
    }
    return out;
  }
}

/** Sets an own field, even one named `__proto__`. */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
