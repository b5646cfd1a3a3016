import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Files only their owner may read: the token signing secret, the checkpoint signing key. One place for the
 * permission check and for the race-free creation on first start.
 */

/**
 * The file's text; null when it does not exist. A file that other users may read or write is refused rather than
 * used (`refuse` builds the error): whoever reads a signing secret signs in the service's name. The permission check
 * does not apply on Windows.
 */
export function readPrivateFile(file: string, refuse: (message: string) => Error): string | null {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw refuse(`${file} is accessible to other users (mode ${(mode & 0o777).toString(8)}); restrict it with: chmod 600 ${file}`);
  }
  return readFileSync(file, 'utf8');
}

/**
 * Creates the file with `content` unless it exists; true when this call created it. The content goes to a private
 * temporary file (mode 0600) that is then hard-linked into place, which fails if the file exists: of two processes
 * starting at once one creates it and the other reads it, never a half-written file. A missing folder is created
 * with `folderMode`.
 */
export function createPrivateFileOnce(file: string, content: string, folderMode?: number): boolean {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true, ...(folderMode === undefined ? {} : { mode: folderMode }) });
  const temporary = join(folder, `${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temporary, content, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}
