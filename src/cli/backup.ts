/**
 * Online backup of the embedded SQLite stores: `npm run backup -- <dir> [--force]`.
 *
 * Uses SQLite's backup API (better-sqlite3 `db.backup`), which copies a consistent snapshot page by page while the
 * service keeps writing, so the service does not have to stop. EventStoreDB and MongoDB are not touched: they have
 * their own backup tools.
 */
import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppConfig, loadConfig, SQLITE_FILES } from '../config/config';
import { createPrivateDir, createPrivateFile } from '../core/private-files';

export const USAGE = [
  'Usage: npm run backup -- <dir> [--force]',
  '',
  'Copies the SQLite files of DATA_DIR (events.db, state.db, read-models.db) into <dir> while the service runs.',
  '<dir> is created if missing (mode 0700); the copies are written with mode 0600.',
  'Existing backup files in <dir> are only replaced with --force.',
  '',
  'Options:',
  '  -f, --force   overwrite existing backup files in <dir>',
  '  -h, --help    show this text',
  '',
  'Exit codes: 0 success, 1 backup failed, 2 usage error.',
].join('\n');

/** Wrong invocation; the CLI answers with the usage text and exit code 2. */
export class BackupUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'BackupUsageError';
  }
}

/** The backup could not be made or verified; exit code 1. */
export class BackupError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupOptions {
  /** Directory that receives the copies; created if missing. */
  targetDir: string;
  /** Replace backup files already present in targetDir. */
  force?: boolean;
  /** Environment read like the service reads it (DATA_DIR, EVENT_STORE, READ_STORE); default process.env. */
  env?: Record<string, string | undefined>;
  /** Receives progress and summary lines; default console.log. */
  log?: (line: string) => void;
  /** Pages copied per step; small steps keep progress visible on large files. Default 1024. */
  pagesPerStep?: number;
}

export interface BackedUpFile {
  name: string;
  source: string;
  destination: string;
  bytes: number;
  /** Only for the event log, and only when its table has the expected shape. */
  events?: { count: number; headPosition: number | null };
}

export interface BackupResult {
  dataDir: string;
  targetDir: string;
  files: BackedUpFile[];
  /** Explanations for stores that are not SQLite and were therefore not copied. */
  skipped: string[];
}

type SqliteFile = (typeof SQLITE_FILES)[keyof typeof SQLITE_FILES];

const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;
const PARTIAL_SUFFIX = '.partial';
/** Larger than any database: the backup API then copies everything that is left in one step. */
const ALL_REMAINING_PAGES = 0x7fffffff;

