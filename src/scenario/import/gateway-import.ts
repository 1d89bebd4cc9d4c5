/**
 * What a gateway product's config gives a bundle (`bundle.ts`): a scenario with the gateway, its
 * routes and plugins, stub services for the hosts it forwards to and a client stub, whatever the
 * product. Kong's importer makes one (`kongScenario`); every gateway importer makes the same, so the
 * bundle merges a scenario document over any of them alike. A bundle holds one gateway's config.
 */
import { warnAt, type Where } from './config-entity';
import type { RawScenario } from './types';

/** The gateway products meshsim imports, as their config names them in diagnostics. */
export type GatewayProduct = 'Kong' | 'AWS API Gateway' | 'Apigee';

/** A stub service made for a host the gateway forwards to, and where that host is written. */
export interface ServiceStub {
  readonly id: string;
  readonly at: Where;
  /** The upstream behind the host, when there is one (Kong's upstream and its targets). */
  readonly upstream?: { readonly name: string; readonly targets: number };
}

/** A scenario made from one gateway product's config, with its stub services (their warnings are the caller's). */
export interface GatewayImport {
  readonly product: GatewayProduct;
  /** Where the config starts (its first document): where a bundle's second gateway is told apart. */
  readonly at: Where;
  readonly scenario: RawScenario;
  readonly stubs: readonly ServiceStub[];
  /** The description's line about the client stub, if any: a bundle with its own clients drops it. */
  readonly clientNote?: string;
}

/** Warns that a stub service's times are placeholders: `product`'s config holds no service times. */
export function warnStub(stub: ServiceStub, product: GatewayProduct): void {
  const what =
    stub.upstream === undefined ? 'serviceTime, concurrency and instances' : 'serviceTime and concurrency';
  const from =
    stub.upstream === undefined
      ? ''
      : ` (instances: the ${stub.upstream.targets} targets of upstream "${stub.upstream.name}")`;
  warnAt(
    stub.at,
    `meshsim service "${stub.id}" is a stub${from}: ${product} config holds no service times, so its ${what} are placeholder defaults to edit`,
  );
}
