/**
 * CloudFormation's short-form intrinsic functions (`!Ref Name`, `!Sub "..."`, `!GetAtt A.Arn`, ...)
 * rewritten to their long forms (`{ Ref: Name }`, `{ "Fn::Sub": "..." }`) in a parsed YAML document,
 * so that a template reads as one tree whichever form its author wrote, and each value keeps the
 * position of the text it came from. Only documents that read as a template are rewritten: the tags
 * mean nothing to the other products.
 */
import { type Document, isMap, isNode, isScalar, isSeq, Pair, Scalar, YAMLMap } from 'yaml';

/** Each short-form tag and the key of its long form. */
export const INTRINSIC_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!ImportValue': 'Fn::ImportValue',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Split': 'Fn::Split',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!GetAZs': 'Fn::GetAZs',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** Keys only a CloudFormation or SAM template has at its top level. */
const TEMPLATE_KEYS = ['AWSTemplateFormatVersion', 'Resources', 'Transform'];

/** Deeper than this the located tree refuses the document anyway (positions.ts's MAX_DEPTH). */
const MAX_DEPTH = 80;

/** Whether a parsed document is a CloudFormation or SAM template (a mapping with a template key). */
export function isTemplateDocument(doc: Document.Parsed): boolean {
  const root = doc.contents;
  return (
    isMap(root) && root.items.some((p) => isScalar(p.key) && TEMPLATE_KEYS.includes(String(p.key.value)))
  );
}

/** Whether the parser's warning only says it met an intrinsic tag it does not know (which we read). */
export function isIntrinsicTagWarning(message: string): boolean {
  const tag = /^Unresolved tag: (!\w+)$/.exec(message)?.[1];
  return tag !== undefined && Object.hasOwn(INTRINSIC_TAGS, tag);
}

/**
 * Rewrites every short-form intrinsic of `doc` (parsed from `text`) to its long form, in place; the
 * long form is placed at its tag, so that a warning about `!Ref Name` points at `!Ref`.
 */
export function longFormIntrinsics(doc: Document.Parsed, text: string): void {
  doc.contents = rewrite(doc.contents, text, 0) as typeof doc.contents;
}

function rewrite(node: unknown, text: string, depth: number): unknown {
  if (depth > MAX_DEPTH) return node;
  if (isMap(node)) for (const pair of node.items) pair.value = rewrite(pair.value, text, depth + 1);
  else if (isSeq(node)) node.items = node.items.map((item) => rewrite(item, text, depth + 1));
  if (!isNode(node) || node.tag === undefined || !Object.hasOwn(INTRINSIC_TAGS, node.tag)) return node;
  const tag = node.tag;
  const key = new Scalar(INTRINSIC_TAGS[tag]);
  node.tag = undefined;
  const range = node.range === undefined || node.range === null ? undefined : tagged(node.range, tag, text);
  key.range = range;
  const long = new YAMLMap();
  long.items.push(new Pair(key, node));
  long.range = range;
  return long;
}

/** `range` moved back to start at `tag` when only blanks stand between them. */
function tagged(range: [number, number, number], tag: string, text: string): [number, number, number] {
  const at = text.lastIndexOf(tag, range[0]);
  return at >= 0 && text.slice(at + tag.length, range[0]).trim() === '' ? [at, range[1], range[2]] : range;
}
