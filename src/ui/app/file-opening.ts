/**
 * The gestures that open a file: a lesson picked in the library menu, a file opened or dropped on
 * the page, and "Reset lesson", which puts back the file's text as it was opened. Each file is named
 * in the menu at once, then opened by the page's controller.
 */
import { installDropTarget, pickFile } from '../files';
import { rememberFocus, type FocusMemory } from '../knobs/focus-memory';
import { scenarioFile } from '../library';
import type { OpenRequest } from './page-machine';
import type { FileText, PageFile } from './page-file';
import type { LibraryTexts } from './library-texts';
import { describeFailure } from './status-text';

/** The controls that open files. */
export interface FileOpeningElements {
  /** The library menu: its value is a library file's path. */
  readonly picker: HTMLSelectElement;
  readonly openFile: HTMLButtonElement;
  readonly resetLesson: HTMLButtonElement;
  /** Where files may be dropped. */
  readonly dropTarget: HTMLElement;
}

/** What opening a file does on the page. */
export interface FileOpeningHooks {
  /** The library's files' texts, loaded when one is picked. */
  readonly texts: Pick<LibraryTexts, 'load'>;
  readonly file: PageFile;
  readonly editor: FileText;
  /** The library menu's names. */
  readonly menu: { showLibraryFile(path: string): void; showOpenedFile(label: string): void };
  /** Opens `request` (the controller's OPEN). */
  open(request: OpenRequest): void;
  /** Runs the text again for the control that had `focus`. */
  rerun(focus: FocusMemory): void;
  /** A file could not be opened: `message` says why. */
  onError(message: string): void;
}

/** The file-opening gestures; `refreshResetLesson` makes "Reset lesson" follow the text. */
export interface FileOpening {
  /** Opens `request`: named in the menu at once, then by the controller, at the file's own seed. */
  load(request: OpenRequest): void;
  /** "Reset lesson" is there to press only when the text differs from the file as opened. */
  refreshResetLesson(): void;
}

/** Listens on `ui`'s controls. */
export function installFileOpening(ui: FileOpeningElements, hooks: FileOpeningHooks): FileOpening {
  const { file, menu } = hooks;
  const load = (request: OpenRequest): void => {
    file.seed = undefined;
    if (request.keyInLibrary !== undefined) menu.showLibraryFile(request.keyInLibrary);
    else menu.showOpenedFile(request.name);
    hooks.open(request);
  };
  ui.resetLesson.addEventListener('click', () => {
    if (file.originalText === undefined || !file.changed()) return;
    const focus = rememberFocus();
    hooks.editor.setText(file.originalText);
    hooks.rerun(focus);
  });
  ui.picker.addEventListener('change', () => {
    const path = ui.picker.value;
    void hooks.texts.load(path).then(
      (text) => {
        // A file picked since, while this one loaded, is the one to open.
        if (text !== undefined && ui.picker.value === path)
          load({ text, name: scenarioFile(path), keyInLibrary: path });
      },
      (error: unknown) => hooks.onError(describeFailure(error)),
    );
  });
  ui.openFile.addEventListener('click', () => {
    pickFile().then(
      (opened) => {
        if (opened) load(opened);
      },
      (error: unknown) => hooks.onError(describeFailure(error)),
    );
  });
  installDropTarget(ui.dropTarget, load, hooks.onError);
  return {
    load,
    refreshResetLesson() {
      const changed = file.changed();
      // aria-disabled, not disabled: the button keeps the focus after the reset it made.
      ui.resetLesson.setAttribute('aria-disabled', String(!changed));
      ui.resetLesson.title = changed
        ? "Put back the lesson's own values (your changes are lost) and run it again"
        : 'Nothing changed yet: the lesson has its own values';
    },
  };
}
