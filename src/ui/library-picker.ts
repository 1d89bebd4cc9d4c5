/**
 * The scenario menu of the top bar. It always names the file open in the page: a library scenario
 * is selected as itself; a file opened another way (a shared link, a dropped or picked file, an
 * import) gets an entry of its own at the top, "Open: <name>", selected, so the menu never shows a
 * lesson that is no longer open. Names are set as text, never parsed as HTML.
 */
import { h } from './dom';
import type { LibraryGroup } from './library';

/** The `value` of the entry that names a file from outside the library. */
export const OPENED_FILE_VALUE = 'opened-file';

/** The menu, filled with the library. */
export interface LibraryPicker {
  /** Selects the library scenario at `path` (a key of the library's texts) and drops the outside entry. */
  showLibraryFile(path: string): void;
  /** Names a file from outside the library (`label`, e.g. `kong.yml, imported`) and selects it. */
  showOpenedFile(label: string): void;
  /** What the menu names now: the selected entry's text. */
  readonly shownLabel: string;
}

/** Fills `select` with `library`, one `optgroup` a group, and returns the picker over it. */
export function createLibraryPicker(
  select: HTMLSelectElement,
  library: readonly LibraryGroup[],
): LibraryPicker {
  for (const group of library) {
    select.append(
      h(
        'optgroup',
        { label: group.title },
        ...group.items.map((item) => h('option', { value: item.path }, item.title)),
      ),
    );
  }
  const opened = h('option', { value: OPENED_FILE_VALUE }, '');
  const openedGroup = h('optgroup', { label: 'Open now' }, opened);
  return {
    showLibraryFile(path) {
      openedGroup.remove();
      select.value = path;
    },
    showOpenedFile(label) {
      opened.textContent = `Open: ${label}`;
      if (!openedGroup.isConnected) select.prepend(openedGroup);
      select.value = OPENED_FILE_VALUE;
    },
    get shownLabel() {
      return select.selectedOptions[0]?.textContent ?? '';
    },
  };
}
