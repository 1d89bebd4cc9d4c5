/**
 * Writing an imported scenario as YAML: a header comment naming the sources and the number of
 * warnings, then the document, with short lists and small mappings in flow style
 * (`match: { prefix: /orders, methods: [POST] }`) the way the scenario library is written.
 */
import { Document, isCollection, isMap, isPair, isScalar, isSeq, visit, type YAMLMap } from 'yaml';
import { terminalSafeYaml } from '../terminal-yaml';
import { sourceName } from './kong';
import type { ImportResult } from './types';

/** A mapping is written in flow style when it holds at most this many keys and values, two levels deep. */
const FLOW_MAX_SCALARS = 16;
/** Below the top-level sections and their items: `[Document, map, pair, section, item]`. */
const FLOW_DEPTH = 3;
/** Longest flow mapping, in characters of its JSON form (a little shorter than its YAML). */
const FLOW_MAX_WIDTH = 88;

/** The YAML text of `result.scenario` with its header comment; `files` as given to the import. */
export function importedYaml(result: ImportResult, files: readonly string[]): string {
  const n = result.warnings.length;
  const names = files.map(sourceName).join(', ');
  const header = `# Imported by meshsim import from ${names}: ${n} warning${n === 1 ? '' : 's'}${n > 0 ? ' (listed on standard error)' : ''}.\n`;
  const doc = new Document(result.scenario, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
    },
    Map(_key, node, path) {
      if (path.length > FLOW_DEPTH && small(node)) node.flow = true;
    },
    Seq(_key, node, path) {
      if (path.length > FLOW_DEPTH && node.items.length <= 8 && node.items.every(isScalar)) node.flow = true;
    },
  });
  return header + terminalSafeYaml(doc, { lineWidth: 110 });
}

/** Few scalars, nested at most two deep, no long text, and one line of at most FLOW_MAX_WIDTH. */
function small(node: YAMLMap): boolean {
  if (JSON.stringify(node.toJSON()).length > FLOW_MAX_WIDTH) return false;
  let scalars = 0;
  const walk = (n: unknown, depth: number): boolean => {
    if (isScalar(n)) {
      scalars++;
      return !(typeof n.value === 'string' && (n.value.length > 40 || n.value.includes('\n')));
    }
    if (isPair(n)) return walk(n.key, depth) && walk(n.value, depth);
    if (!isCollection(n) || depth > 2) return false;
    if (isMap(n) || isSeq(n)) return (n.items as unknown[]).every((item) => walk(item, depth + 1));
    return false;
  };
  return walk(node, 1) && scalars <= FLOW_MAX_SCALARS;
}
