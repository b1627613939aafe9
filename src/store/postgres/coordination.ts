/**
 * Coordination of the instances that share the database, on the server's own means:
 * - settings: every write of channel settings counts up `settings_version` and sends a
 *   notification (NOTIFY, delivered at commit) that instances LISTEN for on a connection of their
 *   own; the version is also checked every few seconds, for a notification missed while that
 *   connection was down;
 * - roles: a role (the leader) is a session-level advisory lock, tried every `retryMs` on a
 *   connection of its own. The lock lives as long as that connection: when the holder dies, or
 *   its connection is cut, the server lets go and the next try of another instance takes it.
 * Names of locks and notifications include the schema, so that stores in two schemas of one
 * database (tests) do not meet.
 */
import type pg from 'pg';
import type { Campaign, CampaignOptions, CoordinationStore, SettingsWatch, WatchOptions } from '../store.ts';
import { watchVersion } from '../settings-watch.ts';
import { LOCK, type PgConnection, type Sql } from './connection.ts';

const CHANNEL_PREFIX = 'radar_settings_';

/** Counts a settings change, and notifies the listening instances when the transaction commits. */
export async function settingsChanged(sql: Sql): Promise<void> {
  await sql.rows(`
    WITH bumped AS (UPDATE settings_version SET version = version + 1 RETURNING version)
    SELECT pg_notify('${CHANNEL_PREFIX}' || current_schema(), version::text) FROM bumped`);
}

export class PgCoordination implements CoordinationStore {
  constructor(private readonly c: PgConnection) {}

  async settingsVersion(): Promise<number> {
    return Number((await this.c.sql.one('SELECT version FROM settings_version'))!.version);
  }

  async watchSettings(onChange: () => Promise<void> | void, options: WatchOptions): Promise<SettingsWatch> {
    const watch = await watchVersion(() => this.settingsVersion(), onChange, options);
    let listener: pg.Client | null = null;
    let connecting: Promise<void> | null = null;
    let stopped = false;
    const listen = async () => {
      const client = this.c.client();
      const drop = () => {
        if (listener === client) listener = null;
        void client.end().catch(() => {});
      };
      client.on('error', drop);
      client.on('end', drop);
      client.on('notification', () => void watch.check());
      try {
        await client.connect();
        const { rows } = await client.query('SELECT current_schema() AS name');
        await client.query(`LISTEN ${client.escapeIdentifier(CHANNEL_PREFIX + String(rows[0].name))}`);
      } catch (error) {
        drop();
        throw error;
      }
      if (stopped) return drop();
      listener = client;
      // A change made while no connection listened.
      await watch.check();
    };
    const reconnect = () => {
      if (listener || connecting || stopped) return;
      connecting = listen().catch((error: unknown) => options.onError?.(error)).finally(() => {
        connecting = null;
      });
    };
    reconnect();
    await connecting;
    const timer = setInterval(reconnect, options.checkEveryMs);
    timer.unref();
    return {
      async stop() {
        stopped = true;
        clearInterval(timer);
        await connecting;
        await watch.stop();
        const client = listener;
        listener = null;
        await client?.end().catch(() => {});
      },
    };
  }

  async campaign(role: string, options: CampaignOptions): Promise<Campaign> {
    const { retryMs } = options;
    let client: pg.Client | null = null;
    let leading = false;
    let stopped = false;
    // An instance whose hold ended sits out two tries, so that the role moves to one that kept its connection.
    let sitOutUntil = 0;
    const depose = () => {
      if (!leading) return;
      leading = false;
      options.onDeposed();
    };
    // The connection that held the lock is gone (cut, or failed a check): so is the role.
    const drop = (gone: pg.Client) => {
      if (client !== gone) return;
      client = null;
      if (leading) sitOutUntil = Date.now() + 2 * retryMs;
      depose();
      void gone.end().catch(() => {});
    };
    const attempt = async (): Promise<void> => {
      if (stopped || Date.now() < sitOutUntil) return;
      let on = client;
      try {
        if (!on) {
          const fresh = this.c.client({ keepAlive: true, query_timeout: retryMs });
          on = fresh;
          fresh.on('error', () => drop(fresh));
          fresh.on('end', () => drop(fresh));
          await fresh.connect();
          // The server also notices a holder whose host vanished (no FIN), and frees the lock.
          await fresh.query('SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3');
          client = fresh;
        }
        if (leading) {
          await on.query('SELECT 1');
          return;
        }
        const { rows } = await on.query(`SELECT pg_try_advisory_lock($1::int, hashtext(current_schema() || $2)) AS held`, [LOCK.role, `\n${role}`]);
        if (rows[0].held === true && client === on && !stopped) {
          leading = true;
          options.onElected();
        }
      } catch (error) {
        options.onError?.(error);
        if (on === client && on) drop(on);
        else void on?.end().catch(() => {});
      }
    };
    let turn = attempt();
    const timer = setInterval(() => {
      turn = turn.then(attempt);
    }, retryMs);
    timer.unref();
    return {
      get leading() {
        return leading;
      },
      firstTry: turn,
      async stop() {
        stopped = true;
        clearInterval(timer);
        await turn;
        const held = client;
        client = null;
        depose();
        await held?.end().catch(() => {});
      },
    };
  }
}
