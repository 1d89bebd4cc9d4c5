/**
 * The library's texts load when a file is opened; the menu is built from each file's `name:` line,
 * and a shared link's text finds its lesson by loading only the files of the same name.
 */
import { expect, test } from 'vitest';
import { buildLibrary } from '../../../src/ui/library';
import { libraryTexts, nameLineOf } from '../../../src/ui/app/library-texts';

const TEXTS: Record<string, string> = {
  '../../scenarios/default.yaml': 'name: Default\nseed: 1\n',
  '../../scenarios/lessons/01-a.yaml': '# a comment\nname: "A lesson"\n',
  '../../scenarios/lessons/02-b.yaml': 'name: Default\nseed: 2\n',
  '../../scenarios/kong/kong.yml': '_format_version: "3.0"\n',
};

function library() {
  const loaded: string[] = [];
  const loaders = Object.fromEntries(
    Object.entries(TEXTS).map(([path, text]) => [path, async () => (loaded.push(path), text)]),
  );
  const nameLines = Object.fromEntries(Object.entries(TEXTS).map(([p, t]) => [p, nameLineOf(t)]));
  return { texts: libraryTexts(loaders, nameLines), nameLines, loaded };
}

test("a file's name line, as written; none when the file has no top-level name", () => {
  expect(nameLineOf(TEXTS['../../scenarios/lessons/01-a.yaml'])).toBe('name: "A lesson"');
  expect(nameLineOf('clients:\n  - name: nested\n')).toBe('');
  expect(nameLineOf(`${'# x\n'.repeat(45)}name: too far\n`)).toBe('');
});

test('the menu built from the name lines alone is the menu built from the texts', () => {
  const { nameLines } = library();
  expect(buildLibrary(nameLines)).toEqual(buildLibrary(TEXTS));
});

test('a text loads when asked for, and a path outside the library has none', async () => {
  const { texts, loaded } = library();
  expect(loaded).toEqual([]);
  expect(await texts.load('../../scenarios/kong/kong.yml')).toBe('_format_version: "3.0"\n');
  expect(await texts.load('constructor')).toBeUndefined();
  expect(loaded).toEqual(['../../scenarios/kong/kong.yml']);
});

test('a shared text finds its file, loading only the files of its name line', async () => {
  const { texts, loaded } = library();
  expect(await texts.find('name: Default\nseed: 2\n')).toBe('../../scenarios/lessons/02-b.yaml');
  expect(loaded.sort()).toEqual(['../../scenarios/default.yaml', '../../scenarios/lessons/02-b.yaml']);
  expect(await texts.find('name: Default\nseed: 3\n')).toBeUndefined();
});
