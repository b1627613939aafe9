/**
 * Watching the settings version (see `CoordinationStore.watchSettings`): a check reads the version
 * and calls `onChange` when it moved. Checks run every `checkEveryMs`, and at once when the store
 * is notified of a change; one at a time, a check asked for meanwhile runs after the current one.
 */
import type { SettingsWatch, WatchOptions } from './store.ts';

export interface VersionWatch extends SettingsWatch {
  /** Checks now (a notification arrived, or the store reconnected). */
  check(): Promise<void>;
}

export async function watchVersion(read: () => Promise<number>, onChange: () => Promise<void> | void, options: WatchOptions): Promise<VersionWatch> {
  let seen = await read();
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        const version = await read();
        if (version === seen || stopped) continue;
        seen = version;
        await onChange();
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !stopped);
  }

  function check(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = loop().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => void check(), options.checkEveryMs);
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
