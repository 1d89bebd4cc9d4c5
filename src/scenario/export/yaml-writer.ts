/**
 * Writing exported config as YAML documents, one after another, separated by `---`, with short lists
 * of scalars in flow style (`methods: [GET, POST]`), the way product docs write them.
 */
import { Document, isScalar, visit } from 'yaml';
import { terminalSafeYaml } from '../terminal-yaml';

/** The documents as one YAML stream, each preceded by `header` comment lines on the first. */
export function yamlDocuments(docs: readonly object[], header: readonly string[] = []): string {
  const texts = docs.map((d) => {
    const doc = new Document(d, { aliasDuplicateObjects: false });
    visit(doc, {
      Seq(_key, node) {
        if (node.items.length <= 8 && node.items.every(isScalar)) node.flow = true;
      },
    });
    return terminalSafeYaml(doc, { lineWidth: 110 });
  });
  const comment = header.map((line) => `# ${line}\n`).join('');
  return comment + texts.join('---\n');
}
