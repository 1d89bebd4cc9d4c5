/**
 * Opening and saving scenario files: a file picker, a drop target, and downloads. Several files opened
 * at once are the documents of one bundle (a scenario with Kong, Istio or Consul config, or the XML
 * files of an Apigee proxy, also opened as a zip), joined into one text with `---` separators and
 * kept apart as its `parts`, which the importer reads one by one. The pure parts (checks, joining, names) are exported for tests.
 */

/** A file's name and its text. */
export interface OpenedFile {
  readonly name: string;
  readonly text: string;
  /** The files a bundle's text was joined from, in name order; absent for one file. */
  readonly parts?: readonly OpenedFile[];
}

/** What the pure checks need of a `File`. */
export interface FileFacts {
  readonly name: string;
  /** Bytes. */
  readonly size: number;
}

/** The largest file (or set of files) opened, in bytes (512 KiB): the loader's own limit on a file. */
export const MAX_FILE_BYTES = 512 * 1024;

/**
 * The extensions of the files opened, as the picker's `accept` attribute lists them (Consul's config
 * entries are often HCL; an Apigee API proxy is XML files, or a zip of its `apiproxy/` folder).
 */
export const ACCEPTED_EXTENSIONS = ['.yaml', '.yml', '.json', '.hcl', '.xml', '.zip'] as const;

/** The class `installDropTarget` sets on its element while files are dragged over it. */
export const DROP_ACTIVE_CLASS = 'drop-active';

/** A file that the page refuses to open; `message` says why, in words for the user. */
export class FileRefusedError extends Error {
  override readonly name = 'FileRefusedError';
}

/** Names a file's size for a message: `812 bytes`, `3.4 kB`, `6.2 MB` (powers of 1024). */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Why `files` cannot be opened, or `undefined` if they can: none given, a name without a YAML or JSON
 * extension, or more than `MAX_FILE_BYTES` in all.
 */
export function refusalOf(files: readonly FileFacts[]): string | undefined {
  if (files.length === 0) return 'No file was given.';
  const other = files.find((f) => !hasAcceptedExtension(f.name));
  if (other !== undefined) {
    return `${other.name} is not a scenario file: meshsim opens ${ACCEPTED_EXTENSIONS.join(', ')} files.`;
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_FILE_BYTES) {
    const what = files.length === 1 ? `${files[0].name} is` : `These ${files.length} files are`;
    const limit = `${MAX_FILE_BYTES / 1024} kB`;
    return `${what} too large (${formatSize(total)}): meshsim opens scenarios of up to ${limit}.`;
  }
  return undefined;
}

function hasAcceptedExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Orders file names as people number them: `2.yaml` before `10.yaml`, the same in every locale. */
const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' }).compare;

/**
 * One text from the files of a bundle, in name order, named after the first. Each file after the
 * first starts a new YAML document with a `---` line, unless its first line (after blank and comment
 * lines) already is one. A leading byte-order mark is dropped. One file comes back as it is.
 */
export function joinBundle(files: readonly OpenedFile[]): OpenedFile {
  if (files.length === 0) throw new RangeError('joinBundle needs at least one file');
  const sorted = [...files].sort((a, b) => byName(a.name, b.name));
  const texts = sorted.map((f) => f.text.replace(/^\uFEFF/, ''));
  if (texts.length === 1) return { name: sorted[0].name, text: texts[0] };
  let text = texts[0];
  for (const next of texts.slice(1)) {
    if (text.length > 0 && !text.endsWith('\n')) text += '\n';
    text += startsDocument(next) ? next : `---\n${next}`;
  }
  return { name: sorted[0].name, text, parts: sorted.map((f, i) => ({ name: f.name, text: texts[i] })) };
}

