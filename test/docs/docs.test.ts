/**
 * Every complete scenario shown in the documentation must load. A ```yaml block is checked unless its
 * first line is `# fragment`; a checked block must be a whole scenario (a top-level `name:` or
 * `clients:`), so a snippet that is not marked fails here instead of being skipped silently.
 * Diagnostics are printed with the Markdown file's own line numbers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, loadScenario } from '../../src/scenario';

const DOCS = ['README.md', 'docs/scenario-format.md'];
const FRAGMENT = /^#\s*fragment\b/;
const WHOLE_SCENARIO = /^(?:name|clients):/m;

/** One fenced block: its text and the Markdown line of its first line of YAML. */
interface Block {
  readonly text: string;
  readonly line: number;
}

/** The ```yaml blocks of a Markdown text, in order. */
function yamlBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({ text: lines.slice(start, end).join('\n'), line: start + 1 });
    i = end;
  }
  return blocks;
}

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe.each(DOCS)('%s', (file) => {
  const blocks = yamlBlocks(read(file)).filter((b) => !FRAGMENT.test(b.text.split('\n')[0]));

  test('has complete scenarios to check', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  test.each(blocks.map((b) => [b.line, b] as const))('the yaml block at line %i loads', (_line, block) => {
    expect(WHOLE_SCENARIO.test(block.text), `not a whole scenario; start it with "# fragment"`).toBe(true);
    const result = loadScenario(block.text, file);
    // Positions inside the block, shifted to lines of the Markdown file.
    const shown = [...(result.ok ? [] : result.errors), ...result.warnings]
      .map((d) => formatDiagnostic({ ...d, line: d.line + block.line - 1 }))
      .join('\n');
    expect(result.ok, shown).toBe(true);
    expect(result.ok ? [] : result.errors, shown).toEqual([]);
  });
});
