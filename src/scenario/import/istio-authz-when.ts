/**
 * An AuthorizationPolicy rule's `when` conditions, and how a rule's parts AND together
 * (istio-authz.ts reads the rest).
 *
 * | `when` key                                   | meshsim rule                                    |
 * | -------------------------------------------- | ----------------------------------------------- |
 * | `request.headers[NAME]` values, notValues    | `headers`, `notHeaders`                         |
 * | `request.auth.principal`                     | `requestPrincipals`, `notRequestPrincipals`     |
 * | `source.principal`, `source.namespace`       | `from`, `notFrom`                               |
 * | any other                                    | ALLOW: matches nothing; DENY: dropped (warned)  |
 */
import { warnAt } from './config-entity';
import { namespaceCaller, principalCaller } from './k8s-identity';
import { ownValue, setOwn } from '../own';
import type { ImportedRule } from './mesh-config';
import type { MeshEntity } from './mesh-entity';

/** ALLOW or DENY. */
export type Action = 'ALLOW' | 'DENY';
/** The fields of an ImportedRule one source, operation or `when` sets. */
export type Conditions = Omit<ImportedRule, 'service' | 'action' | 'at'>;

const HEADER_KEY = /^request\.headers\[(.+)\]$/;

/** The rule's `when` conditions, or undefined when an ALLOW rule's can match no simulated call. */
export function whenOf(rule: MeshEntity, action: Action): Conditions | undefined {
  const out: {
    headers?: Record<string, string[]>;
    notHeaders?: Record<string, string[]>;
    requestPrincipals?: string[];
    notRequestPrincipals?: string[];
    from?: string[];
    notFrom?: string[];
  } = {};
  let matchable = true;
  for (const { e } of rule.children('when', 'condition', ['key', 'values', 'notValues'])) {
    const key = e.str('key');
    const values = e.strings('values');
    const notValues = e.strings('notValues');
    e.finish();
    if (key === undefined) continue;
    const header = HEADER_KEY.exec(key)?.[1]?.toLowerCase();
    const put = (field: keyof typeof out, name: string | undefined, list: string[] | undefined): void => {
      if (list === undefined) return;
      if (name === undefined)
        (out as Record<string, string[]>)[field] = [...((out[field] as string[]) ?? []), ...list];
      else {
        const byName = ((out as Record<string, Record<string, string[]>>)[field] ??= {});
        // Own keys only: a header named `constructor` or `__proto__` is a header like any other.
        setOwn(byName, name, [...(ownValue(byName, name) ?? []), ...list]);
      }
    };
    if (header !== undefined) {
      put('headers', header, values);
      put('notHeaders', header, notValues);
    } else if (key === 'request.auth.principal') {
      put('requestPrincipals', undefined, values);
      put('notRequestPrincipals', undefined, notValues);
    } else if (key === 'source.principal' || key === 'source.namespace') {
      const token = key === 'source.principal' ? principalCaller : namespaceCaller;
      put('from', undefined, values?.map(token));
      put('notFrom', undefined, notValues?.map(token));
    } else if (action === 'ALLOW') {
      matchable = false;
      warnAt(
        e.at('key'),
        `${key} is not simulated: this ALLOW rule can match no call in the simulation, so it allows nothing`,
      );
    } else
      warnAt(
        e.at('key'),
        `${key} is not simulated: the condition is dropped, so this DENY rule denies more calls than in Istio`,
      );
  }
  return matchable ? out : undefined;
}

/** Two sets of conditions ANDed: lists of one field are joined (a rule's `from` and its `when`'s). */
export function merge(a: Conditions, b: Conditions): Conditions {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    // Exclusions add up; conditions that must hold narrow each other.
    if (Array.isArray(mine) && Array.isArray(v))
      out[k] = k.startsWith('not') ? [...new Set([...mine, ...v])] : mine.filter((x) => v.includes(x));
    else if (mine !== undefined && typeof mine === 'object' && typeof v === 'object')
      out[k] = { ...mine, ...v };
    else out[k] = v;
  }
  return out as Conditions;
}
