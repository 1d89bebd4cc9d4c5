/**
 * Bundles: one or more files of YAML documents, where documents with `_format_version` are Kong
 * declarative config, documents with `apiVersion` Istio resources (istio.ts), or Linkerd's when one
 * of them is (linkerd.ts), documents with `Kind` Consul config entries (consul.ts), OpenAPI
 * definitions with `x-amazon-apigateway-*` extensions and CloudFormation or SAM templates AWS API
 * Gateway config (aws.ts), XML files an Apigee API proxy's (apigee.ts), and at most one other
 * document is a meshsim scenario. The scenario document's fields win: Kong, AWS API Gateway or
 * Apigee supplies the gateway (its routes, plugins and profile, merged under the document's own
 * gateway fields), the services the document does not define (a service it defines without
 * `instances` takes the count of its Kong upstream's targets), and the client stub when the
 * document has no clients. Istio, Consul and Linkerd supply the `mesh` section (mesh-merge.ts) and
 * stubs for the services they name that neither the document nor the gateway defines; without a
 * scenario document or gateway config, a client stub calls the first routed service. A bundle with
 * several mesh products' config (Istio, Consul, Linkerd), or several gateway products' (Kong, AWS
 * API Gateway, Apigee), runs one variant per product, each from its own config and the rest of the
 * bundle (product-variants.ts).
 */
import { describe } from '../checks';
import { Reporter, type Pos } from '../diagnostics';
import { checkFileBytes } from '../parse-limits';
import type { LMap, LNode } from '../positions';
import { TOP_LEVEL_FIELDS } from '../schema/scenario';
import { parseDocuments } from './documents';
import { describeSkipped, skippedDocuments } from './bundle-skipped';
import { warnAt } from './config-entity';
import { apigeeScenario, isApigeeRoot, type ApigeeDoc } from './apigee';
import { looksLikeXml, parseXml } from './apigee-xml';
import { internalError, kongScenario, outcome, sourceName, STUB_RATE } from './kong';
import { warnStub, type GatewayImport, type GatewayProduct, type ServiceStub } from './gateway-import';
import {
  productSelections,
  productVariants,
  type ProductDocs,
  type ProductKind,
  type ProductScenario,
  type ProductSelection,
} from './product-variants';
import { readKong, type KongDoc } from './kong-read';
import { looksLikeKong } from './kong-detect';
import { isConsulEntry, isConsulResource, readConsul } from './consul';
import { parseConsulHcl } from './consul-documents';
import { isHcl } from './hcl';
import { awsScenario, isAwsDocument, readAws, type AwsDoc } from './aws';
import { isIstioResource, readIstio, type MeshDoc } from './istio';
import { isLinkerdBundle, isLinkerdResource, readLinkerd } from './linkerd';
import { pathOf, withEdge, type ImportedEdge } from './istio-edge';
import { adoptPlatform } from './k8s-placement';
import { unreachedConfigured } from './unreached';
import { MeshConfig } from './mesh-config';
import { entryService, withMesh } from './mesh-merge';
import type { ImportResult, RawClient, RawScenario } from './types';

/** One input file. */
export interface ImportSource {
  readonly text: string;
  /** Used in diagnostics; only its last segment reaches the output. */
  readonly fileName: string;
}

/** Top-level fields in the order a person writes them (the format's own order); others follow. */
const FIELD_ORDER: readonly string[] = TOP_LEVEL_FIELDS;

/** Imports one bundle file; never throws. */
export function importBundle(text: string, fileName: string): ImportResult {
  return importSources([{ text, fileName }]);
}

/** Imports several files as one bundle, as `meshsim import A B ...` does; never throws. */
export function importSources(sources: readonly ImportSource[]): ImportResult {
  const first = typeof sources[0]?.fileName === 'string' ? sources[0].fileName : 'bundle.yaml';
  try {
    return importAll(sources);
  } catch (e) {
    return internalError(first, e);
  }
}

