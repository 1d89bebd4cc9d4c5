/**
 * The shapes a Consul config entry comes in, brought to one: a config entry as `consul config
 * write` takes it (HCL, JSON or YAML; `Kind`, `Name` and the kind's fields in PascalCase, snake_case
 * or any case), or a consul-k8s custom resource (`apiVersion: consul.hashicorp.com/v1alpha1`,
 * `kind: ServiceRouter`, the service in `metadata.name`, the entry's fields in camelCase under
 * `spec`). Entries are applied in the order written, as a sequence of `consul config write` calls
 * is: a later entry of the same kind and name replaces the earlier one.
 */
import type { Reporter } from '../diagnostics';
import type { LMap, LNode } from '../positions';
import { figure } from '../parse-limits';
import { warnAt, type Where } from './config-entity';
import { ConsulEntity, consulEntity } from './consul-entity';
import { normalKey, parseHcl } from './hcl';
import type { MeshDoc } from './istio';
import { place } from './mesh-config';
import { RESOURCE_FIELDS, WRITTEN_BY_KUBERNETES } from './k8s-resource';

/** One config entry, its kind and name read, its own fields not yet. */
export interface PendingEntry {
  readonly kind: string;
  /** As written; undefined when it is missing (reported). */
  readonly name: string;
  /**
   * The mapping of the entry's fields (the entry itself, or the resource's `spec`) as an entity
   * that knows `fields`, the kind's own, for its warnings; the fields read here are marked read.
   */
  readonly entity: (fields: readonly string[]) => ConsulEntity;
  /** Whether it is a custom resource (whose `spec` holds only the kind's own fields). */
  readonly resource: boolean;
  /** Where the kind is written, for messages about the entry as a whole. */
  readonly at: Where;
  /** Where the name is written. */
  readonly nameAt: Where;
}

/** Fields every config entry may have. */
export const ENTRY_FIELDS = [
  'Kind',
  'Name',
  'Namespace',
  'Partition',
  'Meta',
  'CreateIndex',
  'ModifyIndex',
  'Hash',
];
/** Custom resource kinds whose entry kind is not the kind's words joined by `-`. */
const RESOURCE_KINDS: Readonly<Record<string, string>> = { JWTProvider: 'jwt-provider' };

/** Whether a document is a consul-k8s custom resource: its `apiVersion` group is Consul's. */
export function isConsulResource(root: LNode): boolean {
  const v = root.kind === 'map' ? root.entries.get('apiVersion')?.value : undefined;
  return v?.kind === 'scalar' && typeof v.value === 'string' && /consul\.hashicorp\.com\//.test(v.value);
}

/**
 * Whether a document without `apiVersion` is a Consul config entry: it has `Kind`, or a `kind`
 * in another case naming one of `kinds`.
 */
export function isConfigEntry(root: LNode, kinds: ReadonlySet<string>): boolean {
  if (root.kind !== 'map' || root.entries.has('apiVersion')) return false;
  if (root.entries.has('Kind')) return true;
  for (const [k, e] of root.entries)
    if (normalKey(k) === 'kind' && e.value.kind === 'scalar' && typeof e.value.value === 'string')
      return kinds.has(e.value.value.toLowerCase());
  return false;
}

/**
 * The entries of `docs`, each the last written of its kind and name; each replaced one is a
 * warning at it. A document whose kind or name is missing is reported and left out.
 */
export function pendingEntries(docs: readonly MeshDoc[]): PendingEntry[] {
  const read = docs.map((doc) => (isConsulResource(doc.root) ? fromResource(doc) : fromEntry(doc.root, doc)));
  const last = new Map<string, number>();
  read.forEach((p, i) => {
    if (p !== undefined) last.set(keyOf(p), i);
  });
  const out: PendingEntry[] = [];
  read.forEach((p) => {
    if (p === undefined) return;
    const winner = read[last.get(keyOf(p))!]!;
    if (winner === p) out.push(p);
    else
      warnAt(
        p.at,
        `replaced by the ${p.kind} ${p.name} at ${place(winner.at)}, as \`consul config write\` replaces an entry of the same kind and name; left out`,
      );
  });
  return out;
}

function keyOf(p: PendingEntry): string {
  return `${p.kind}\u0000${p.name}`;
}

/** A config entry as `consul config write` takes it. */
function fromEntry(root: LMap, doc: MeshDoc): PendingEntry | undefined {
  const e = new ConsulEntity(root, [], doc.r, 'config entry');
  const kind = e.str('Kind');
  if (kind === undefined) {
    if (!e.has('Kind'))
      doc.r.error(root.pos, [], { message: 'a config entry needs Kind', expected: 'Kind: service-router' });
    return undefined;
  }
  const name = e.str('Name');
  if (name === undefined) {
    if (!e.has('Name'))
      doc.r.error(e.at('Kind').pos, [], { message: `a ${kind} entry needs Name`, expected: 'Name: api' });
    return undefined;
  }
  const entity = (fields: readonly string[]): ConsulEntity => {
    const out = new ConsulEntity(root, [], doc.r, `${kind} entry`, [...ENTRY_FIELDS, ...fields]);
    out.use('Kind');
    out.use('Name');
    return out;
  };
  return { kind: kind.toLowerCase(), name, entity, resource: false, at: e.at('Kind'), nameAt: e.at('Name') };
}

/**
 * A consul-k8s custom resource: its kind (`ServiceRouter` is `service-router`), its name (the
 * resource's name; for ServiceIntentions, `spec.destination.name`) and its `spec`.
 */
