/**
 * The file in the editor, as the page's runs read it: the name its problems are reported under, the
 * seed the next run takes, whether the next run opens it, and its text as opened ("Reset lesson" goes
 * back to it). One object, made by the page and handed to the parts that read or change it.
 */

/** The text the file is edited in. */
export interface FileText {
  getText(): string;
  setText(text: string): void;
}

/** The file in the editor. */
export interface PageFile {
  /** The name errors are reported under: the library file or the opened file. */
  name: string;
  /** The seed of the next run; undefined for the file's own. */
  seed: number | undefined;
  /**
   * The next run opens a file (a lesson picked, a file opened, a link followed): its playback starts at
   * the file's own `playback.start`, and its tiles compare with nothing. Any other run (a slider, a
   * try-this, a new seed, Run) keeps the playhead and shows each tile's change from the run before.
   */
  opensFile: boolean;
  /** The file's text as it was opened: "Reset lesson" goes back to it. */
  readonly originalText: string | undefined;
  /** Puts a file just opened (`text`) in the editor, to be run: the next run opens it. */
  open(text: string): void;
  /** Whether the text differs from the file as opened. */
  changed(): boolean;
}

/** The file edited in `editor`, first named `name`. */
export function createPageFile(editor: FileText, name: string): PageFile {
  let originalText: string | undefined;
  return {
    name,
    seed: undefined,
    opensFile: true,
    get originalText() {
      return originalText;
    },
    open(text) {
      this.opensFile = true;
      originalText = text;
      editor.setText(text);
    },
    changed: () => originalText !== undefined && editor.getText() !== originalText,
  };
}