/** A bundle's documents, sorted by product, with the reporters of its files. */
interface Sorted {
  readonly reporters: readonly Reporter[];
  readonly kong: readonly KongDoc[];
  /** Documents with `apiVersion`: Istio's resources and the Kubernetes ones beside them. */
  readonly istio: readonly MeshDoc[];
  /**
   * The documents with `apiVersion` of a Linkerd bundle (linkerd-detect.ts), in place of `istio`:
   * Linkerd's resources and the Kubernetes and Gateway API ones beside them.
   */
  readonly linkerd: readonly MeshDoc[];
  readonly consul: readonly MeshDoc[];
  /** An Apigee API proxy's XML files. */
  readonly apigee: readonly ApigeeDoc[];
  /** AWS API Gateway config: OpenAPI definitions with its extensions, CloudFormation and SAM templates. */
  readonly aws: readonly AwsDoc[];
  readonly scenarioDoc: { readonly root: LMap; readonly r: Reporter } | undefined;
  /** Set when this selection is one product's variant of a bundle comparing products of that kind. */
  readonly comparing?: ProductKind;
}

function importAll(sources: readonly ImportSource[]): ImportResult {
  const sorted = sortSources(sources);
  const { reporters, scenarioDoc } = sorted;
  if (reporters.some((r) => r.errors.length > 0)) return outcome(reporters, {});
  const names = sources.map((s) => sourceName(s.fileName)).join(', ');
  const products = productsOf(sorted);
  let scenario: RawScenario | undefined;
  if (products === undefined) scenario = assemble(sorted, sources, names);
  else if (products.length > 0) {
    const made = products.map(({ product, kind, sorted: selection }) => ({
      product,
      kind,
      scenario: assemble(selection, sources, names),
    }));
    if (made.every((m): m is ProductScenario => m.scenario !== undefined))
      scenario = productVariants(made, scenarioDoc);
  }
  if (scenario === undefined) return outcome(reporters, {});
  const made = outcome(reporters, scenario);
  return scenarioDoc === undefined
    ? made
    : { ...made, document: { file: scenarioDoc.r.file, root: scenarioDoc.root } };
}

/**
 * The products a bundle holds several of, each with the documents its variant is made from
 * (`product-variants.ts`); undefined for a bundle of at most one mesh and one gateway product.
 */
function productsOf(sorted: Sorted): ProductSelection<Sorted>[] | undefined {
  const istioOwn = sorted.istio.filter((d) => isIstioResource(d.root));
  const all = [...sorted.istio, ...sorted.linkerd];
  const inOrder = (products: ProductDocs<BundleDoc>[]): ProductDocs<BundleDoc>[] =>
    products.sort((a, b) => firstAt(sorted, a.docs) - firstAt(sorted, b.docs));
  const meshes = inOrder([
    { product: 'Istio', docs: istioOwn },
    { product: 'Consul', docs: sorted.consul },
    { product: 'Linkerd', docs: all.filter((d) => isLinkerdResource(d.root)) },
  ]);
  const gateways = inOrder([
    { product: 'Kong', docs: sorted.kong },
    { product: 'AWS API Gateway', docs: sorted.aws },
    { product: 'Apigee', docs: sorted.apigee },
  ]);
  return productSelections(meshes, gateways, (mesh, gateway, comparing) => ({
    ...sorted,
    comparing,
    kong: gateway?.product === 'Kong' ? sorted.kong : [],
    aws: gateway?.product === 'AWS API Gateway' ? sorted.aws : [],
    apigee: gateway?.product === 'Apigee' ? sorted.apigee : [],
    // Istio's and Linkerd's own resources for their variants; the Kubernetes documents beside them
    // for every variant (read by Linkerd's reader in Linkerd's).
    istio:
      mesh?.product === 'Istio'
        ? sorted.istio.filter((d) => !isLinkerdResource(d.root))
        : mesh?.product === 'Linkerd'
          ? []
          : all.filter((d) => !isIstioResource(d.root) && !isLinkerdResource(d.root)),
    linkerd:
      mesh?.product === 'Linkerd'
        ? [...sorted.linkerd, ...sorted.istio.filter((d) => !isIstioResource(d.root))]
        : [],
    consul: mesh?.product === 'Consul' ? sorted.consul : [],
  }));
}

