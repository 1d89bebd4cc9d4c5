/**
 * What an import read and assumed, in numbers a page can say in a sentence: the kinds of config it
 * read, the routes, services and plugins it made, the clients (and whether it made them up, with
 * what load), and every limit and credential check the gateway applies, each limit as requests a
 * second it admits. Pure: it reads the scenario the import produced, already validated, and the
 * bundle's text only to name its kinds of config.
 */
import { admittedRates, isLimiterPluginSpec } from '../policies/limiters';
import { AWS_ACCOUNT_THROTTLE } from '../profiles/gateway';
import type { ClientSpec, PluginSpec, Scenario, ScenarioFile } from '../types';

/** A client of the imported scenario. */
export interface ImportedClient {
  readonly id: string;
  /** Requests a second it sends (an open client's rate); absent for closed-loop users. */
  readonly perSecond?: number;
  /** Closed-loop users; absent for an open client. */
  readonly users?: number;
  /** `poisson`, `constant` or `closed`. */
  readonly process: string;
  readonly consumer?: string;
  /** Share of its requests sent with a bad or missing credential, 0 to 1. */
  readonly invalidCredentials: number;
}

/** A rate limit the gateway applies. */
export interface ImportedLimit {
  readonly plugin: string;
  /** `every route`, or `route <id>`. */
  readonly where: string;
  /** Requests a second it admits per key in the long run. */
  readonly perSecond: number;
  /** As written: `100 a minute`. */
  readonly written: string;
  /** What it counts by (`consumer`, `ip`, ...); absent: the plugin's default. */
  readonly by?: string;
}

/** A credential or permission check the gateway applies (401 or 403). */
export interface ImportedCheck {
  readonly plugin: string;
  readonly where: string;
}

/** What an import read and what the scenario it made assumes. */
export interface ImportFacts {
  /** The kinds of config read, in words (`Kong declarative config`, `Istio resources`, ...). */
  readonly sources: readonly string[];
  readonly routes: number;
  readonly services: number;
  /** Plugin names with how many times each is applied (global once, each route's once). */
  readonly plugins: readonly { readonly name: string; readonly count: number }[];
  /** Mesh destinations with a policy, when the mesh is on (0 when it is off). */
  readonly meshPolicies: number;
  readonly clients: readonly ImportedClient[];
  /** True when the import made the clients up (the config held no traffic). */
  readonly stubClients: boolean;
  readonly limits: readonly ImportedLimit[];
  readonly checks: readonly ImportedCheck[];
}

/**
 * What explains a striking result of one setup (a variant, or the base of a file without any): the
 * load its clients send, the limits and the credential checks its gateway applies.
 */
export interface SetupFacts {
  /** The variant's name; `base` for a file without variants. */
  readonly name: string;
  readonly clients: readonly ImportedClient[];
  readonly limits: readonly ImportedLimit[];
  readonly checks: readonly ImportedCheck[];
}

const CHECK_PLUGINS = new Set(['key-auth', 'jwt', 'acl', 'external-auth']);

/**
 * The facts of `scenario` (the base of what an import produced). `bundleText` is the file imported,
 * read only to name its kinds of config; `stubClients` says whether the import made the clients up.
 */
export function importFacts(scenario: Scenario, bundleText: string, stubClients: boolean): ImportFacts {
  const gateway = scenario.gateway;
  const counts = new Map<string, number>();
  for (const { plugin } of appliedPlugins(scenario))
    counts.set(plugin.name, (counts.get(plugin.name) ?? 0) + 1);
  const { clients, limits: own, checks } = setupOf('base', scenario);
  const limits = [...accountLimits(scenario), ...own];
  return {
    sources: sourcesOf(bundleText),
    routes: gateway?.routes.length ?? 0,
    services: scenario.services.length,
    plugins: [...counts].map(([name, count]) => ({ name, count })),
    meshPolicies: scenario.mesh.enabled ? Object.keys(scenario.mesh.policies).length : 0,
    clients,
    stubClients,
    limits,
    checks,
  };
}

