/**
 * The pool of connections the PostgreSQL store's roles share: plain queries on the pool, and
 * transactions on one client each. BIGINT columns (epoch-millisecond times, ids) come back as numbers.
 */
import pg from 'pg';
import { StoreError } from '../../shared/errors.ts';
import type { Row } from '../rows.ts';

const INT8 = pg.types.builtins.INT8;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** Runs statements on one connection (the pool, or a transaction's client). */
export class Sql {
  constructor(private readonly on: pg.Pool | pg.PoolClient) {}

  async rows(text: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.on.query(text, params)).rows as Row[];
  }

  async one(text: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.rows(text, params))[0];
  }

  /** Runs a write; returns how many rows it changed. */
  async run(text: string, params: unknown[] = []): Promise<number> {
    return (await this.on.query(text, params)).rowCount ?? 0;
  }
}

/** Advisory lock classes (the first key of pg_advisory_xact_lock): one lock per thing kept within a limit. */
export const LOCK = { migrations: 7_261_001, channel: 7_261_002, chatFeeds: 7_261_003, story: 7_261_004, role: 7_261_005 } as const;

export class PgConnection {
  readonly pool: pg.Pool;
  readonly sql: Sql;

  constructor(private readonly url: string, poolSize: number, private readonly schema: string | null) {
    this.pool = new pg.Pool({ ...this.config(), max: poolSize });
    // An idle connection that drops is replaced on the next query; that query reports the failure.
    this.pool.on('error', () => {});
    this.sql = new Sql(this.pool);
  }

  /** A connection of its own, outside the pool (listening, holding a session lock); the caller ends it. */
  client(extra: pg.ClientConfig = {}): pg.Client {
    return new pg.Client({ ...this.config(), ...extra });
  }

  private config(): pg.ClientConfig {
    return { connectionString: this.url, types: typeParsers, ...(this.schema ? { options: `-c search_path=${this.schema},public` } : {}) };
  }

  /**
   * Runs `fn` in one transaction on one client (READ COMMITTED; limits take advisory locks).
   * `flush: false` commits without waiting for the WAL to reach the disk (synchronous_commit off for
   * this transaction alone): it survives a crash of Radar, and only a crash of the database server
   * in the next fraction of a second (three wal_writer_delay, 0.6 s by default) can lose it, never
   * leaving the database inconsistent. For writes whose loss costs at most a repeat, such as the
   * mark that a row was posted.
   * @see https://www.postgresql.org/docs/15/wal-async-commit.html
   */
  async tx<T>(fn: (sql: Sql) => Promise<T>, { flush = true }: { flush?: boolean } = {}): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (!flush) await client.query('SET LOCAL synchronous_commit = off');
      const result = await fn(new Sql(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Takes a transaction-level advisory lock on (class, key); released at COMMIT or ROLLBACK. */
export async function lock(sql: Sql, kind: number, key: string): Promise<void> {
  await sql.rows('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [kind, key]);
}

/** Socket errors of a server that went away or cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether an error means the connection to the server was lost or refused (a restart, a dropped
 * or terminated connection, a database closed to connections), rather than a statement failing:
 * SQLSTATE class 08, 57P01-57P03 (shutdown, crash, cannot connect now), a database not accepting
 * connections (55000 at connect), a socket error, or node-postgres's own "connection terminated".
 * @see https://www.postgresql.org/docs/15/errcodes-appendix.html
 */
export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code) || NETWORK_CODES.has(code))) return true;
  if (code === '55000' && typeof message === 'string' && /not currently accepting connections/.test(message)) return true;
  return typeof message === 'string' && /^Connection terminated|not queryable|timeout exceeded when trying to connect/i.test(message);
}

/** A lost connection as a StoreError 'store_unavailable' naming the database (its password masked); other errors as they are. */
export function connectionLost(where: string): (error: unknown) => unknown {
  return (error) => {
    if (error instanceof StoreError || !isConnectionLoss(error)) return error;
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreError('store_unavailable', where, `lost database ${where}: ${reason}`, { cause: error });
  };
}