/** A document of any product: where it is, and its file's reporter. */
type BundleDoc = { readonly root: { readonly pos: Pos }; readonly r: Reporter };

/** Where the first of `docs` is in the bundle, as a number that orders files, then lines. */
function firstAt(sorted: Sorted, docs: readonly BundleDoc[]): number {
  if (docs.length === 0) return Infinity;
  return sorted.reporters.indexOf(docs[0].r) * 1e9 + docs[0].root.pos.line;
}

/** Parses every file and sorts its documents by product; problems go to the files' reporters. */
function sortSources(sources: readonly ImportSource[]): Sorted {
  const reporters: Reporter[] = [];
  const kong: KongDoc[] = [];
  const istio: MeshDoc[] = [];
  const consul: MeshDoc[] = [];
  const apigee: ApigeeDoc[] = [];
  const aws: AwsDoc[] = [];
  let scenarioDoc: { root: LMap; r: Reporter } | undefined;
  for (const source of sources) {
    const r = new Reporter(source.fileName);
    reporters.push(r);
    const text = typeof source.text === 'string' ? source.text : String(source.text);
    if (!checkFileBytes(text, r)) continue;
    // An Apigee API proxy bundle is XML, one file per endpoint or policy.
    if (looksLikeXml(text)) {
      const root = parseXml(text, r);
      if (root !== undefined && isApigeeRoot(root)) apigee.push({ root, r });
      else if (root !== undefined)
        r.error(root.pos, [], {
          message: `<${root.name}> is not part of an Apigee API proxy bundle (an APIProxy, ProxyEndpoint, TargetEndpoint or a policy with a name)`,
        });
      continue;
    }
    // A Consul config entry in HCL, as `consul config write` takes it; anything else is YAML or JSON.
    for (const root of isHcl(text, source.fileName) ? parseConsulHcl(text, r) : parseDocuments(text, r)) {
      if (root.kind !== 'map') {
        r.error(root.pos, [], { message: 'a bundle document must be a mapping', found: describe(root) });
      } else if (root.entries.has('_format_version') || looksLikeKong(root)) kong.push({ root, r });
      else if (isAwsDocument(root)) aws.push({ root, r });
      else if (isConsulResource(root)) consul.push({ root, r });
      else if (root.entries.has('apiVersion')) istio.push({ root, r });
      else if (isConsulEntry(root)) consul.push({ root, r });
      else if (root.entries.has('kind')) {
        r.warn(root.pos, [], {
          message:
            'a document with kind but no apiVersion is neither an Istio resource nor a Consul config entry; left out',
          hint: 'Consul config entries are read as `consul config write` takes them: Kind, Name, ...',
        });
      } else if (scenarioDoc !== undefined) {
        r.error(root.pos, [], {
          message: `a bundle holds one meshsim scenario document; the first is at line ${scenarioDoc.root.pos.line} of ${scenarioDoc.r.file}`,
        });
      } else scenarioDoc = { root, r };
    }
  }
  // One Linkerd document makes the bundle's documents with apiVersion Linkerd's (linkerd-detect.ts).
  const linkerd = isLinkerdBundle(istio.map((d) => d.root)) ? istio.splice(0) : [];
  return { reporters, kong, istio, linkerd, consul, apigee, aws, scenarioDoc };
}

/**
 * The scenario one selection of a bundle's documents makes: its gateway config, its mesh config and
 * its scenario document; undefined when it cannot be made (the reporters say why).
 */
