/**
 * The library's texts, loaded when a file is opened rather than with the page: the library grows
 * with every lesson and bundle, and the page's first script should not. The menu is built from each
 * file's `name:` line alone, which the build gives at once (`vite.config.ts`, `?name-line`).
 */

/** Loads one library file's text: what `import.meta.glob` gives for a lazy `?raw` import. */
export type TextLoader = () => Promise<unknown>;

/** The library's texts by path, loaded on first use. */
export interface LibraryTexts {
  /** The text of library file `path`; undefined when the library has no such file. */
  load(path: string): Promise<string | undefined>;
  /**
   * The path of the library file whose text is `text`, if any. Only the files whose `name:` line is
   * `text`'s are loaded to compare: a shared link of an unedited lesson opens as that lesson.
   */
  find(text: string): Promise<string | undefined>;
}

/**
 * The library of `loaders` (path to loader), with `nameLines` (path to the file's `name:` line, or
 * `''`) to narrow `find` to the candidates.
 */
export function libraryTexts(
  loaders: Readonly<Record<string, TextLoader>>,
  nameLines: Readonly<Record<string, string>>,
): LibraryTexts {
  const load = async (path: string): Promise<string | undefined> => {
    if (!Object.hasOwn(loaders, path)) return undefined;
    const text = await loaders[path]();
    return typeof text === 'string' ? text : undefined;
  };
  return {
    load,
    async find(text) {
      const line = nameLineOf(text);
      for (const path of Object.keys(loaders).filter((p) => (nameLines[p] ?? '') === line))
        if ((await load(path)) === text) return path;
      return undefined;
    },
  };
}

/** The lines from the top of a file that `nameLineOf` (and the menu's title) looks at. */
export const NAME_LINES_READ = 40;

/** A file's `name:` line among its first lines, as written; `''` when it has none. */
export function nameLineOf(text: string): string {
  return (
    text
      .split(/\r\n?|\n/, NAME_LINES_READ)
      .find((line) => /^name:[ \t]/.test(line))
      ?.trimEnd() ?? ''
  );
}
