import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Files of the service that only its own user may read: folders 0700, files 0600. The data folder holds the event
 * log, the read models with the user directory and the webhook signing secrets, and the key and token secrets;
 * whoever can read them can mint tokens or forge webhook deliveries. POSIX modes only: Windows has none, so the
 * checks do nothing there.
 */

const CHECKED = process.platform !== 'win32';

/** A file or folder that other users may access. */
export class InsecurePermissionsError extends Error {
  constructor(readonly path: string, mode: number, isDirectory: boolean) {
    super(
      `${path} is accessible to other users (mode ${(mode & 0o777).toString(8)}); ` +
        `restrict it with: chmod ${isDirectory ? '700' : '600'} ${path}`,
    );
    this.name = 'InsecurePermissionsError';
  }
}

/** Throws InsecurePermissionsError when group or others have any permission on `path` (followed through links). */
export function assertPrivate(path: string): void {
  if (!CHECKED) return;
  const stats = statSync(path);
  if ((stats.mode & 0o077) !== 0) throw new InsecurePermissionsError(path, stats.mode, stats.isDirectory());
}

/** Creates `dir` (and missing parents) with mode 0700; an existing folder keeps its mode. */
export function createPrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Creates `path` empty with mode 0600 unless it exists; never truncates. Called before SQLite opens a database:
 * SQLite creates its files with 0644 (less the umask) but gives the -wal and -shm files the database file's mode.
 */
export function createPrivateFile(path: string): void {
  createPrivateDir(dirname(path));
  closeSync(openSync(path, 'a', 0o600));
}

/**
 * The data folder at start: created 0700 when missing, else it and everything directly in it must be private.
 * Refuses rather than repairs: a file that was readable may already have been copied.
 */
export function checkPrivateDataDir(dir: string): void {
  createPrivateDir(dir);
  assertPrivate(dir);
  for (const name of readdirSync(dir)) {
    try {
      assertPrivate(join(dir, name));
    } catch (error) {
      // Removed meanwhile (a -wal file at another process's close, a temporary file): nothing left to protect.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * The contents of a private file, or null when it does not exist. A file that others may read is refused rather than
 * used: InsecurePermissionsError, or the caller's own error built by `refuse` from the message.
 */
export function readPrivateFile(path: string, refuse?: (message: string) => Error): string | null {
  try {
    assertPrivate(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (refuse && error instanceof InsecurePermissionsError) throw refuse(error.message);
    throw error;
  }
  return readFileSync(path, 'utf8');
}

/**
 * Writes `content` to `path` with mode 0600 unless the file exists, and says whether it did. The content goes to a
 * private temporary file that is then hard-linked into place, which fails if the file exists: of two processes
 * starting at once one creates it and the other finds it, and nobody ever reads a half-written file. A missing
 * folder is created 0700.
 */
export function createPrivateFileOnce(path: string, content: string): boolean {
  createPrivateDir(dirname(path));
  const temporary = join(dirname(path), `${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temporary, content, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}