function assemble(sorted: Sorted, sources: readonly ImportSource[], names: string): RawScenario | undefined {
  const { reporters, kong, istio, linkerd, consul, apigee, aws, scenarioDoc } = sorted;
  const gateways: GatewayImport[] = [];
  if (kong.length > 0)
    gateways.push(kongScenario(readKong(kong), names, { r: kong[0].r, pos: kong[0].root.pos, path: [] }));
  if (aws.length > 0)
    gateways.push(awsScenario(readAws(aws), names, { r: aws[0].r, pos: aws[0].root.pos, path: [] }));
  if (apigee.length > 0) gateways.push(apigeeScenario(apigee));
  // One product's at most: a bundle of several runs one selection per product (`productsOf`).
  const fromGateway: GatewayImport | undefined = gateways[0];
  let mesh: MeshConfig | undefined = new MeshConfig();
  readLinkerd(linkerd, mesh);
  readIstio(istio, mesh);
  readConsul(consul, mesh);
  adoptPlatform(mesh);
  if (mesh.products.size === 0) mesh = undefined;
  if (reporters.some((r) => r.errors.length > 0)) return undefined;

  // Config documents all left out would import as a scenario with the mesh off: say which and why.
  if (fromGateway === undefined && mesh === undefined) {
    const ownDoc = scenarioDoc === undefined ? [] : [scenarioDoc];
    const texts = sources.map((s) => (typeof s.text === 'string' ? s.text : String(s.text)));
    const skipped = skippedDocuments(texts, reporters, [...istio, ...linkerd, ...consul, ...ownDoc], ownDoc);
    if (skipped.length > 0) {
      skipped[0].r.error(skipped[0].pos, [], {
        message: `no config document was read: ${skipped.length === 1 ? 'the one document was' : `all ${skipped.length} were`} left out: ${describeSkipped(skipped)}`,
      });
      return undefined;
    }
  }

  let scenario: RawScenario;
  if (scenarioDoc === undefined) {
    if (fromGateway !== undefined) {
      for (const stub of fromGateway.stubs) warnStub(stub, fromGateway.product);
      scenario = fromGateway.scenario;
      if (mesh !== undefined && sorted.comparing !== 'mesh' && typeof scenario.description === 'string')
        scenario = {
          ...scenario,
          description: `${scenario.description}The mesh section comes from the ${meshProduct(mesh)} config.\n`,
        };
    } else if (mesh !== undefined) scenario = meshScenario(names, mesh);
    else {
      reporters[0]?.error({ line: 1, column: 1 }, [], {
        message:
          'nothing to import: no Kong config (_format_version), no AWS API Gateway config, no Istio or Consul config and no scenario document',
      });
      return undefined;
    }
  } else if (fromGateway === undefined) {
    if (mesh === undefined)
      warnAt(
        { r: scenarioDoc.r, pos: scenarioDoc.root.pos, path: [] },
        'no Kong, Istio or Consul config in the input; the scenario document is printed as it is',
      );
    scenario = plain(scenarioDoc.root) as RawScenario;
  } else scenario = merge(fromGateway, scenarioDoc.root, scenarioDoc.r);

  if (mesh !== undefined) {
    scenario = withEdge(
      scenario,
      mesh.edge,
      fromGateway === undefined ? 'scenario document' : `${fromGateway.product} config`,
    );
    const stub = scenarioDoc === undefined && fromGateway === undefined;
    // The gateway stub is named before the rules are read, so that the ingress gateway's principal names it.
    if (stub && !isMap(scenario.gateway))
      scenario = { ...scenario, gateway: { id: stubGatewayId(mesh), routes: [] } };
    scenario = withMesh(scenario, mesh, scenarioDoc);
    if (stub) scenario = withClientStub(scenario, mesh);
    scenario = ordered(scenario);
    if (scenarioDoc === undefined) warnUnreached(scenario, mesh, istio[0] ?? linkerd[0] ?? consul[0]);
  }
  if (!Array.isArray(scenario.services) || scenario.services.length === 0) {
    const first = scenarioDoc ?? kong[0] ?? aws[0] ?? istio[0] ?? linkerd[0] ?? consul[0] ?? apigee[0];
    first.r.error(first.root.pos, [], {
      message: 'nothing to simulate: no route leads to a service, and the scenario document has no services',
    });
  }
  return scenario;
}

/**
 * Says which configured services no call reaches: the config never says who calls whom, so without a
 * scenario document giving the services their calls, what it sets for them takes no traffic.
 */
