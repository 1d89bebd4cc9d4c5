/**
 * Reading Kong declarative config (one or more documents with `_format_version`) into what the
 * importer maps: services with their routes, the plugins of each scope already mapped to meshsim
 * plugins, upstreams and consumers, every reference resolved. Kong allows entities nested (routes
 * inside services) or flat with references (`routes: [{ service: catalog, ... }]`); both are read.
 * Sections are read in dependency order across every document: upstreams, targets, consumers and
 * their ACL groups, services and routes, then plugins.
 */
import type { Path, Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { warnAt, type Where } from './config-entity';
import { CREDENTIAL_LISTS, Consumers, type KongConsumer } from './kong-consumers';
import { hostOf, httpProtocols, routeHeaders, routePaths } from './kong-conditions';
import { KongEntity, refOf } from './kong-entity';
import { formatMajor } from './kong-detect';
import { groupFieldWarnings, markWarnings } from './kong-warnings';
import { PLUGIN_FIELDS, ROUTE_FIELDS, SERVICE_FIELDS, TOP_FIELDS, TOP_NOTES } from './kong-fields';
import type { PathMatch } from './kong-paths';
import { mapPlugin, type PluginContext } from './kong-plugins';
import { readTopTarget, readUpstream, type Upstreams } from './kong-upstreams';
import type { RawPlugin } from './types';

/** One document of Kong config and the reporter of its file. */
export interface KongDoc {
  readonly root: LMap;
  readonly r: Reporter;
}

/** A meshsim plugin and where its Kong plugin was written. */
export interface MappedPlugin {
  readonly plugin: RawPlugin;
  readonly at: Where;
}

/** A Kong service. */
export interface KongService {
  /** Its name, or its host when it has none. */
  readonly name: string;
  /** The host from `url` or `host`, lower-cased: an upstream's name or a meshsim service's. */
  readonly host: string;
  readonly hostAt: Where;
  /** Kong's default: 5. */
  readonly retries: number;
  readonly retriesAt: Where;
  /** ms; Kong's default: 60 000. */
  readonly readTimeout: number;
  readonly enabled: boolean;
  readonly plugins: MappedPlugin[];
  readonly routes: KongRoute[];
  readonly at: Where;
}

/** A Kong route; absent conditions match anything. */
export interface KongRoute {
  readonly name?: string;
  readonly service: KongService;
  readonly paths?: readonly PathMatch[];
  readonly methods?: readonly string[];
  /** Host header values; undefined stands for a wildcard host, which matches any. */
  readonly hosts?: readonly (string | undefined)[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly plugins: MappedPlugin[];
  readonly at: Where;
}

/** Everything read from the documents. */
export interface KongConfig {
  readonly services: readonly KongService[];
  readonly globalPlugins: readonly MappedPlugin[];
  readonly upstreams: Upstreams;
  readonly consumers: readonly KongConsumer[];
}

const TIMEOUT = { min: 1, max: 2 ** 31 - 2 };

/** One document's top level, its format's major version, and its reporter. */
interface Top {
  readonly e: KongEntity;
  readonly major: number;
  readonly r: Reporter;
}

/** Reads every document; problems go to each document's reporter. */
export function readKong(docs: readonly KongDoc[]): KongConfig {
  const marks = markWarnings(docs.map((d) => d.r));
  const config = new Reader(docs).read();
  groupFieldWarnings(marks);
  return config;
}

class Reader {
  private readonly tops: Top[] = [];
  private readonly upstreams: Upstreams = new Map();
  private readonly consumers = new Consumers();
  private readonly services: KongService[] = [];
  private readonly servicesByRef = new Map<string, KongService>();
  private readonly routesByRef = new Map<string, KongRoute>();
  private readonly globalPlugins: MappedPlugin[] = [];
  private ctx: PluginContext = { groups: new Map() };

  constructor(docs: readonly KongDoc[]) {
    for (const d of docs) {
      const e = new KongEntity(d.root, [], d.r, 'declarative config', TOP_FIELDS);
      const major = formatMajor(e);
      if (major !== undefined) this.tops.push({ e, major, r: d.r });
    }
  }

  read(): KongConfig {
    this.each('upstreams', (n, p, t) => readUpstream(n, p, t.r, this.upstreams));
    this.each('targets', (n, p, t) => readTopTarget(n, p, t.r, this.upstreams));
    this.each('consumers', (n, p, t) => this.consumers.read(n, p, t.r));
    this.each('acls', (n, p, t) => this.consumers.readTopAcl(n, p, t.r));
    for (const key of CREDENTIAL_LISTS)
      this.each(key, (n, p, t) => this.consumers.readTopCredential(n, p, t.r));
    this.ctx = { groups: this.consumers.groups() };
    this.each('services', (n, p, t) => this.service(n, p, t));
    this.each('routes', (n, p, t) => this.route(n, p, t, undefined));
    this.each('plugins', (n, p, t) => this.topPlugin(n, p, t));
    for (const nested of this.consumers.plugins)
      this.topPlugin(nested.node, nested.path, this.topOf(nested.r), nested.consumer);
    for (const t of this.tops) t.e.finish(TOP_NOTES);
    return {
      services: this.services,
      globalPlugins: this.globalPlugins,
      upstreams: this.upstreams,
      consumers: this.consumers.list,
    };
  }

  /** The document top whose reporter is `r` (a consumer's plugins are read after every section). */
  private topOf(r: Reporter): Top {
    return this.tops.find((t) => t.r === r) ?? this.tops[0];
  }

  private each(key: string, fn: (node: LNode, path: Path, top: Top) => void): void {
    for (const t of this.tops) t.e.list(key)?.forEach((n, i) => fn(n, [key, i], t));
  }

  private service(node: LNode, path: Path, t: Top): void {
    const e = KongEntity.of(node, path, t.r, 'service', SERVICE_FIELDS);
    if (e === undefined) return;
    const name = e.str('name');
    const id = e.str('id');
    const target = hostOf(e);
    const retries = e.int('retries', { min: 0, max: 32767 }) ?? 5;
    const readTimeout = e.int('read_timeout', TIMEOUT) ?? 60_000;
    for (const k of ['connect_timeout', 'write_timeout']) {
      if (!e.atDefault(k) && e.int(k, TIMEOUT) !== undefined)
        warnAt(
          e.at(k),
          'not modelled, left out: connecting and sending take no time in the simulation (a down instance refuses at once), so read_timeout alone bounds a try',
        );
    }
    const enabled = e.bool('enabled') ?? true;
    if (!enabled) warnAt(e.at('enabled'), 'the service is disabled: its routes are left out');
    const plugins = this.pluginList(e, path, t);
    if (target === undefined) {
      e.use('routes');
      e.finish();
      return;
    }
    const service: KongService = {
      name: name ?? target.host,
      host: target.host,
      hostAt: target.at,
      retries,
      retriesAt: e.at('retries'),
      readTimeout,
      enabled,
      plugins,
      routes: [],
      at: e.at(),
    };
    for (const ref of [name, id]) {
      if (ref === undefined) continue;
      if (this.servicesByRef.has(ref))
        t.r.error(node.pos, path, { message: `a second service named "${ref}"` });
      this.servicesByRef.set(ref, service);
    }
    this.services.push(service);
    e.list('routes')?.forEach((n, i) => this.route(n, [...path, 'routes', i], t, service));
    e.finish();
  }

  private route(node: LNode, path: Path, t: Top, nestedIn: KongService | undefined): void {
    const e = KongEntity.of(node, path, t.r, 'route', ROUTE_FIELDS);
    if (e === undefined) return;
    const name = e.str('name');
    const id = e.str('id');
    let service = nestedIn;
    if (nestedIn === undefined) {
      const ref = refOf(e, 'service');
      if (ref === undefined) {
        if (!e.has('service'))
          warnAt(e.at(), 'a route without a service takes no traffic in meshsim; left out');
        e.finish();
        return;
      }
      service = this.servicesByRef.get(ref);
      if (service === undefined)
        t.r.error(e.valueAt('service').pos, [...path, 'service'], { message: `no service named "${ref}"` });
    } else e.use('service');
    const paths = routePaths(e, t.major);
    const methods = e.strings('methods');
    methods?.forEach((m, i) => {
      if (!/^[A-Za-z]+$/.test(m))
        t.r.error(e.valueAt('methods').pos, [...path, 'methods', i], {
          message: `"${m}" is not an HTTP method`,
        });
    });
    const hosts = e.strings('hosts')?.map((h) => {
      if (!h.includes('*')) return h;
      warnAt(e.at('hosts'), `wildcard host "${h}" is not modelled: that host condition matches any Host`);
      return undefined;
    });
    const headers = routeHeaders(e);
    const plugins = this.pluginList(e, path, t);
    const takesHttp = httpProtocols(e);
    e.finish();
    if (service === undefined || !takesHttp) return;
    const route: KongRoute = {
      name,
      service,
      paths: paths !== undefined && paths.length > 0 ? paths : undefined,
      methods: methods !== undefined && methods.length > 0 ? methods.map((m) => m.toUpperCase()) : undefined,
      hosts: hosts !== undefined && hosts.length > 0 ? hosts : undefined,
      headers,
      plugins,
      at: e.at(),
    };
    service.routes.push(route);
    for (const ref of [name, id]) if (ref !== undefined) this.routesByRef.set(ref, route);
  }

  /** The plugins nested in an entity, mapped; a second plugin of one meshsim name is left out. */
  private pluginList(e: KongEntity, path: Path, t: Top): MappedPlugin[] {
    const out: MappedPlugin[] = [];
    e.list('plugins')?.forEach((n, i) => {
      const p = this.plugin(n, [...path, 'plugins', i], t);
      if (p?.mapped !== undefined) addPlugin(out, p.mapped);
    });
    return out;
  }

  /** A top-level plugin, or one nested in a consumer: global unless it names a route or service. */
  private topPlugin(node: LNode, path: Path, t: Top, nestedIn?: KongConsumer): void {
    const p = this.plugin(node, path, t, nestedIn);
    if (p?.mapped === undefined) return;
    if (p.route !== undefined) {
      const route = this.routesByRef.get(p.route);
      if (route === undefined)
        p.mapped.at.r.error(p.mapped.at.pos, [...path, 'route'], { message: `no route named "${p.route}"` });
      else addPlugin(route.plugins, p.mapped);
    } else if (p.service !== undefined) {
      const service = this.servicesByRef.get(p.service);
      if (service === undefined)
        p.mapped.at.r.error(p.mapped.at.pos, [...path, 'service'], {
          message: `no service named "${p.service}"`,
        });
      else addPlugin(service.plugins, p.mapped);
    } else addPlugin(this.globalPlugins, p.mapped);
  }

  /** One plugin; `nestedIn` is the consumer it is written under, which scopes it to that consumer. */
  private plugin(
    node: LNode,
    path: Path,
    t: Top,
    nestedIn?: KongConsumer,
  ): { mapped?: MappedPlugin; service?: string; route?: string } | undefined {
    const e = KongEntity.of(node, path, t.r, 'plugin', PLUGIN_FIELDS);
    if (e === undefined) return undefined;
    e.use('id');
    const name = e.str('name');
    if (name === undefined) {
      if (!e.has('name')) t.r.error(node.pos, path, { message: 'a plugin needs a name' });
      return undefined;
    }
    if (e.bool('enabled') === false) {
      warnAt(e.at('enabled'), `plugin "${name}" is disabled; left out`);
      return undefined;
    }
    if (e.has('consumer_group')) {
      warnAt(
        e.at('consumer_group'),
        `not modelled, left out: plugin "${name}" scoped to one consumer group (meshsim scopes plugins to one consumer, or to all)`,
      );
      return undefined;
    }
    let consumer = nestedIn?.name;
    if (e.has('consumer')) {
      const ref = refOf(e, 'consumer');
      if (ref === undefined) return undefined;
      const found = this.consumers.get(ref);
      if (found === undefined) {
        t.r.error(e.valueAt('consumer').pos, [...path, 'consumer'], {
          message: `no consumer named "${ref}"`,
        });
        return undefined;
      }
      consumer = found.name;
    }
    if (consumer !== undefined && CONSUMER_NAMING.has(name)) {
      warnAt(
        e.at(nestedIn === undefined ? 'consumer' : 'name'),
        `plugin "${name}" authenticates, so it cannot be scoped to a consumer (Kong refuses it too); left out`,
      );
      return undefined;
    }
    const service = refOf(e, 'service');
    const route = refOf(e, 'route');
    const configNode = e.take('config');
    const config =
      configNode === undefined
        ? undefined
        : KongEntity.of(configNode, [...path, 'config'], t.r, `${name} plugin`);
    if (configNode !== undefined && config === undefined) return undefined;
    const mapped = mapPlugin(name, config, this.ctx, e.at('name'));
    e.finish();
    const plugin = mapped === undefined || consumer === undefined ? mapped : { ...mapped, consumer };
    return { mapped: plugin === undefined ? undefined : { plugin, at: e.at('name') }, service, route };
  }
}

/** Adds `p` unless the list has a plugin of its meshsim name and consumer (Kong allows one per scope). */
function addPlugin(list: MappedPlugin[], p: MappedPlugin): void {
  const same = list.find((x) => x.plugin.name === p.plugin.name && x.plugin.consumer === p.plugin.consumer);
  if (same === undefined) list.push(p);
  else
    warnAt(
      p.at,
      `a second ${p.plugin.name} plugin in this scope (line ${same.at.pos.line} has one); left out`,
    );
}

/** Kong plugins that authenticate: they name the consumer, so Kong refuses them scoped to one. */
const CONSUMER_NAMING = new Set([
  'key-auth',
  'key-auth-enc',
  'jwt',
  'basic-auth',
  'hmac-auth',
  'ldap-auth',
  'ldap-auth-advanced',
  'oauth2',
  'openid-connect',
  'oauth2-introspection',
  'mtls-auth',
]);
