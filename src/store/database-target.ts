/**
 * Where Radar's database is, from the `database` setting (or DATABASE_URL / RADAR_DB):
 * `sqlite:./data/radar.sqlite` or a bare path is the embedded file store; `postgres://…` (or
 * `postgresql://…`) is the server store, shared by several instances.
 */
import { isAbsolute, resolve } from 'node:path';

export type DatabaseTarget =
  | { kind: 'file'; path: string }
  | { kind: 'server'; url: string; poolSize: number; /** The setting that named it (for messages). */ from: string };

/** Where the value came from, for messages: a config key or an environment variable. */
export interface TargetSource {
  name: string;
  /** Relative file paths are resolved against this directory. */
  base: string;
}

const SERVER_SCHEME = /^postgres(ql)?:\/\//i;
const FILE_SCHEME = /^sqlite:/i;

/** Parses a database setting; throws an Error naming the problem and the setting. */
export function parseDatabaseTarget(value: string, source: TargetSource, poolSize: number): DatabaseTarget {
  const text = value.trim();
  // A server URL is checked when the store connects: a bad one is refused there, in one line.
  if (SERVER_SCHEME.test(text)) return { kind: 'server', url: text, poolSize, from: source.name };
  let path = FILE_SCHEME.test(text) ? text.replace(FILE_SCHEME, '').replace(/^\/\/(?=\/)/, '') : text;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new Error(`${source.name}: unsupported database "${maskPassword(text)}" (expected sqlite:<file>, a file path, or postgres://…)`);
  }
  if (!path) throw new Error(`${source.name}: names no database file`);
  if (path !== ':memory:' && !isAbsolute(path)) path = resolve(source.base, path);
  return { kind: 'file', path };
}

/** The target as it may be printed and logged: the file's path, or the URL with its password masked. */
export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'file' ? target.path : maskPassword(target.url);
}

/** A URL with its password (if any) replaced by ***. */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)[^@/?#]*@/i, '$1***@');
}

/** The password of a server URL, to keep out of logs; null when none. */
export function targetSecret(target: DatabaseTarget): string | null {
  if (target.kind !== 'server') return null;
  try {
    const password = decodeURIComponent(new URL(target.url).password);
    return password || null;
  } catch {
    return null;
  }
}