export async function backup(options: BackupOptions): Promise<BackupResult> {
  if (typeof options.targetDir !== 'string' || options.targetDir.trim() === '') {
    throw new BackupUsageError('no backup directory given');
  }
  const log = options.log ?? ((line: string) => console.log(line));
  const pagesPerStep = options.pagesPerStep ?? 1024;
  if (!Number.isInteger(pagesPerStep) || pagesPerStep < 1) {
    throw new BackupUsageError(`pagesPerStep must be a positive integer, got ${pagesPerStep}`);
  }

  let config: AppConfig;
  try {
    config = loadConfig(options.env ?? process.env);
  } catch (error) {
    throw new BackupError(`configuration: ${errorMessage(error)}`);
  }

  // Read models first, event log second: the read models' checkpoints can then never be ahead of the copied log.
  // The other order could restore checkpoints past the log's head, and events appended after the restore would
  // reuse those positions and be skipped by the projections.
  const plan: SqliteFile[] = [];
  const skipped: string[] = [];
  // The state store (user directory, webhook secrets and deliveries, API-key usage) sits with the read store's kind.
  // Before the event log too: its webhook delivery checkpoints are positions in the log.
  if (config.readStore.kind === 'sqlite') plan.push(SQLITE_FILES.readModels, SQLITE_FILES.state);
  else {
    skipped.push(
      'READ_STORE=mongodb: read models and the state store (collections state_*) live in MongoDB; back them up with ' +
        'mongodump (the state_* collections are required: no rebuild brings them back; read models can be rebuilt ' +
        'from the event log after a restore).',
    );
  }
  if (config.eventStore.kind === 'sqlite') plan.push(SQLITE_FILES.events);
  else {
    skipped.push(
      'EVENT_STORE=eventstoredb: the event log lives in EventStoreDB; back it up with its documented procedure ' +
        '(file-copy backup of its data directory: chunks, index, checkpoints). Take read-model backups before it.',
    );
  }
  const stateFile = join(config.dataDir, SQLITE_FILES.state);
  if (plan.includes(SQLITE_FILES.state) && !existsSync(stateFile)) {
    // Versions before the state store kept that state in read-models.db, which is copied; the next start moves it.
    plan.splice(plan.indexOf(SQLITE_FILES.state), 1);
    skipped.push(`${stateFile} does not exist yet: this data folder keeps that state in read-models.db (older layout).`);
  }
  for (const note of skipped) log(`skipped: ${note}`);
  if (plan.length === 0) {
    throw new BackupError('nothing to back up: neither store is SQLite (EVENT_STORE and READ_STORE are external).');
  }

  const dataDir = config.dataDir;
  const targetDir = resolve(options.targetDir);
  if (samePath(dataDir, targetDir)) {
    throw new BackupError(`the backup directory must not be DATA_DIR itself (${dataDir})`);
  }
  for (const name of plan) {
    const source = join(dataDir, name);
    if (!existsSync(source) || !statSync(source).isFile()) {
      throw new BackupError(`${source} does not exist; is DATA_DIR (${dataDir}) the one the service uses?`);
    }
  }

  try {
    createPrivateDir(targetDir);
  } catch (error) {
    throw new BackupError(`cannot create ${targetDir}: ${errorMessage(error)}`);
  }
  prepareTargets(targetDir, plan, options.force === true);

  log(`Backing up ${plan.join(', ')} from ${dataDir} to ${targetDir}`);
  const files: BackedUpFile[] = [];
  for (const name of plan) {
    files.push(await copyOne(name, join(dataDir, name), join(targetDir, name), pagesPerStep, log));
  }

  log('Backup complete:');
  for (const file of files) {
    const events = file.events
      ? `, ${file.events.count} events, head position ${file.events.headPosition ?? 'none'}`
      : '';
    log(`  ${file.destination}  ${formatBytes(file.bytes)} (${file.bytes} bytes), integrity ok${events}`);
  }
  return { dataDir, targetDir, files, skipped };
}

/** Refuses to clobber earlier backups; with force removes them, including stale -wal/-shm that SQLite would replay. */
function prepareTargets(targetDir: string, plan: readonly SqliteFile[], force: boolean): void {
  const existing = plan
    .flatMap((name) => [name, `${name}${PARTIAL_SUFFIX}`])
    .flatMap((name) => [name, ...SIDE_SUFFIXES.map((suffix) => `${name}${suffix}`)])
    .map((name) => join(targetDir, name))
    .filter((path) => existsSync(path));
  if (existing.length === 0) return;
  if (!force) {
    throw new BackupError(
      `${targetDir} already holds backup files (${existing.map((p) => p.slice(targetDir.length + 1)).join(', ')}); ` +
        'choose an empty directory or pass --force to overwrite them',
    );
  }
  for (const path of existing) rmSync(path, { force: true });
}

