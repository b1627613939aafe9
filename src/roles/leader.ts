/**
 * The leader: work that must run on one instance at a time where several share the store (the
 * Discord gateway session, the channels' scheduled digests, later retention) runs on the instance that holds
 * the store's leader role. The others try for the role every `retryMs`; when the leader dies or
 * loses its connection, one of them takes over within that time and starts the work.
 */
import type { Logger } from '../shared/logger.ts';
import type { CoordinationStore } from '../store/index.ts';

/** Leader-only work: started when this instance becomes leader, stopped when it stops being one. */
export interface LeaderTask {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LeaderRole {
  /** Whether this instance leads now. */
  readonly leading: boolean;
  /**
   * Starts campaigning. Resolves after the first try: when it won, once the tasks started (a task
   * that fails then rejects it: a setting to fix stops the start, as it would without the role).
   */
  start(): Promise<void>;
  /** Stops the tasks (when leading) and gives the role up. */
  stop(): Promise<void>;
}

export function createLeaderRole(deps: { store: Pick<CoordinationStore, 'campaign'>; tasks: readonly LeaderTask[]; retryMs: number; logger: Logger }): LeaderRole {
  const { tasks, logger } = deps;
  let campaign: Awaited<ReturnType<CoordinationStore['campaign']>> | null = null;
  // Starts and stops run one after another, in the order the role changed.
  let changes: Promise<void> = Promise.resolve();
  let firstStart: Promise<void> | null = null;
  let stopping = false;

  async function startTasks(): Promise<void> {
    logger.info({ tasks: tasks.map((t) => t.name) }, 'leader: this instance runs the leader-only work');
    for (const task of tasks) await task.start();
  }
  async function stopTasks(): Promise<void> {
    for (const task of [...tasks].reverse()) {
      await task.stop().catch((error: unknown) => logger.error({ err: error, task: task.name }, 'leader task did not stop cleanly'));
    }
  }
  const queue = (change: () => Promise<void>): Promise<void> => {
    const next = changes.then(change);
    changes = next.catch(() => {});
    return next;
  };

  return {
    get leading() {
      return campaign?.leading ?? false;
    },
    async start() {
      campaign = await deps.store.campaign('leader', {
        retryMs: deps.retryMs,
        onElected() {
          const started = queue(startTasks);
          if (firstStart === null) firstStart = started;
          else started.catch((error: unknown) => logger.error({ err: error }, 'leader tasks did not start'));
        },
        onDeposed() {
          if (!stopping) logger.warn('leader: this instance lost the role; the leader-only work stops here');
          void queue(stopTasks);
        },
        onError: (error) => logger.debug({ err: error }, 'leader: campaign try failed'),
      });
      await campaign.firstTry;
      if (firstStart === null) {
        firstStart = Promise.resolve();
        return;
      }
      await firstStart;
    },
    async stop() {
      stopping = true;
      await campaign?.stop();
      await changes;
    },
  };
}
