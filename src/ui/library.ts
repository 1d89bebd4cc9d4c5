/**
 * The scenario library: the repository's scenario files, grouped by folder for the page's menu. Pure:
 * it takes the files' texts (the page gets them from the bundler) and reads only their `name:` line.
 */

/** One scenario of the library. */
export interface LibraryItem {
  /** The key the text was given under (e.g. `../../scenarios/kong/kong.yml`): look the text up by it. */
  readonly path: string;
  /** The path under `scenarios/` (e.g. `kong/kong.yml`): the file name to report errors under. */
  readonly file: string;
  /** The scenario's `name:`, or the file name when it has none. */
  readonly title: string;
  /** The id of the item's group. */
  readonly group: string;
}

/** A group of the library, in the order the menu shows it. */
export interface LibraryGroup {
  /** The folder under `scenarios/`, or `start` for the files at its top. */
  readonly id: string;
  readonly title: string;
  readonly items: readonly LibraryItem[];
}

/** The scenario the page opens with; first of the library. */
export const DEFAULT_SCENARIO_FILE = 'default.yaml';

/** The known folders, in menu order, with their titles. Other folders follow, then `bench`. */
const GROUPS: readonly { readonly id: string; readonly title: string }[] = [
  { id: 'start', title: 'Start here' },
  { id: 'lessons', title: 'Lessons' },
  { id: 'queueing', title: 'Queueing theory' },
  { id: 'kong', title: 'Kong' },
  { id: 'istio', title: 'Istio' },
  { id: 'consul', title: 'Consul' },
];
const BENCH = { id: 'bench', title: 'Benchmarks' };

/** How many lines from the top `titleOf` looks at for `name:`. */
const TITLE_LINES = 40;

/** Orders names as people number them (`2-x` before `10-x`), the same in every locale. */
const byName = new Intl.Collator('en', { numeric: true }).compare;

/**
 * The library of `entries` (scenario texts keyed by path): the top-level files in "Start here" with
 * `default.yaml` first, then one group a folder (lessons, queueing, kong, istio, consul, then any other
 * in name order), and the benchmarks last. Items are in file-name order within a group; empty groups
 * are left out.
 */
export function buildLibrary(entries: Readonly<Record<string, string>>): LibraryGroup[] {
  const byGroup = new Map<string, LibraryItem[]>();
  for (const [path, text] of Object.entries(entries)) {
    const file = scenarioFile(path);
    const slash = file.indexOf('/');
    const group = slash === -1 ? 'start' : file.slice(0, slash);
    const item: LibraryItem = { path, file, title: titleOf(text, file), group };
    byGroup.set(group, [...(byGroup.get(group) ?? []), item]);
  }
  const known = new Set([...GROUPS.map((g) => g.id), BENCH.id]);
  const others = [...byGroup.keys()]
    .filter((id) => !known.has(id))
    .sort(byName)
    .map((id) => ({ id, title: folderTitle(id) }));
  const groups: LibraryGroup[] = [];
  for (const { id, title } of [...GROUPS, ...others, BENCH]) {
    const items = byGroup.get(id);
    if (items === undefined) continue;
    groups.push({ id, title, items: items.sort(itemOrder) });
  }
  return groups;
}

/** `default.yaml` first, then by file name. */
function itemOrder(a: LibraryItem, b: LibraryItem): number {
  const aDefault = a.file === DEFAULT_SCENARIO_FILE;
  const bDefault = b.file === DEFAULT_SCENARIO_FILE;
  if (aDefault !== bDefault) return aDefault ? -1 : 1;
  return byName(a.file, b.file);
}

/** The part of `path` after its last `scenarios/` folder, or the path without leading `./` and `../`. */
export function scenarioFile(path: string): string {
  const normal = path.replace(/\\/g, '/');
  const at = normal.lastIndexOf('scenarios/');
  if (at !== -1 && (at === 0 || normal[at - 1] === '/')) return normal.slice(at + 'scenarios/'.length);
  return normal.replace(/^(?:\.{1,2}\/)+/, '');
}

/**
 * The scenario's title: the top-level `name:` in its first lines (quotes and a trailing comment
 * removed), else the file's name without its folder.
 */
export function titleOf(text: string, file: string): string {
  const lines = text.split(/\r\n?|\n/, TITLE_LINES);
  for (const line of lines) {
    const match = /^name:[ \t]+(.+)$/.exec(line);
    if (match === null) continue;
    const title = scalarOf(match[1]);
    if (title !== undefined && title !== '') return title;
  }
  return file.slice(file.lastIndexOf('/') + 1);
}

/** A one-line YAML scalar: a quoted one unquoted, a plain one without its comment; block ones are not read. */
function scalarOf(raw: string): string | undefined {
  const value = raw.trim();
  const single = /^'((?:[^']|'')*)'/.exec(value);
  if (single !== null) return single[1].replace(/''/g, "'").trim();
  const double = /^"((?:[^"\\]|\\.)*)"/.exec(value);
  if (double !== null) return double[1].replace(/\\(["\\])/g, '$1').trim();
  if (/^[|>&*!]/.test(value)) return undefined;
  return withoutComment(value).trim();
}

/**
 * A plain scalar without its trailing `# comment` (a `#` after white space). Found by one scan, not
 * by `/\s+#.*$/`, which retries from every space of a long run of them: a shared link's text is
 * anyone's.
 */
function withoutComment(value: string): string {
  for (let hash = value.indexOf('#'); hash > 0; hash = value.indexOf('#', hash + 1)) {
    if (!/\s/.test(value[hash - 1])) continue;
    let start = hash - 1;
    while (start > 0 && /\s/.test(value[start - 1])) start--;
    return value.slice(0, start);
  }
  return value;
}

/** `some-folder` as `Some folder`. */
function folderTitle(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
