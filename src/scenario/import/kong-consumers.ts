/**
 * Kong consumers. meshsim has no consumer entity: a client names its consumer (`consumer: alice`)
 * and the auth plugins take it as authenticated. So a Kong consumer becomes a name a client may use,
 * its ACL groups resolve the acl plugin's group lists to consumer names, and its credentials only
 * mean that it can authenticate (their keys and secrets play no part in a simulation).
 */
import type { Path, Reporter } from '../diagnostics';
import type { LNode } from '../positions';
import { warnAt } from './config-entity';
import { KongEntity, refOf } from './kong-entity';

/** A consumer as the importer needs it. */
export interface KongConsumer {
  readonly name: string;
  /** ACL groups, in file order. */
  readonly groups: string[];
  /** Every name and id it may be referred to by. */
  readonly refs: readonly string[];
}

const CONSUMER_FIELDS = [
  'id',
  'username',
  'custom_id',
  'tags',
  'plugins',
  'acls',
  'groups',
  'keyauth_credentials',
  'basicauth_credentials',
  'hmacauth_credentials',
  'jwt_secrets',
  'oauth2_credentials',
  'mtls_auth_credentials',
  'created_at',
  'updated_at',
];

/** Kong's credential lists, nested in a consumer or at the top level with a `consumer` reference. */
export const CREDENTIAL_LISTS = [
  'keyauth_credentials',
  'basicauth_credentials',
  'hmacauth_credentials',
  'jwt_secrets',
  'oauth2_credentials',
  'mtls_auth_credentials',
] as const;

// What identifies a credential: read, and of no consequence in a simulation.
const CREDENTIAL_FIELDS = [
  'id',
  'consumer',
  'key',
  'username',
  'password',
  'secret',
  'algorithm',
  'rsa_public_key',
  'name',
  'client_id',
  'client_secret',
  'redirect_uris',
  'hash_secret',
  'subject_name',
  'ca_certificate',
];

const CREDENTIAL_ALL = [...CREDENTIAL_FIELDS, 'tags', 'ttl', 'created_at'];

/** The consumers read so far, in file order, with a lookup by name or id. */
export class Consumers {
  readonly list: KongConsumer[] = [];
  /** Plugins written under a consumer, scoped to it, still to be read. */
  readonly plugins: { node: LNode; path: Path; r: Reporter; consumer: KongConsumer }[] = [];
  private readonly byRef = new Map<string, KongConsumer>();

  /** The consumer called `ref` (username, custom_id or id). */
  get(ref: string): KongConsumer | undefined {
    return this.byRef.get(ref);
  }

  /** Consumer names by ACL group. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const c of this.list)
      for (const g of c.groups) {
        const members = out.get(g) ?? [];
        if (!members.includes(c.name)) members.push(c.name);
        out.set(g, members);
      }
    return out;
  }

  /** Reads one consumer with its nested ACL groups and credentials. */
  read(node: LNode, path: Path, r: Reporter): void {
    const e = KongEntity.of(node, path, r, 'consumer', CONSUMER_FIELDS);
    if (e === undefined) return;
    const username = e.str('username');
    const customId = e.str('custom_id');
    const id = e.str('id');
    const name = username ?? customId;
    if (name === undefined) {
      if (!e.has('username') && !e.has('custom_id'))
        r.error(node.pos, path, { message: 'a consumer needs a username or a custom_id' });
      return;
    }
    if (username !== undefined && customId !== undefined)
      warnAt(e.at('custom_id'), 'not modelled, left out: the consumer is known by its username');
    if (this.byRef.has(name)) {
      r.error(node.pos, path, { message: `a second consumer named "${name}"` });
      return;
    }
    const refs = [name, ...(customId !== undefined ? [customId] : []), ...(id !== undefined ? [id] : [])];
    const consumer: KongConsumer = { name, groups: [], refs };
    this.list.push(consumer);
    for (const ref of refs) this.byRef.set(ref, consumer);

    e.list('acls')?.forEach((a, i) => this.readAcl(a, [...path, 'acls', i], r, consumer));
    for (const key of CREDENTIAL_LISTS)
      e.list(key)?.forEach((c, i) => readCredential(c, [...path, key, i], r));
    // Read once routes and services are known: a consumer's plugin may also name one of them.
    e.list('plugins')?.forEach((p, i) =>
      this.plugins.push({ node: p, path: [...path, 'plugins', i], r, consumer }),
    );
    e.finish({ groups: 'consumer groups are not modelled' });
  }

  /** Reads a top-level `acls` entry (`{ consumer: alice, group: admins }`). */
  readTopAcl(node: LNode, path: Path, r: Reporter): void {
    const e = KongEntity.of(node, path, r, 'acl', ['id', 'consumer', 'group', 'tags', 'created_at']);
    if (e === undefined) return;
    const consumer = this.owner(e, path, r);
    if (consumer !== undefined) this.readAcl(e, path, r, consumer);
  }

  /** Reads a top-level credential, which names its consumer. */
  readTopCredential(node: LNode, path: Path, r: Reporter): void {
    const e = KongEntity.of(node, path, r, 'credential', CREDENTIAL_ALL);
    if (e === undefined) return;
    if (this.owner(e, path, r) !== undefined) readCredential(e, path, r);
  }

  private owner(e: KongEntity, path: Path, r: Reporter): KongConsumer | undefined {
    const ref = refOf(e, 'consumer');
    if (ref === undefined) {
      if (!e.has('consumer')) r.error(e.node.pos, path, { message: 'needs the consumer it belongs to' });
      return undefined;
    }
    const consumer = this.get(ref);
    if (consumer === undefined)
      r.error(e.valueAt('consumer').pos, [...path, 'consumer'], { message: `no consumer named "${ref}"` });
    return consumer;
  }

  private readAcl(node: LNode | KongEntity, path: Path, r: Reporter, consumer: KongConsumer): void {
    const e =
      node instanceof KongEntity
        ? node
        : KongEntity.of(node, path, r, 'acl', ['id', 'consumer', 'group', 'tags', 'created_at']);
    if (e === undefined) return;
    e.use('id');
    e.use('consumer');
    const group = e.str('group');
    if (group !== undefined) consumer.groups.push(group);
    else if (!e.has('group')) r.error(e.node.pos, path, { message: 'an acl entry needs a group' });
    e.finish();
  }
}

function readCredential(node: LNode | KongEntity, path: Path, r: Reporter): void {
  const e = node instanceof KongEntity ? node : KongEntity.of(node, path, r, 'credential', CREDENTIAL_ALL);
  if (e === undefined) return;
  for (const k of CREDENTIAL_FIELDS) e.use(k);
  e.finish({
    ttl: 'credentials do not expire in the simulation',
  });
}
