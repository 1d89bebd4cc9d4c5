/**
 * Two groups of a DestinationRule's trafficPolicy that say how callers reach a destination rather
 * than how much: `loadBalancer.localityLbSetting` and `tls`.
 *
 * - `localityLbSetting.failover: [{ from, to }]` is the policy's `failover` to the service that
 *   stands for the host in region `to`, `HOST-TO` (meshsim knows a service's copy in another region
 *   as a service of its own; give it `region: TO`), as the Consul importer names a datacenter's.
 *   Istio fails over only with outlier detection on, so without it the setting is a warning.
 *   `distribute` and `failoverPriority` are warnings: meshsim weighs no localities.
 * - `tls.mode: ISTIO_MUTUAL` is what the sidecars do anyway (auto mTLS); `DISABLE` makes callers
 *   send plaintext, which a STRICT destination refuses (503) and meshsim's sidecars never do;
 *   `SIMPLE` and `MUTUAL` originate TLS to a server outside the mesh, which is not simulated.
 */
import { warnAt } from './config-entity';
import { meshId, type PolicySetting } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

const LOCALITY_FIELDS = ['enabled', 'distribute', 'failover', 'failoverPriority'];
const TLS_FIELDS = [
  'mode',
  'clientCertificate',
  'privateKey',
  'caCertificates',
  'credentialName',
  'subjectAltNames',
  'sni',
  'insecureSkipVerify',
  'caCrl',
];

/** The failover of `host` that `localityLbSetting` gives, if any; `lb` is the loadBalancer being read. */
export function localityFailover(
  lb: MeshEntity,
  host: string | undefined,
  outlier: boolean,
): PolicySetting[] {
  const loc = lb.child('localityLbSetting', 'localityLbSetting', LOCALITY_FIELDS);
  if (loc === undefined) return [];
  const enabled = loc.bool('enabled');
  loc.note('distribute', 'meshsim weighs no localities: a service takes calls from every region alike');
  loc.note('failoverPriority', 'meshsim weighs no localities: failover goes to the services listed in order');
  const targets: string[] = [];
  for (const { e } of loc.children('failover', 'failover', ['from', 'to'])) {
    e.use('from');
    const to = e.str('to');
    e.finish();
    if (to !== undefined && host !== undefined) targets.push(meshId(`${host}-${to.split('/')[0]}`));
  }
  loc.finish();
  if (enabled === false || targets.length === 0) return [];
  if (!outlier) {
    warnAt(
      loc.at('failover'),
      'Istio fails over only when outlier detection is on, and this trafficPolicy has no outlierDetection; left out',
    );
    return [];
  }
  warnAt(
    loc.at('failover'),
    `one region's instances are each a service: the failover goes to ${targets.join(', ')}, which stand${targets.length === 1 ? 's' : ''} for ${host} in the other region (give ${targets.length === 1 ? 'it' : 'them'} a region, so that reaching ${targets.length === 1 ? 'it' : 'them'} costs the crossing)`,
  );
  return [{ leaf: 'failover', value: [...new Set(targets)], at: loc.at('failover') }];
}

/** Reads `tls`: nothing to set, a warning for what differs from the sidecars' own mTLS. */
export function readTls(tp: MeshEntity): void {
  const tls = tp.child('tls', 'tls', TLS_FIELDS);
  if (tls === undefined) return;
  const mode = tls.str('mode') ?? 'DISABLE';
  for (const k of TLS_FIELDS) tls.use(k);
  tls.finish();
  if (mode === 'ISTIO_MUTUAL') return;
  if (mode === 'DISABLE')
    warnAt(
      tls.at('mode'),
      "tls DISABLE: the callers' sidecars send plaintext, which Istio answers 503 (connection reset) where the destination is STRICT; meshsim's sidecars always speak mTLS to each other, so those calls succeed; left out",
    );
  else
    warnAt(
      tls.at('mode'),
      `tls ${mode} originates TLS to a server outside the mesh, which is not simulated; left out`,
    );
}
