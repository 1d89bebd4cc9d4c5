/**
 * The fields Kong's schema defines for each entity the importer reads (kong/db/schema/entities),
 * so that a field Kong knows but meshsim does not model is told apart from a typo, which gets a
 * "did you mean". Upstreams, targets and consumers keep theirs beside their readers.
 */
import { CREDENTIAL_LISTS } from './kong-consumers';

/** `_format_version` values Kong reads. */
export const SUPPORTED_FORMATS = ['1.1', '2.1', '3.0'];
/** Why top-level sections meshsim has no use for are left out. */
export const TOP_NOTES: Readonly<Record<string, string>> = {
  certificates: 'TLS is not simulated',
  ca_certificates: 'TLS is not simulated',
  snis: 'TLS is not simulated',
  vaults: 'secrets are not simulated',
  keys: 'keys are not simulated',
  key_sets: 'keys are not simulated',
  consumer_groups: 'consumer groups are not modelled',
  filter_chains: 'Wasm filters are not modelled',
  partials: 'shared plugin settings (partials) are not modelled',
};
/** Top-level keys of a declarative config. */
export const TOP_FIELDS = [
  '_format_version',
  '_transform',
  '_info',
  '_workspace',
  '_comment',
  'services',
  'routes',
  'plugins',
  'consumers',
  'upstreams',
  'targets',
  'acls',
  ...CREDENTIAL_LISTS,
  ...Object.keys(TOP_NOTES),
];
/** A service's fields. */
export const SERVICE_FIELDS = [
  'id',
  'name',
  'url',
  'protocol',
  'host',
  'port',
  'path',
  'retries',
  'connect_timeout',
  'write_timeout',
  'read_timeout',
  'tags',
  'client_certificate',
  'tls_verify',
  'tls_verify_depth',
  'ca_certificates',
  'enabled',
  'routes',
  'plugins',
  'created_at',
  'updated_at',
];
/** A route's fields. */
export const ROUTE_FIELDS = [
  'id',
  'name',
  'protocols',
  'methods',
  'hosts',
  'paths',
  'headers',
  'https_redirect_status_code',
  'regex_priority',
  'strip_path',
  'path_handling',
  'preserve_host',
  'request_buffering',
  'response_buffering',
  'snis',
  'sources',
  'destinations',
  'tags',
  'service',
  'plugins',
  'expression',
  'priority',
  'created_at',
  'updated_at',
];
/** A plugin's fields. */
export const PLUGIN_FIELDS = [
  'id',
  'name',
  'config',
  'enabled',
  'protocols',
  'tags',
  'instance_name',
  'ordering',
  'run_on',
  'consumer',
  'consumer_group',
  'service',
  'route',
  'created_at',
  'updated_at',
];