function warnUnreached(scenario: RawScenario, mesh: MeshConfig, at: MeshDoc | undefined): void {
  const unreached = unreachedConfigured(scenario);
  if (unreached.length === 0 || at === undefined) return;
  const shown =
    unreached.length > 6
      ? `${unreached.slice(0, 6).join(', ')} and ${unreached.length - 6} more`
      : unreached.join(', ');
  warnAt(
    { r: at.r, pos: at.root.pos, path: [] },
    `no simulated call reaches ${shown}: ${meshProduct(mesh)} config says how calls into a service are routed, not which service calls which, so their routes, faults and rules take no traffic here; give the services their calls in a scenario document beside the config (services: [{ id: ..., calls: [...] }])`,
  );
}

/** `Istio`, `Consul`, or `Istio and Consul`. */
function meshProduct(mesh: MeshConfig): string {
  return [...mesh.products].join(' and ');
}

/** The scenario of a bundle with mesh config alone: a name and a description; the rest follows. */
function meshScenario(names: string, mesh: MeshConfig): RawScenario {
  const product = meshProduct(mesh);
  return {
    name: `${product} config ${names}`,
    description: [
      `Imported by \`meshsim import\` from ${names} (${product} config).`,
      mesh.kube === undefined
        ? `Service times, concurrency and instance counts are placeholders: ${product} config does not hold them.`
        : `Service times and concurrency are placeholders: ${product} config does not hold them; instance counts are the Kubernetes workloads' replicas.`,
      '',
    ].join('\n'),
    clients: [],
  };
}

/**
 * A client stub and a gateway stub in front of the first routed service, said in the description:
 * clients are outside the mesh, so with STRICT mTLS only a gateway (the mesh's ingress) reaches it.
 */
function withClientStub(scenario: RawScenario, mesh: MeshConfig): RawScenario {
  if (mesh.edge !== undefined && isMap(scenario.gateway)) return withEdgeClient(scenario, mesh.edge);
  const target = entryService(mesh, scenario.mesh);
  if (target === undefined) {
    const { gateway: _placeholder, ...rest } = scenario;
    return rest;
  }
  const gateway = isMap(scenario.gateway) ? String(scenario.gateway.id) : stubGatewayId(mesh);
  const client: RawClient = {
    id: 'clients',
    arrival: { process: 'poisson', rate: STUB_RATE },
    mix: [{ weight: 1, method: 'GET', path: '/' }],
  };
  const note = `The client stub sends GET / through the gateway stub ${gateway} to ${target}, ${STUB_RATE} requests a second.\n`;
  return {
    ...scenario,
    description: `${typeof scenario.description === 'string' ? scenario.description : ''}${note}`,
    clients: [client],
    gateway: { id: gateway, routes: [{ id: target, service: target }] },
  };
}

/** The gateway stub's id: `ingress`, unless a service the config names is called so. */
function stubGatewayId(mesh: MeshConfig): string {
  let gateway = 'ingress';
  while (mesh.refs.has(gateway) || (mesh.kube?.services.has(gateway) ?? false)) gateway += '-gateway';
  return gateway;
}

/** A client stub sending to the imported gateway, on the path (and with the headers) of its first route. */
function withEdgeClient(scenario: RawScenario, edge: ImportedEdge): RawScenario {
  const path = pathOf(edge.routes[0]);
  const headers = edge.routes[0]?.match?.headers;
  const client: RawClient = {
    id: 'clients',
    arrival: { process: 'poisson', rate: STUB_RATE },
    mix: [{ weight: 1, method: 'GET', path, ...(headers !== undefined && { headers: { ...headers } }) }],
  };
  const sent = Object.entries(headers ?? {}).map(([k, v]) => ` ${k}: ${v}`);
  const note = `The client stub sends GET ${path}${sent.length > 0 ? ` (${sent.join(',').trim()})` : ''} to the gateway ${edge.id}, ${STUB_RATE} requests a second.\n`;
  return {
    ...scenario,
    description: `${typeof scenario.description === 'string' ? scenario.description : ''}${note}`,
    clients: [client],
  };
}

/** Top-level fields in the format's order, others after. */
function ordered(s: RawScenario): RawScenario {
  const out: RawScenario = {};
  for (const key of FIELD_ORDER) if (Object.hasOwn(s, key)) put(out, key, s[key]);
  for (const [key, value] of Object.entries(s)) if (!Object.hasOwn(out, key)) put(out, key, value);
  return out;
}

