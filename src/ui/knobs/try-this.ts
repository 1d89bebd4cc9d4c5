/**
 * "Try this" actions of a lesson: set a few values of the scenario text and run again. A path names
 * its way down with dots: mapping keys, list indices, or a list item's `id`
 * (`services.catalog.instances`, `clients.0.arrival.rate`, `mesh.enabled`), or its `name` for a
 * variant (`variants.mesh.mesh.enabled`). A value that is written
 * is replaced in place, keeping the rest of the text as it is; one that is not is added through the
 * YAML document (which may reformat the text around it).
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

type Scalar = string | number | boolean;
/** A scalar, or a list of scalars written as a flow list (`[5xx, reset]`). */
type Value = Scalar | readonly Scalar[];

/** The document path of a dotted `path`, or undefined when a step leads nowhere. */
export function resolvePath(doc: Document, path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (const step of path.split('.')) {
    if (step === '') return undefined;
    if (isSeq(node)) {
      const index = /^\d+$/.test(step)
        ? Number(step)
        : node.items.findIndex(
            (item) => isMap(item) && (String(item.get('id')) === step || String(item.get('name')) === step),
          );
      if (index < 0 || index >= node.items.length) return undefined;
      out.push(index);
      node = node.items[index];
    } else if (isMap(node) || node === null || node === undefined) {
      out.push(step);
      node = isMap(node) ? node.get(step, true) : undefined;
    } else return undefined;
  }
  return out;
}

/** A value as YAML scalar text: plain when it reads back as the same string, quoted otherwise. */
export function scalarText(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    /^[\w/][\w./:-]*$/.test(value) &&
    Number.isNaN(Number(value)) &&
    !/^(true|false|null|yes|no|on|off|~|\.inf|\.nan)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** `text` with each setting applied in order; unchanged when it does not parse. */
export function applySettings(text: string, settings: Readonly<Record<string, Value>>): string {
  let current = text;
  for (const [path, value] of Object.entries(settings)) {
    const doc = parseDocument(current);
    if (doc.errors.length > 0) return current;
    const at = resolvePath(doc, path);
    if (!at) continue;
    const node = doc.getIn(at, true);
    const text = typeof value === 'object' ? `[${value.map(scalarText).join(', ')}]` : scalarText(value);
    if ((isScalar(node) || isSeq(node)) && node.range && node.anchor === undefined) {
      const [start, end] = node.range;
      current = current.slice(0, start) + text + current.slice(end);
    } else {
      doc.setIn(at, typeof value === 'object' ? doc.createNode(value, { flow: true }) : value);
      current = doc.toString();
    }
  }
  return current;
}
