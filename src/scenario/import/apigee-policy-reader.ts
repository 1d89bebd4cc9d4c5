/**
 * What reading one Apigee policy type takes and gives: the elements and attributes it defines, why
 * the ones meshsim leaves out are left out, and what it makes. `apigee-policies.ts` holds the table
 * of readers; the limiters' and the messages' readers live beside it.
 */
import { warnAt, type Where } from './config-entity';
import type { ApigeeEntity } from './apigee-entity';
import type { RawPlugin } from './types';

/** A policy read: what it becomes in meshsim, or nothing (it was warned about). */
export interface ApigeePolicy {
  readonly name: string;
  readonly type: string;
  readonly at: Where;
  /** The plugin it maps to, absent for a callout or a policy left out. */
  readonly plugin?: RawPlugin;
  /** Set for a ServiceCallout: the stub service it calls. */
  readonly callout?: { readonly service: string; readonly at: Where };
  /** AssignMessage's `AssignTo type="response"`: a transformer of the response wherever it is attached. */
  readonly onResponse?: boolean;
}

/** What a reader makes of a policy: the policy less its name, type and place. */
export type MadePolicy = Omit<ApigeePolicy, 'name' | 'type' | 'at'>;

/** How one policy type is read. */
export interface PolicyReader {
  /** Its child elements, beside DisplayName, Description and Properties. */
  readonly fields: readonly string[];
  /** Its attributes, beside name, enabled, continueOnError and async. */
  readonly attributes?: readonly string[];
  /** Why each known element left out is left out. */
  readonly notes?: Readonly<Record<string, string>>;
  /** What the policy `name` read through `e` becomes; undefined when it is left out (said already). */
  read(e: ApigeeEntity, name: string): MadePolicy | undefined;
}

/** The `ref` of a child, noted when the child also gives a value: meshsim reads the value written. */
export function refNote(e: ApigeeEntity, child: string): void {
  const ref = e.child(child)?.attrs.get('ref')?.value;
  if (ref !== undefined && ref !== '')
    warnAt(
      e.at(child),
      `${child} ref="${ref}" is a flow variable meshsim does not have; the value written is used`,
    );
}