/** The scenario document over the gateway's scenario; see the module comment for the rules. */
function merge(gateway: GatewayImport, doc: LMap, r: Reporter): RawScenario {
  const { scenario: fromGateway, stubs } = gateway;
  const mine = plain(doc) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...fromGateway };
  // The document's clients replace the stub, so the description no longer speaks of it.
  if (gateway.clientNote !== undefined && Array.isArray(mine.clients) && typeof out.description === 'string')
    out.description = out.description.replace(`${gateway.clientNote}\n`, '');
  for (const [key, value] of Object.entries(mine)) {
    if (value === null) continue; // null is absent in the file format
    if (key === 'gateway' && isMap(value) && isMap(out.gateway))
      out.gateway = mergeGateway(gateway.product, out.gateway, value, doc.entries.get('gateway')?.value, r);
    else if (key === 'services' && Array.isArray(value))
      out.services = mergeServices(gateway.product, value, fromGateway, stubs, doc, r);
    else put(out, key, value);
  }
  const defined = new Set(Array.isArray(mine.services) ? mine.services.map(idOf) : []);
  for (const stub of stubs) if (!defined.has(stub.id)) warnStub(stub, gateway.product);
  return ordered(out);
}

function mergeGateway(
  product: GatewayProduct,
  kong: Record<string, unknown>,
  mine: Record<string, unknown>,
  node: LNode | undefined,
  r: Reporter,
): Record<string, unknown> {
  const out = { ...kong };
  for (const [key, value] of Object.entries(mine)) {
    if (value === null) continue;
    const at = node?.kind === 'map' ? node.entries.get(key)?.keyPos : undefined;
    const where = { r, pos: at ?? node?.pos ?? { line: 1, column: 1 }, path: ['gateway', key] };
    if ((key === 'routes' || key === 'plugins') && Array.isArray(kong[key]))
      warnAt(
        where,
        `the scenario document's ${key} replace the ${(kong[key] as unknown[]).length} imported from ${product}`,
      );
    if (key === 'profile' && value !== kong.profile)
      warnAt(
        where,
        `the scenario document's profile ${JSON.stringify(value)} replaces ${String(kong.profile)}`,
      );
    put(out, key, value);
  }
  return out;
}

/** The document's services, then the gateway's stubs for the services it does not define. */
function mergeServices(
  product: GatewayProduct,
  mine: unknown[],
  fromGateway: RawScenario,
  stubs: readonly ServiceStub[],
  doc: LMap,
  r: Reporter,
): unknown[] {
  const node = doc.entries.get('services')?.value;
  const out = mine.map((s, i) => {
    const stub = stubs.find((x) => x.id === idOf(s));
    if (stub?.upstream === undefined || !isMap(s) || stub.upstream.targets === 0) return s;
    if (s.instances === undefined || s.instances === null) {
      const { id, ...rest } = s;
      return { id, instances: stub.upstream.targets, ...rest };
    }
    if (s.instances !== stub.upstream.targets) {
      const item = node?.kind === 'seq' ? node.items[i] : undefined;
      const at = item?.kind === 'map' ? item.entries.get('instances')?.keyPos : undefined;
      warnAt(
        { r, pos: at ?? doc.pos, path: ['services', i, 'instances'] },
        `${product}'s upstream "${stub.upstream.name}" has ${stub.upstream.targets} targets; the scenario document's ${String(s.instances)} instances win`,
      );
    }
    return s;
  });
  const defined = new Set(mine.map(idOf));
  const added = (fromGateway.services ?? []).filter((s) => !defined.has(idOf(s)));
  return [...out, ...added];
}

function idOf(s: unknown): unknown {
  return isMap(s) ? s.id : undefined;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A located tree as plain values (anchors and merge keys already expanded). */
function plain(node: LNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, e] of node.entries) put(out, k, plain(e.value));
  return out;
}

/** Sets an own field, even one named `__proto__`, which plain assignment would not. */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