/** True when the first line of `text` that is neither blank nor a comment is a `---` marker. */
function startsDocument(text: string): boolean {
  for (const line of text.split(/\r\n?|\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return /^---(?:\s|$)/.test(line);
  }
  return false;
}

/**
 * A file name to save `title` under: lower case, words joined by `-`, at most 80 characters, with
 * `extension` (`.yaml` by default); `scenario.yaml` when the title has no letters or digits.
 */
export function fileNameFor(title: string, extension = '.yaml'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'scenario'}${extension}`;
}

/**
 * Reads `files` as one text (see `joinBundle`), a zip as the files of the Apigee proxy in it; rejects
 * with `FileRefusedError` when `refusalOf` objects or a zip holds no proxy.
 */
export async function readFiles(files: readonly File[]): Promise<OpenedFile> {
  const refusal = refusalOf(files);
  if (refusal !== undefined) throw new FileRefusedError(refusal);
  const opened = await Promise.all(
    files.map(async (f) =>
      f.name.toLowerCase().endsWith('.zip')
        ? unzipProxy(new Uint8Array(await f.arrayBuffer()), f.name)
        : [{ name: f.name, text: await f.text() }],
    ),
  );
  const bundle = joinBundle(opened.flat());
  // A zip opened alone is named as the reader knows it, not after the first file inside it.
  return files.length === 1 && opened[0].length > 1 ? { ...bundle, name: files[0].name } : bundle;
}

/**
 * The XML files of the Apigee proxy bundle zipped in `bytes` (a zip of `apiproxy/`, as Apigee's tools
 * download it), each named by its path in the zip under the zip's name, as the command line names
 * them. fflate is fetched only when a zip is opened. Rejects with `FileRefusedError` when `bytes` is
 * not a zip or holds no `apiproxy/` folder of XML files.
 */
export async function unzipProxy(bytes: Uint8Array, zipName: string): Promise<OpenedFile[]> {
  const { strFromU8, unzipSync } = await import('fflate');
  let files: Record<string, Uint8Array>;
  try {
    // The proxy's XML only, each within the loader's bound: scripts and style sheets are not read.
    files = unzipSync(bytes, {
      filter: (f) => /(^|\/)apiproxy\/.*\.xml$/.test(f.name) && f.originalSize <= MAX_FILE_BYTES,
    });
  } catch {
    throw new FileRefusedError(`${zipName} could not be read as a zip file.`);
  }
  const names = Object.keys(files).sort();
  if (names.length === 0)
    throw new FileRefusedError(`${zipName} holds no apiproxy/ folder of XML files (an Apigee API proxy).`);
  return names.map((name) => ({ name: `${zipName}/${name}`, text: strFromU8(files[name]) }));
}

/**
 * Asks the user for a scenario file (or the files of a bundle) with the browser's file dialog.
 * Resolves to the file, or `undefined` if the dialog is cancelled; rejects with `FileRefusedError`
 * when the files cannot be opened. Call it from a click or key handler: browsers open the dialog only
 * for a user's gesture.
 */
export function pickFile(): Promise<OpenedFile | undefined> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPTED_EXTENSIONS.join(',');
    input.multiple = true;
    input.hidden = true;
    const done = (): void => input.remove();
    input.addEventListener('change', () => {
      done();
      const files = Array.from(input.files ?? []);
      if (files.length === 0) resolve(undefined);
      else readFiles(files).then(resolve, reject);
    });
    input.addEventListener('cancel', () => {
      done();
      resolve(undefined);
    });
    // Some browsers only open the dialog of an input that is in the document.
    document.body.append(input);
    input.click();
  });
}

/**
 * Lets the user drop a scenario file (or the files of a bundle) on `element`, which carries
 * `DROP_ACTIVE_CLASS` while files are dragged over it. `onFile` gets the opened file; `onError` the
 * message of files refused or unreadable. Returns a function that removes the target.
 */
export function installDropTarget(
  element: HTMLElement,
  onFile: (file: OpenedFile) => void,
  onError: (message: string) => void = () => undefined,
): () => void {
  // dragenter and dragleave fire for each child crossed: count them to know when the drag has left.
  let depth = 0;
  const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;
  const setActive = (active: boolean): void => {
    element.classList.toggle(DROP_ACTIVE_CLASS, active);
  };
  const onEnter = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    setActive(true);
  };
  const onOver = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    // Without this the browser does not allow a drop here.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onLeave = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) setActive(false);
  };
  const onDrop = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    // Keep the browser from leaving the page to show the file.
    event.preventDefault();
    depth = 0;
    setActive(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    readFiles(files).then(onFile, (error: unknown) =>
      onError(
        error instanceof FileRefusedError ? error.message : `The file could not be read: ${String(error)}`,
      ),
    );
  };
  const onEnd = (): void => {
    depth = 0;
    setActive(false);
  };
  element.addEventListener('dragenter', onEnter);
  element.addEventListener('dragover', onOver);
  element.addEventListener('dragleave', onLeave);
  element.addEventListener('drop', onDrop);
  element.addEventListener('dragend', onEnd);
  return () => {
    element.removeEventListener('dragenter', onEnter);
    element.removeEventListener('dragover', onOver);
    element.removeEventListener('dragleave', onLeave);
    element.removeEventListener('drop', onDrop);
    element.removeEventListener('dragend', onEnd);
    setActive(false);
  };
}

/** How long a download's object URL is kept before it is revoked, ms (the browser needs it briefly). */
const REVOKE_DELAY_MS = 10_000;

/** Saves `text` as a file called `name` through the browser's download (`mime` defaults to YAML). */
export function downloadText(name: string, text: string, mime = 'application/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
