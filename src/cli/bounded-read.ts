/**
 * Reading a file the command line was given, never more than the loader takes: a regular file over
 * MAX_FILE_BYTES is refused by its size before any byte is read, and anything else (a pipe, a device
 * such as /dev/zero) is read only up to one byte past the limit.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FILE_TOO_LARGE_HINT, figure, fileTooLarge, MAX_FILE_BYTES } from '../scenario/parse-limits';

/** Why a file was refused: its size (when known) and the limit; `code` is Node's for a file too large. */
class FileTooLargeError extends Error {
  readonly code = 'EFBIG';
}

function tooLarge(bytes: number | undefined): FileTooLargeError {
  const found =
    bytes === undefined
      ? `the file is more than ${figure(MAX_FILE_BYTES)} bytes, the limit (${MAX_FILE_BYTES / 1024} KiB)`
      : fileTooLarge(bytes);
  return new FileTooLargeError(`${found}; ${FILE_TOO_LARGE_HINT}`);
}

/** The UTF-8 text of `path`; throws (with a Node `code`, EFBIG when too large) when it cannot be read. */
export function readBoundedFile(path: string): string {
  return Buffer.from(readBoundedBytes(path)).toString('utf8');
}

/** The bytes of `path` (a zipped bundle), within the same bound; throws as {@link readBoundedFile} does. */
export function readBoundedBytes(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > MAX_FILE_BYTES) throw tooLarge(stat.size);
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const got = readSync(fd, buffer, length, buffer.length - length, null);
      if (got === 0) break;
      length += got;
    }
    if (length > MAX_FILE_BYTES) throw tooLarge(undefined);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
