/**
 * The SQLite file behind the store, opened only when it can be Radar's database as it is.
 * An existing file of 0 bytes (emptied, or cut short by a full disk or a bad copy) would silently
 * become a new database: every channel's settings lost and every story alerted again. A file that
 * is not SQLite, or whose schema is damaged, would fail on first use with a bare SQLite message.
 * Both are refused with the file's name and the way out. `setAside` (`radar migrate --force-new`)
 * moves such a file away, never deleting it, so that a new database can start in its place.
 * @see https://www.sqlite.org/rescode.html#corrupt
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../shared/errors.ts';

const WAY_OUT = 'Restore it from a backup, or run `radar migrate --force-new` to move it aside (it is kept) and start a new, empty database.';

/** SQLite's answer for a file that is not a database, or is damaged. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

export function damaged(path: string, error: unknown): StoreError {
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError('store_corrupt', path, `database ${path} is damaged or not a SQLite database (${detail}). ${WAY_OUT}`, { cause: error });
}

/** A file of 0 bytes with no write-ahead log beside it: nothing SQLite could read as a database. */
function isEmptyFile(path: string): boolean {
  const size = (file: string) => (existsSync(file) ? statSync(file).size : -1);
  return size(path) === 0 && size(`${path}-wal`) <= 0;
}

/** Opens (or, at a new path, creates) the database in WAL mode; refuses an empty or damaged file. */
export function openDatabase(path: string): Database.Database {
  const onDisk = path !== ':memory:';
  if (onDisk && isEmptyFile(path)) {
    throw new StoreError('store_corrupt', path,
      `database ${path} is empty (0 bytes), as if emptied or cut short: opening it would start a new database, losing every channel's settings and alerting every story again. ${WAY_OUT}`);
  }
  let db: Database.Database;
  try {
    if (onDisk) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new StoreError('store_failed', path, `cannot open SQLite database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get(); // reads the header and the schema
    return db;
  } catch (error) {
    db.close();
    if (isCorruption(error)) throw damaged(path, error);
    throw new StoreError('store_failed', path, `cannot open SQLite database ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** What `setAside` did: nothing to move, a usable database left alone, or the file moved to `to`. */
export type SetAside = { kind: 'missing' } | { kind: 'usable' } | { kind: 'moved'; to: string; reason: string };

/**
 * Moves an empty or damaged database (with its -wal and -shm files) to `<file>.corrupt-<time>`,
 * so that the next open starts a new one. A file that opens and passes SQLite's quick check is
 * left where it is.
 */
export function setAside(path: string, at: number): SetAside {
  if (path === ':memory:' || !existsSync(path)) return { kind: 'missing' };
  const problem = problemWith(path);
  if (!problem) return { kind: 'usable' };
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let to = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(to); n++) to = `${path}.corrupt-${stamp}-${n}`;
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, to + suffix);
  renameSync(path, to);
  return { kind: 'moved', to, reason: problem };
}

/** Why the file cannot be used, or null when it opens and passes `PRAGMA quick_check`. */
function problemWith(path: string): string | null {
  let db: Database.Database;
  try {
    db = openDatabase(path);
  } catch (error) {
    if (error instanceof StoreError && error.code === 'store_corrupt') return error.message;
    throw error;
  }
  try {
    const result = String(db.pragma('quick_check', { simple: true }));
    return result === 'ok' ? null : damaged(path, new Error(result)).message;
  } catch (error) {
    if (isCorruption(error)) return damaged(path, error).message;
    throw error;
  } finally {
    db.close();
  }
}
