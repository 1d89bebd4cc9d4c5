/**
 * Kong's acl plugin: allow or deny an authenticated consumer by the groups it belongs to.
 *
 * Kong (kong/plugins/acl/handler.lua, 3.x):
 * 1. acl needs an authenticated consumer, so it runs after the authentication plugins (priority 950,
 *    below jwt 1450 and key-auth 1250). When one of them rejected the request it already answered 401
 *    and acl never runs. With no authentication plugin on the route there is no consumer, and acl
 *    answers 401 "Unauthorized" itself (a credential without a consumer: 403). Kong 2.x answered 403
 *    "You cannot consume this service" here too and logged "Cannot identify the consumer, add an
 *    authentication plugin to use the ACL plugin".
 * 2. `allow`: the consumer must belong to at least one listed group. `deny`: it must belong to none.
 *    One or the other, never both (Kong's schema says `only_one_of`).
 * 3. A consumer that fails the check gets 403 "You cannot consume this service": authenticated, but
 *    not allowed. Otherwise the request passes on.
 *
 * meshsim lists consumers where Kong lists groups: unless `groups` says otherwise, each consumer is in
 * one group named after itself, so `allow: [alice]` admits exactly alice.
 */
import type { Millis } from '../../scenario/types';
import { answer, passAs, type AuthDecision } from './credential';
import { checkMillis } from './options';

/** acl's message to an authenticated consumer that is not allowed, as Kong writes it. */
export const ACL_DENIED_MESSAGE = 'You cannot consume this service';
/** acl's message when no consumer is authenticated (Kong 3.x's default 401 body). */
export const ACL_UNAUTHENTICATED_MESSAGE = 'Unauthorized';

/** acl as written in a scenario, plus the consumers' groups. */
export interface AclOptions {
  /** Groups (here: consumers) allowed; exclusive with `deny`. */
  readonly allow?: readonly string[];
  /** Groups (here: consumers) denied; exclusive with `allow`. */
  readonly deny?: readonly string[];
  /** Consumer id to the groups it belongs to; a consumer not listed is in a group of its own name. */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  /** Gateway time to check the consumer's groups, ms; default 0. */
  readonly cost?: Millis;
}

/** An acl plugin with its per-consumer verdicts memoized (Kong caches them per consumer too). */
export interface Acl {
  /** `allow`: listed groups pass; `deny`: listed groups are refused. */
  readonly mode: 'allow' | 'deny';
  readonly listed: ReadonlySet<string>;
  /** `groups` of the options as a Map: a consumer named `constructor` must not find Object's. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly cost: Millis;
  /** Verdicts by consumer, filled on first sight; a function of the options, so replay-safe. */
  readonly verdicts: Map<string, AuthDecision>;
  readonly unauthenticated: AuthDecision;
  readonly credentialWithoutConsumer: AuthDecision;
}

/** Builds acl from its options; throws a RangeError naming a bad option. */
export function acl(options: AclOptions): Acl {
  const { allow, deny } = options;
  if ((allow === undefined) === (deny === undefined)) {
    throw new RangeError(
      `acl: give exactly one of allow or deny, got ${allow ? 'both' : 'neither'} (Kong: only_one_of allow, deny)`,
    );
  }
  const cost = checkMillis('acl', 'cost', options.cost ?? 0);
  return {
    mode: allow ? 'allow' : 'deny',
    listed: new Set(allow ?? deny),
    groups: new Map(Object.entries(options.groups ?? {})),
    cost,
    verdicts: new Map(),
    unauthenticated: answer(401, ACL_UNAUTHENTICATED_MESSAGE, cost),
    credentialWithoutConsumer: answer(403, ACL_DENIED_MESSAGE, cost),
  };
}

/**
 * acl's decision on one request.
 * @param consumer the consumer an earlier plugin authenticated; empty when none
 * @param hasCredential whether a credential was accepted without a consumer (rare; false by default)
 */
export function checkAcl(policy: Acl, consumer: string, hasCredential = false): AuthDecision {
  if (consumer === '') return hasCredential ? policy.credentialWithoutConsumer : policy.unauthenticated;
  let verdict = policy.verdicts.get(consumer);
  if (verdict === undefined) {
    const groups = policy.groups.get(consumer) ?? [consumer];
    const listed = groups.some((g) => policy.listed.has(g));
    const blocked = policy.mode === 'allow' ? !listed : listed;
    verdict = blocked ? answer(403, ACL_DENIED_MESSAGE, policy.cost) : passAs(consumer, policy.cost);
    policy.verdicts.set(consumer, verdict);
  }
  return verdict;
}