async function copyOne(
  name: SqliteFile,
  source: string,
  destination: string,
  pagesPerStep: number,
  log: (line: string) => void,
): Promise<BackedUpFile> {
  // Copy under a temporary name so an interrupted or unverified copy never looks like a finished backup.
  const partial = `${destination}${PARTIAL_SUFFIX}`;
  try {
    // A copy of the data is as private as the data: SQLite would create the file 0644 (and its -wal, -shm alike).
    createPrivateFile(partial);
    await snapshot(name, source, partial, pagesPerStep, log);
    const events = verify(name, partial);
    fsyncPath(partial);
    renameSync(partial, destination);
    fsyncPath(dirname(destination));
    return { name, source, destination, bytes: statSync(destination).size, ...(events ? { events } : {}) };
  } catch (error) {
    for (const path of [partial, ...SIDE_SUFFIXES.map((suffix) => `${partial}${suffix}`)]) {
      rmSync(path, { force: true });
    }
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${name}: ${errorMessage(error)}`);
  }
}

async function snapshot(
  name: SqliteFile,
  source: string,
  destination: string,
  pagesPerStep: number,
  log: (line: string) => void,
): Promise<void> {
  // Read-write on purpose, though nothing is written: a read-only connection leaves -wal/-shm files behind when the
  // service is stopped (owned by whoever ran the backup, which can lock the service out), a read-write one removes
  // them on close. fileMustExist keeps a wrong DATA_DIR from creating an empty database.
  const db = new Database(source, { fileMustExist: true });
  try {
    let lastReported = -1;
    let previousRemaining: number | undefined;
    let rate = pagesPerStep;
    await db.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        // A write by another connection (the running service) restarts the copy. If that happens, copy the rest in
        // one step: in WAL mode the reader does not block the writer, and a busy service could otherwise restart
        // the copy forever.
        if (previousRemaining !== undefined && remainingPages >= previousRemaining) rate = ALL_REMAINING_PAGES;
        previousRemaining = remainingPages;
        const percent = totalPages === 0 ? 100 : Math.floor(((totalPages - remainingPages) / totalPages) * 100);
        const bucket = Math.floor(percent / 10) * 10;
        if (bucket > lastReported) {
          lastReported = bucket;
          log(`${name}: ${bucket}%`);
        }
        return rate;
      },
    });
    log(`${name}: 100%`);
  } finally {
    db.close();
  }
}

/** Opens the copy, checks it and reads the event log's head; closing it removes the -wal/-shm it created. */
function verify(name: SqliteFile, path: string): BackedUpFile['events'] {
  const db = new Database(path, { fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    if (rows.length !== 1 || rows[0].integrity_check !== 'ok') {
      // One result may hold many lines; show the first few so the message stays readable.
      const lines = rows
        .flatMap((row) => row.integrity_check.split('\n'))
        .filter((line) => line !== '' && !line.startsWith('***'));
      const shown = lines.slice(0, 3).join('; ') + (lines.length > 3 ? `; … ${lines.length - 3} more` : '');
      throw new BackupError(
        `${name}: integrity_check of the copy failed (${shown || 'no result'}); ` +
          'the source may be damaged, run PRAGMA integrity_check on it',
      );
    }
    return name === SQLITE_FILES.events ? eventStats(db) : undefined;
  } finally {
    db.close();
  }
}

/** Event count and head position, if the events table has the expected `position` column; otherwise nothing. */
function eventStats(db: Database.Database): BackedUpFile['events'] {
  try {
    const columns = db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all() as string[];
    if (!columns.includes('position')) return undefined;
    const row = db.prepare('SELECT count(*) AS count, max(position) AS head FROM events').get() as
      | { count: number; head: number | null }
      | undefined;
    return row ? { count: row.count, headPosition: row.head } : undefined;
  } catch {
    return undefined;
  }
}

/** Flushes a file or directory to disk, so a backup reported as done survives a power cut. */
function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Directories cannot be opened for fsync on some platforms (Windows); the copy itself is already complete.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function samePath(a: string, b: string): boolean {
  const real = (path: string): string => (existsSync(path) ? realpathSync(path) : resolve(path));
  return real(a) === real(b);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type ParsedArgs = { help: true } | { help: false; targetDir: string; force: boolean };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let force = false;
  const positional: string[] = [];
  let optionsEnded = false;
  for (const arg of argv) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') positional.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '-h' || arg === '--help') return { help: true };
    else if (arg === '-f' || arg === '--force') force = true;
    else throw new BackupUsageError(`unknown option ${arg}`);
  }
  if (positional.length === 0) throw new BackupUsageError('no backup directory given');
  if (positional.length > 1) throw new BackupUsageError(`expected one backup directory, got ${positional.join(' ')}`);
  return { help: false, targetDir: positional[0], force };
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the command line and returns the exit code; never exits the process itself. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) },
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    await backup({ targetDir: args.targetDir, force: args.force, env, log: io.out });
    return 0;
  } catch (error) {
    if (error instanceof BackupUsageError) {
      io.err(`backup: ${error.message}\n\n${USAGE}`);
      return error.exitCode;
    }
    io.err(`backup failed: ${errorMessage(error)}`);
    return 1;
  }
}

if (require.main === module) {
  // exitCode instead of process.exit() lets stdout and stderr drain first.
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