function fromResource(doc: MeshDoc): PendingEntry | undefined {
  const top = new ConsulEntity(doc.root, [], doc.r, 'custom resource', RESOURCE_FIELDS);
  const apiVersion = top.str('apiVersion') ?? '';
  const resourceKind = top.str('kind');
  if (resourceKind === undefined) {
    if (!top.has('kind'))
      doc.r.error(doc.root.pos, [], {
        message: 'a resource with apiVersion needs a kind',
        expected:
          'kind: ServiceRouter, ServiceSplitter, ServiceResolver, ServiceDefaults or ServiceIntentions',
      });
    return undefined;
  }
  const at = top.at('kind');
  const kind =
    RESOURCE_KINDS[resourceKind] ?? resourceKind.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase();
  if (!apiVersion.startsWith('consul.hashicorp.com/')) {
    warnAt(
      at,
      `${resourceKind} of ${apiVersion.split('/')[0]} is a resource of Consul's version 2 catalog, which is not read; left out`,
      'write it as a consul.hashicorp.com/v1alpha1 resource or a config entry',
    );
    return undefined;
  }
  const metadata = top.child('metadata', 'metadata');
  const resourceName = metadata?.str('name');
  if (metadata !== undefined) {
    // meshsim has one namespace: a resource's namespace changes nothing, as long as names are unique.
    metadata.use('namespace');
    const notes: Record<string, string> = {
      labels: 'labels only label the resource',
      annotations: 'annotations are not read',
    };
    for (const k of WRITTEN_BY_KUBERNETES) notes[k] = 'written by Kubernetes';
    metadata.finish(notes);
  }
  const specNode = top.take('spec');
  top.finish({ status: 'the status is written by the cluster' });
  const spec =
    specNode === undefined
      ? new ConsulEntity(
          { kind: 'map', pos: at.pos, entries: new Map() },
          ['spec'],
          doc.r,
          `${resourceKind} spec`,
        )
      : consulEntity(specNode, ['spec'], doc.r, `${resourceKind} spec`);
  if (spec === undefined) return undefined;
  let name = resourceName;
  let nameAt = metadata?.at('name') ?? at;
  if (kind === 'service-intentions') {
    const destination = spec.child('Destination', 'ServiceIntentions destination', ['Name', 'Namespace']);
    const service = destination?.str('Name');
    destination?.note('Namespace', 'namespaces are not modelled');
    destination?.finish();
    if (service === undefined) {
      if (destination?.has('Name') !== true)
        doc.r.error(spec.at('Destination').pos, spec.at('Destination').path, {
          message: 'ServiceIntentions needs spec.destination.name, the service it protects',
          expected: 'destination: { name: api }',
        });
      return undefined;
    }
    name = service;
    nameAt = destination!.at('Name');
  } else if (name === undefined) {
    if (metadata?.has('name') !== true)
      doc.r.error(at.pos, [], { message: `${resourceKind} needs metadata.name, the service it configures` });
    return undefined;
  }
  const entity = (fields: readonly string[]): ConsulEntity => {
    const out = new ConsulEntity(spec.node, ['spec'], doc.r, `${resourceKind} spec`, fields);
    if (kind === 'service-intentions') out.use('Destination');
    return out;
  };
  return { kind, name, entity, resource: true, at, nameAt };
}

/** Fields Consul declares as lists of objects: in HCL, one block of these is a list of one. */
const LIST_FIELDS = new Set(
  [
    'Routes',
    'Splits',
    'Sources',
    'Permissions',
    'Header',
    'QueryParam',
    'Targets',
    'Overrides',
    'HashPolicies',
    'EnvoyExtensions',
    'Listeners',
    'Services',
    'Hosts',
    'Paths',
    'Upstreams',
  ].map(normalKey),
);

/** Characters of an HCL file past which it is refused before it is parsed. */
export const MAX_HCL_CHARS = 32 * 1024;

/**
 * The config entries of an HCL file, as `consul config write` reads them (hcl.ts). HCL without
 * `Kind` is no config entry: an agent's service definition (`service { ... }`, as HashiCorp's demos
 * keep beside their config entries) is a warning and left out, anything else an error.
 */
export function parseConsulHcl(text: string, r: Reporter): LNode[] {
  // The HCL library's work grows with the square of a mapping's repeated keys: 150 KB of them took
  // 7 s. A config entry is a few hundred bytes, so a far smaller bound than YAML's holds every real one.
  if (text.length > MAX_HCL_CHARS) {
    r.error({ line: 1, column: 1 }, [], {
      message: `an HCL file of ${figure(text.length)} characters, over the limit of ${figure(MAX_HCL_CHARS)} for HCL`,
      hint: 'split it into one file per config entry, or write it as YAML or JSON',
    });
    return [];
  }
  return parseHcl(text, r, LIST_FIELDS).filter((root) => {
    if (root.kind !== 'map' || [...root.entries.keys()].some((k) => normalKey(k) === 'kind')) return true;
    const service = [...root.entries].find(([k]) => k === 'service' || k === 'services');
    if (service !== undefined)
      r.warn(service[1].keyPos, [service[0]], {
        message:
          "a Consul agent's service definition, not a config entry: its instances, ports and upstreams are not read; left out",
        hint: "give the services' instances and calls in the scenario document",
      });
    else
      r.error(root.pos, [], {
        message: 'an HCL file without Kind is not a Consul config entry',
        expected: 'Kind = "service-router", Name = "web", ...',
      });
    return false;
  });
}