/**
 * AWS's account throttle where the aws-api-gateway profile applies it: on every route, unless the
 * gateway sets its own token bucket for every route (an imported stage throttle).
 */
function accountLimits(scenario: Scenario): ImportedLimit[] {
  const gateway = scenario.gateway;
  if (gateway?.profile !== 'aws-api-gateway') return [];
  if (gateway.plugins.some((p) => p.name === 'token-bucket' && p.consumer === undefined)) return [];
  return limitsOf(AWS_ACCOUNT_THROTTLE, 'every route (the AWS account’s default)');
}

/**
 * The facts of each setup `file` runs, in the order its report lists them: each variant's (a
 * variant may change the load, a limit or a check), or the base's alone, named `base`.
 */
export function setupFacts(file: ScenarioFile): SetupFacts[] {
  return file.variants.length > 0
    ? file.variants.map((v) => setupOf(v.name, v.scenario))
    : [setupOf('base', file.base)];
}

function setupOf(name: string, scenario: Scenario): SetupFacts {
  const applied = appliedPlugins(scenario);
  return {
    name,
    clients: scenario.clients.map(clientOf),
    limits: applied.flatMap(({ plugin, where }) => limitsOf(plugin, where)),
    checks: applied
      .filter(({ plugin }) => CHECK_PLUGINS.has(plugin.name))
      .map(({ plugin, where }) => ({ plugin: plugin.name, where })),
  };
}

/** The gateway's plugins with where each applies: its global ones, then each route's own. */
function appliedPlugins(scenario: Scenario): { plugin: PluginSpec; where: string }[] {
  const gateway = scenario.gateway;
  return [
    ...(gateway?.plugins ?? []).map((plugin) => ({ plugin, where: 'every route' })),
    ...(gateway?.routes ?? []).flatMap((route) =>
      route.plugins.map((plugin) => ({ plugin, where: `route ${route.id}` })),
    ),
  ];
}

function clientOf(client: ClientSpec): ImportedClient {
  const arrival = client.arrival;
  return {
    id: client.id,
    process: arrival.process,
    ...(arrival.process === 'closed' ? { users: arrival.users } : { perSecond: arrival.rate }),
    ...(client.consumer !== undefined ? { consumer: client.consumer } : {}),
    invalidCredentials: client.credentials.invalid,
  };
}

/** The limits one plugin sets, each as requests a second admitted (the limiter registry's); none for other plugins. */
function limitsOf(plugin: PluginSpec, where: string): ImportedLimit[] {
  if (!isLimiterPluginSpec(plugin)) return [];
  const by = plugin.limit_by === undefined ? {} : { by: plugin.limit_by };
  return admittedRates(plugin.name, plugin).map(({ perSecond, written }) => ({
    plugin: plugin.name,
    where,
    perSecond,
    written,
    ...by,
  }));
}

/** The kinds of config in a bundle's text, in words, in the order the format lists them. */
export function sourcesOf(text: string): string[] {
  const sources: string[] = [];
  if (/^_format_version\s*:/m.test(text)) sources.push('Kong declarative config');
  if (/x-amazon-apigateway-|AWS::ApiGateway::|AWS::Serverless::/.test(text))
    sources.push('AWS API Gateway config');
  if (/^apiVersion\s*:\s*\S*istio\.io/m.test(text)) sources.push('Istio resources');
  if (/^apiVersion\s*:\s*\S*(linkerd\.io|split\.smi-spec\.io)/m.test(text)) sources.push('Linkerd resources');
  // Config entries as `consul config write` takes them (YAML, JSON or HCL), or consul-k8s's resources.
  if (/^\s*"?Kind"?\s*[:=]|^apiVersion\s*:\s*consul\.hashicorp\.com/m.test(text))
    sources.push('Consul config entries');
  if (/^\s*<(APIProxy|ProxyEndpoint|TargetEndpoint)\b/m.test(text))
    sources.push('an Apigee API proxy bundle');
  if (/^(clients|duration|seed)\s*:/m.test(text)) sources.push('a meshsim scenario document');
  return sources;
}
