/**
 * Coordination on the SQLite file: one Radar runs on it (beside short commands such as
 * `radar cmd`), so it is always the leader; a settings change made by another process on the file
 * is seen by the version check.
 */
import type { Row } from '../rows.ts';
import { watchVersion } from '../settings-watch.ts';
import type { Campaign, CampaignOptions, CoordinationStore, SettingsWatch, WatchOptions } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

/** Counts a settings change (inside the caller's write). */
export function settingsChanged(c: SqliteConnection): void {
  c.sql('UPDATE settings_version SET version = version + 1').run();
}

export class SqliteCoordination implements CoordinationStore {
  constructor(private readonly c: SqliteConnection) {}

  async settingsVersion(): Promise<number> {
    return Number((this.c.sql('SELECT version FROM settings_version').get() as Row).version);
  }

  async watchSettings(onChange: () => Promise<void> | void, options: WatchOptions): Promise<SettingsWatch> {
    return watchVersion(() => this.settingsVersion(), onChange, options);
  }

  async campaign(_role: string, options: CampaignOptions): Promise<Campaign> {
    let leading = true;
    options.onElected();
    return {
      get leading() {
        return leading;
      },
      firstTry: Promise.resolve(),
      async stop() {
        if (!leading) return;
        leading = false;
        options.onDeposed();
      },
    };
  }
}
