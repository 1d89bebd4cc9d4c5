/**
 * CloudFormation's intrinsic functions in their long forms (`{ Ref: Name }`, `{ "Fn::Sub": ... }`;
 * cfn-tags.ts rewrites the short forms to these), resolved as far as a template alone allows: a
 * parameter's `Default`, a resource's logical id (what a `Ref` or `Fn::GetAtt` to it names: the
 * service behind a Lambda integration), pseudo parameters as placeholders, and `Fn::Sub`,
 * `Fn::Join`, `Fn::Select`, `Fn::If` (its first branch) over those. What stays symbolic (an
 * imported value, a parameter without a default) is said, for the caller to warn about.
 */
import type { LMap, LNode } from '../positions';

/** What a template knows of its own names. */
export interface TemplateNames {
  /** Parameter name to its `Default`, when it has one. */
  readonly parameters: ReadonlyMap<string, LNode | undefined>;
  /** Logical ids of the template's resources. */
  readonly resources: ReadonlySet<string>;
}

/** No template: every name stays symbolic. */
export const NO_NAMES: TemplateNames = { parameters: new Map(), resources: new Set() };

/** A resolved value, or why it stays symbolic. */
export type Resolved =
  | { readonly ok: true; readonly value: string | number | boolean; readonly guessed?: string }
  | { readonly ok: false; readonly why: string };

/** Pseudo parameters, resolved to placeholders: a simulation runs in no account or region. */
const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::StackName': 'stack',
  'AWS::StackId': 'stack',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': '',
};

/** The intrinsic function a node is, by its one key (`Ref`, `Fn::Sub`, ...), or undefined. */
export function intrinsicOf(node: LNode): string | undefined {
  if (node.kind !== 'map' || node.entries.size !== 1) return undefined;
  const key = [...node.entries.keys()][0];
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** `node` as one scalar, intrinsics resolved; a mapping or list that is no intrinsic is not a scalar. */
export function resolveScalar(node: LNode, names: TemplateNames, depth = 0): Resolved {
  if (node.kind === 'scalar') {
    return node.value === null ? { ok: false, why: 'no value' } : { ok: true, value: node.value };
  }
  const fn = intrinsicOf(node);
  if (fn === undefined || depth > 16) return { ok: false, why: node.kind === 'map' ? 'a mapping' : 'a list' };
  const arg = (node as LMap).entries.get(fn)!.value;
  switch (fn) {
    case 'Ref':
      return refOf(arg, names, depth);
    case 'Fn::GetAtt':
      return getAtt(arg, names);
    case 'Fn::Sub':
      return sub(arg, names, depth);
    case 'Fn::Join':
      return join(arg, names, depth);
    case 'Fn::Select':
      return select(arg, names, depth);
    case 'Fn::If': {
      if (arg.kind !== 'seq' || arg.items.length !== 3) return { ok: false, why: 'Fn::If takes three items' };
      const first = resolveScalar(arg.items[1], names, depth + 1);
      const cond = arg.items[0].kind === 'scalar' ? String(arg.items[0].value) : 'its condition';
      return first.ok
        ? { ...first, guessed: `Fn::If is read as its first branch (${cond} taken as true)` }
        : first;
    }
    default:
      return { ok: false, why: `${fn} is not evaluated without a deployed stack` };
  }
}

function refOf(arg: LNode, names: TemplateNames, depth: number): Resolved {
  if (arg.kind !== 'scalar' || typeof arg.value !== 'string') return { ok: false, why: 'Ref takes a name' };
  return nameOf(arg.value, names, depth);
}

/** A parameter's default, a pseudo parameter's placeholder, or a resource's logical id. */
function nameOf(name: string, names: TemplateNames, depth: number): Resolved {
  if (Object.hasOwn(PSEUDO, name)) return { ok: true, value: PSEUDO[name] };
  if (names.parameters.has(name)) {
    const dflt = names.parameters.get(name);
    if (dflt === undefined) return { ok: false, why: `parameter ${name} has no Default` };
    return resolveScalar(dflt, names, depth + 1);
  }
  if (names.resources.has(name)) return { ok: true, value: name };
  return { ok: false, why: `${name} is neither a parameter nor a resource of the template` };
}

function getAtt(arg: LNode, names: TemplateNames): Resolved {
  const parts =
    arg.kind === 'scalar' && typeof arg.value === 'string'
      ? arg.value.split('.')
      : arg.kind === 'seq'
        ? arg.items.map((i) => (i.kind === 'scalar' ? String(i.value) : ''))
        : [];
  const [resource] = parts;
  if (resource === undefined || resource === '')
    return { ok: false, why: 'Fn::GetAtt takes Resource.Attribute' };
  // The attribute (an ARN, a URL) names the same thing as the resource does here.
  return names.resources.has(resource)
    ? { ok: true, value: resource }
    : { ok: false, why: `${resource} is not a resource of the template` };
}

function sub(arg: LNode, names: TemplateNames, depth: number): Resolved {
  let text: LNode = arg;
  const vars = new Map<string, LNode>();
  if (arg.kind === 'seq' && arg.items.length === 2) {
    text = arg.items[0];
    const own = arg.items[1];
    if (own.kind === 'map') for (const [k, e] of own.entries) vars.set(k, e.value);
  }
  if (text.kind !== 'scalar' || typeof text.value !== 'string')
    return { ok: false, why: 'Fn::Sub takes a string' };
  let failed: string | undefined;
  const value = text.value.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    const own = vars.get(name);
    const got =
      own !== undefined
        ? resolveScalar(own, names, depth + 1)
        : name.includes('.') && !name.startsWith('AWS::')
          ? getAtt({ kind: 'scalar', pos: text.pos, value: name }, names)
          : nameOf(name, names, depth + 1);
    if (got.ok) return String(got.value);
    failed ??= got.why;
    return '';
  });
  return failed === undefined
    ? { ok: true, value: value.replace(/\$\{!/g, '${') }
    : { ok: false, why: failed };
}

function join(arg: LNode, names: TemplateNames, depth: number): Resolved {
  if (arg.kind !== 'seq' || arg.items.length !== 2 || arg.items[1].kind !== 'seq')
    return { ok: false, why: 'Fn::Join takes a delimiter and a list' };
  const delimiter = resolveScalar(arg.items[0], names, depth + 1);
  const parts: string[] = [];
  for (const item of arg.items[1].items) {
    const got = resolveScalar(item, names, depth + 1);
    if (!got.ok) return got;
    parts.push(String(got.value));
  }
  return { ok: true, value: parts.join(delimiter.ok ? String(delimiter.value) : '') };
}

function select(arg: LNode, names: TemplateNames, depth: number): Resolved {
  if (arg.kind !== 'seq' || arg.items.length !== 2)
    return { ok: false, why: 'Fn::Select takes an index and a list' };
  const index = resolveScalar(arg.items[0], names, depth + 1);
  const list = arg.items[1];
  if (!index.ok || list.kind !== 'seq') return { ok: false, why: 'Fn::Select over a list not known here' };
  const item = list.items[Number(index.value)];
  return item === undefined
    ? { ok: false, why: 'Fn::Select past the list' }
    : resolveScalar(item, names, depth + 1);
}
