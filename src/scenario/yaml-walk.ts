/**
 * Walking a parsed YAML document node by node, in document order, without recursion. The library's
 * own `visit` builds a path for every node, which made the walks as costly as the parse itself.
 */
import { isCollection, isPair, type Document, type Node as YamlNode } from 'yaml';

/** Calls `fn` on every node of `doc` (keys and values, aliases unexpanded), in document order. */
export function forEachNode(doc: Document.Parsed, fn: (node: YamlNode) => void): void {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (n === null || typeof n !== 'object') continue;
    fn(n as YamlNode);
    if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
}
