import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkPrivateDataDir,
  createPrivateFile,
  createPrivateFileOnce,
  InsecurePermissionsError,
  readPrivateFile,
} from '../../../src/core/private-files';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('private files of the data folder', () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ledger-private-'));
    // The most permissive umask: the modes must come from the code, not from the environment.
    umask = process.umask(0);
  });

  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a missing data folder 0700 and files 0600, whatever the umask', () => {
    const dataDir = join(root, 'a', 'data');
    checkPrivateDataDir(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(root, 'a'))).toBe(0o700);
    createPrivateFile(join(dataDir, 'events.db'));
    expect(modeOf(join(dataDir, 'events.db'))).toBe(0o600);
    expect(createPrivateFileOnce(join(dataDir, 'key'), 'first\n')).toBe(true);
    expect(createPrivateFileOnce(join(dataDir, 'key'), 'second\n')).toBe(false);
    expect(readPrivateFile(join(dataDir, 'key'))).toBe('first\n');
    expect(modeOf(join(dataDir, 'key'))).toBe(0o600);
    expect(() => checkPrivateDataDir(dataDir)).not.toThrow();
  });

  it('leaves an existing file as it is: its content, and its mode for the start check to judge', () => {
    const file = join(root, 'read-models.db');
    writeFileSync(file, 'kept', { mode: 0o644 });
    createPrivateFile(file);
    expect(readFileSync(file, 'utf8')).toBe('kept');
    expect(modeOf(file)).toBe(0o644);
  });

  it('refuses a folder, a file or a folder inside that group or others may access, naming the chmod', () => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    expect(() => checkPrivateDataDir(dataDir)).toThrow(
      new InsecurePermissionsError(dataDir, 0o755, true),
    );
    expect(() => checkPrivateDataDir(dataDir)).toThrow(`restrict it with: chmod 700 ${dataDir}`);
    chmodSync(dataDir, 0o700);

    const file = join(dataDir, 'events.db-wal');
    writeFileSync(file, '', { mode: 0o640 });
    expect(() => checkPrivateDataDir(dataDir)).toThrow(`${file} is accessible to other users (mode 640); restrict it with: chmod 600 ${file}`);
    expect(() => readPrivateFile(file)).toThrow(InsecurePermissionsError);
    chmodSync(file, 0o600);

    const inner = join(dataDir, 'before-restore');
    mkdirSync(inner, { mode: 0o701 });
    expect(() => checkPrivateDataDir(dataDir)).toThrow(`chmod 700 ${inner}`);
    chmodSync(inner, 0o700);
    expect(() => checkPrivateDataDir(dataDir)).not.toThrow();
    expect(readPrivateFile(join(dataDir, 'missing'))).toBeNull();
  });
});
