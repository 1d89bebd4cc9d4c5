/**
 * The documentation's references hold: every relative link and every `#anchor` in the project's
 * Markdown leads to a file and a heading that exist, every repository path it names in code
 * (`src/model/run.ts`, `scenarios/queueing/*.yaml`) exists, every `docs/NAME.md#anchor` cited from
 * the code resolves, every source tag (`[K-rl]`) is listed in docs/behaviour.md#sources, and nothing
 * cites a document the repository does not hold (the design, behaviour, theory and house documents
 * the project's docs were once written against).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The Markdown whose links and paths are checked. */
const MARKDOWN = [
  'README.md',
  'CONTRIBUTING.md',
  'scenarios/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Top-level folders a path in code spans starts with to count as a path of this repository. */
const REPOSITORY_FOLDERS = ['src', 'test', 'docs', 'scenarios', 'bench', 'bin', '.ci'];

/** Words that stand for a name in a recipe (`src/model/balancers/NAME.ts`): such a path is a pattern. */
const PLACEHOLDERS = /\b(?:NAME|PRODUCT|SECTION|NN|ID|FILE|KIND)\b|\.\.\./;

/** Folders never searched for citations: installed, built or written by tools. */
const NOT_SOURCES = new Set(['node_modules', '.git', 'dist', 'coverage', 'test-results', '.bench']);

/** Files read for citations, by extension. */
const TEXT_FILE = /\.(?:ts|js|mjs|cjs|json|md|ya?ml|html|css|svg|hcl|txt)$|^run$/;

/** Documents outside the repository that nothing may cite, built from parts so this file cites none. */
const GONE = new RegExp(`\\b(?:${['DESIGN', 'BEHAVIOUR', 'THEORY', 'HOUSE'].join('|')})\\.md\\b`);

/** A source tag as the code and the docs cite one: `[K-rl]`, `[E-od]`, `[R4J]`. */
const SOURCE_TAG = /\[((?:[KEILCAG]-[a-z0-9-]+)|NGX|R4J|HYS|SW|UP|APX|SRE|AWS)\]/g;

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    else if (!fenced) lines.push({ text, line: i + 1 });
  });
  return lines;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings, a repeated one numbered as GitHub numbers it. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  let set = anchorCache.get(file);
  if (!set) {
    set = anchorsOf(read(file));
    anchorCache.set(file, set);
  }
  return set;
}

/** Whether `path` (from the repository's root, a `*` allowed in its last part) names a file or folder. */
function exists(path: string): boolean {
  const clean = path.replace(/\/$/, '');
  if (!clean.includes('*')) return existsSync(join(ROOT, clean));
  const folder = dirname(clean);
  const pattern = new RegExp(
    `^${clean
      .slice(folder.length + 1)
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')}$`,
  );
  return existsSync(join(ROOT, folder)) && readdirSync(join(ROOT, folder)).some((name) => pattern.test(name));
}

/** What is wrong with a reference to `file#anchor`, or undefined when it holds. */
function brokenTarget(file: string, anchor: string | undefined): string | undefined {
  if (!exists(file)) return `no such file: ${file}`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md')) return `an anchor into a file that is not Markdown: ${file}#${anchor}`;
  return anchors(file).has(anchor) ? undefined : `no heading for #${anchor} in ${file}`;
}

/** Every reference a Markdown file makes, as `line: problem` for those that do not hold. */
function brokenReferences(file: string): string[] {
  const problems: string[] = [];
  const folder = dirname(file);
  for (const { text, line } of proseLines(read(file))) {
    const prose = text.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length));
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [path, anchor] = target.split('#');
      const into = path === '' ? file : relative(ROOT, join(ROOT, folder, decodeURI(path)));
      const problem = brokenTarget(into, anchor);
      if (problem) problems.push(`${file}:${line}: link (${target}): ${problem}`);
    }
    for (const [, span] of text.matchAll(/`([^`\s]+)`/g)) {
      const top = span.split('/')[0];
      if (!span.includes('/') || !REPOSITORY_FOLDERS.includes(top) || PLACEHOLDERS.test(span)) continue;
      const [path, anchor] = span.split('#');
      // From the repository's root, or from the Markdown's own folder (`scenarios/README.md` names `bench/mm1.yaml`).
      const own = relative(ROOT, join(ROOT, folder, path));
      const problem = brokenTarget(path, anchor) && brokenTarget(own, anchor);
      if (problem) problems.push(`${file}:${line}: \`${span}\`: ${problem}`);
    }
  }
  return problems;
}

/** Every text file of the repository, from its root, but what tools install or write. */
function sourceFiles(folder = ''): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(ROOT, folder))) {
    if (NOT_SOURCES.has(name)) continue;
    const path = folder === '' ? name : `${folder}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) files.push(...sourceFiles(path));
    else if (TEXT_FILE.test(name)) files.push(path);
  }
  return files;
}

const SOURCES = sourceFiles();

describe('the documentation', () => {
  test('has Markdown to check', () => {
    expect(MARKDOWN).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md']));
  });

  test.each(MARKDOWN)('%s: every link, anchor and repository path it names exists', (file) => {
    expect(brokenReferences(file)).toEqual([]);
  });

  test('every docs/NAME.md#anchor cited from the code resolves', () => {
    const problems: string[] = [];
    for (const file of SOURCES) {
      if (file.endsWith('.md') && MARKDOWN.includes(file)) continue;
      read(file)
        .split('\n')
        .forEach((text, i) => {
          for (const [cited, path, anchor] of text.matchAll(/\b(docs\/[a-z][\w-]{2,}\.md)(?:#([\w-]+))?/g)) {
            const problem = brokenTarget(path, anchor);
            if (problem) problems.push(`${file}:${i + 1}: ${cited}: ${problem}`);
          }
        });
    }
    expect(problems).toEqual([]);
  });

  test('every source tag cited is listed in docs/behaviour.md#sources', () => {
    const behaviour = read('docs/behaviour.md');
    const listed = new Set(
      [...behaviour.slice(behaviour.indexOf('\n## Sources')).matchAll(/\*\*\[([^\]]+)\]\*\*/g)].map(
        (m) => m[1],
      ),
    );
    expect(listed.size).toBeGreaterThan(50);
    const unlisted = SOURCES.filter((file) => /^(?:src|docs|test|scenarios)\//.test(file)).flatMap((file) =>
      [...read(file).matchAll(SOURCE_TAG)].filter((m) => !listed.has(m[1])).map((m) => `${file}: ${m[0]}`),
    );
    expect(unlisted).toEqual([]);
  });

  test('no file cites a document the repository does not hold', () => {
    const citing = SOURCES.filter((file) => GONE.test(read(file)));
    expect(citing).toEqual([]);
  });

  test('the anchors are the ones GitHub makes', () => {
    expect(slug("The report's edges")).toBe('the-reports-edges');
    expect(slug('Claims (`expect`)')).toBe('claims-expect');
    expect(slug('M/D/1 (Pollaczek-Khinchine)')).toBe('md1-pollaczek-khinchine');
    expect([...anchorsOf('# A\n## B\n```\n# not a heading\n```\n## B\n')]).toEqual(['a', 'b', 'b-1']);
  });
});
