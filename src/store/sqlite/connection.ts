/**
 * One open SQLite database as the store's roles share it: statements prepared once, and write
 * transactions taken at BEGIN.
 */
import type Database from 'better-sqlite3';

export class SqliteConnection {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  /**
   * Runs `fn` in a write transaction taken at BEGIN (IMMEDIATE): a transaction that reads first
   * and then writes would fail at once with SQLITE_BUSY, without waiting (busy_timeout) for
   * another process (`radar cmd` beside `radar run`) to finish its write.
   */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
