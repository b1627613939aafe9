/**
 * The Slack adapter (@slack/bolt): posts alerts (with feedback buttons) and threaded follow-ups
 * with Block Kit, and serves `/radar` and the buttons' actions over Socket Mode (with an app token) or Bolt's HTTP receiver (with a signing secret;
 * Bolt answers 401 to requests with a bad or stale signature). Everything comes in as options.
 *
 * The Web API client never retries and rejects rate-limited calls: the delivery stage owns retries
 * and pacing, and gets Slack's Retry-After through `AdapterError`.
 * @see https://docs.slack.dev/tools/bolt-js/concepts/socket-mode
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type BlockAction, type ButtonAction, type Receiver, type webApi } from '@slack/bolt';
import type { AlertPayload, DigestPayload, FollowUpPayload, OverflowPayload } from '../../shared/alert.ts';
import type { CommandRunner } from '../../commands/types.ts';
import type { AlertFeedback, FeedbackAnswer } from '../../feedback/index.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ChatAdapter } from '../adapter.ts';
import { AdapterError } from '../adapter.ts';
import { listenError } from '../listen-error.ts';
import { createAdminCheck } from './admins.ts';
import { boltLogger } from './bolt-logger.ts';
import { toAdapterError } from './errors.ts';
import { FEEDBACK_ACTION_ID, feedbackActionListener } from './feedback-actions.ts';
import { renderAlert, renderFollowUp, renderOverflow, type SlackMessage } from './render-alert.ts';
import { renderDigest } from './render-digest.ts';
import { slashCommandListener } from './slash-command.ts';
import { slackStartupError } from './startup-errors.ts';

export interface SlackAdapterOptions {
  /** Bot token (`xoxb-…`): posting and user-group lookups. */
  botToken: string;
  /** App-level token (`xapp-…`, scope `connections:write`): selects Socket Mode. */
  appToken?: string;
  /** Signing secret: selects the HTTP receiver when there is no app token. */
  signingSecret?: string;
  /** HTTP receiver port (0 picks a free one; see `port()`). Default 3000. */
  port?: number;
  /** HTTP receiver interface; all interfaces by default. */
  host?: string;
  /** Web API base URL, for a local stand-in of Slack; also used for `apps.connections.open`. */
  apiUrl?: string;
  runCommand: CommandRunner;
  /** The Radar channel id that a Slack channel id is mapped to, or null. */
  channelFor: (slackChannelId: string) => string | null;
  /** Records a click on an alert's feedback button; without it, alerts carry no buttons. */
  feedback?: (request: AlertFeedback) => Promise<FeedbackAnswer>;
  /** The workspace (team id `T…`) whose members may give feedback; absent: the bot token's own (auth.test). */
  teamId?: string;
  /** Slack user ids allowed to run mutating commands. */
  adminUsers: string[];
  /** Slack user-group ids (`S…`) whose members are admins. Both lists empty: everyone is admin. */
  adminGroups: string[];
  /** How long a user group's members are cached. Default 60 s. */
  adminCacheMs?: number;
  /** Slash command name. Default `/radar`. */
  command?: string;
  /** Timeout of one Web API call. Default 10 s. */
  requestTimeoutMs?: number;
  /** Least time between two posts to one channel (Slack allows about one a second). Default 1 s. */
  minPostIntervalMs?: number;
  logger: Logger;
}

export interface SlackAdapter extends ChatAdapter {
  readonly name: 'slack';
  readonly mode: 'socket' | 'http';
  /** The Bolt app, for anything beyond alerts and `/radar`. */
  readonly app: App;
  /** The port the HTTP receiver listens on once started; null in Socket Mode or when stopped. */
  port(): number | null;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const mode = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) {
    throw new Error(
      'Slack needs an app token (Socket Mode, recommended) or a signing secret (HTTP receiver); neither was given. ' +
        'See https://docs.slack.dev/apis/events-api/using-socket-mode',
    );
  }
  const log = options.logger.child({ adapter: 'slack' });
  let starting = false;
  // A failed start is reported once, by start(); what Bolt logs meanwhile is detail.
  const logger = boltLogger(log, () => starting);
  const apiUrl = options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {};
  const timeout = options.requestTimeoutMs ?? 10_000;
  const clientOptions: webApi.WebClientOptions = {
    ...apiUrl,
    timeout,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };

  // The Socket Mode client calls apps.connections.open with the app token through its own Web API
  // client; it keeps its own reconnect policy but must reach the same API URL.
  const receiver: Receiver = mode === 'socket'
    ? new SocketModeReceiver({ appToken: options.appToken!, logger, installerOptions: { clientOptions: { ...apiUrl, timeout } } })
    : new HTTPReceiver({ signingSecret: options.signingSecret!, logger, endpoints: '/slack/events' });

  // Deferred: Bolt would otherwise call auth.test from the constructor, with nobody to catch a failure.
  const app = new App({ token: options.botToken, receiver, logger, clientOptions, deferInitialization: true });
  const isAdmin = createAdminCheck({
    adminUsers: options.adminUsers,
    adminGroups: options.adminGroups,
    cacheMs: options.adminCacheMs,
    logger: log,
    groupMembers: async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? [],
  });
  app.command(
    options.command ?? '/radar',
    slashCommandListener({ runCommand: options.runCommand, channelFor: options.channelFor, isAdmin, logger: log }),
  );
  const feedback = options.feedback;
  if (feedback) {
    // The bot token's workspace, asked once at the first click when none is configured (a failed ask is asked again).
    let ownTeam: Promise<string | null> | null = null;
    const workspace = async (): Promise<string | null> => {
      if (options.teamId) return options.teamId;
      ownTeam ??= app.client.auth.test().then((r) => r.team_id ?? null, (error: unknown) => {
        log.warn({ err: error }, 'could not read the workspace of the bot token');
        return null;
      });
      const team = await ownTeam;
      if (team === null) ownTeam = null;
      return team;
    };
    app.action<BlockAction<ButtonAction>>(
      FEEDBACK_ACTION_ID,
      feedbackActionListener({ feedback, channelFor: options.channelFor, workspace, logger: log }),
    );
  }
  app.error(async (error) => {
    log.error({ err: error }, 'slack listener failed');
  });

  let running = false;
  let listening: AddressInfo | null = null;

  /** Checks the bot token, then connects (Socket Mode) or listens (HTTP); failures name the setting. */
  async function startApp(): Promise<AddressInfo | null> {
    try {
      await app.init(); // auth.test
    } catch (error) {
      throw slackStartupError(error, 'SLACK_BOT_TOKEN');
    }
    if (mode === 'socket') {
      try {
        await app.start(); // apps.connections.open, then the WebSocket
      } catch (error) {
        throw slackStartupError(error, 'SLACK_APP_TOKEN');
      }
      return null;
    }
    const port = options.port ?? 3000;
    try {
      return (await app.start({ port, host: options.host })).address() as AddressInfo;
    } catch (error) {
      throw listenError(error, 'PORT', port);
    }
  }

  async function send(method: string, args: { channel: string; thread_ts?: string }, message: SlackMessage) {
    try {
      const result = await app.client.chat.postMessage({
        ...args,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        link_names: false,
      });
      if (!result.ts) throw new AdapterError(`slack ${method}: no message ts in the answer`);
      return result.ts;
    } catch (error) {
      throw toAdapterError(error, method);
    }
  }

  return {
    name: 'slack',
    minPostIntervalMs: options.minPostIntervalMs ?? 1_000,
    mode,
    app,
    port: () => listening?.port ?? null,

    async start() {
      if (running) return;
      starting = true;
      try {
        listening = await startApp();
      } catch (error) {
        log.debug({ err: error }, 'slack adapter did not start');
        throw error;
      } finally {
        starting = false;
      }
      running = true;
      log.info({ mode, port: listening?.port }, 'slack adapter started');
    },

    connectionProblem() {
      if (!running) return 'not started';
      // Socket Mode: the WebSocket may be down while the client reconnects on its own.
      if (receiver instanceof SocketModeReceiver && !receiver.client.websocket?.isActive()) return 'Socket Mode connection down (reconnecting)';
      return null;
    },

    post(target: string, alert: AlertPayload, feedbackRef?: string) {
      return send('chat.postMessage', { channel: target }, renderAlert(alert, feedback ? feedbackRef : undefined));
    },

    reply(target: string, parentMessageId: string | null, followUp: FollowUpPayload) {
      const thread = parentMessageId ? { thread_ts: parentMessageId } : {};
      return send('chat.postMessage', { channel: target, ...thread }, renderFollowUp(followUp));
    },

    postOverflow(target: string, overflow: OverflowPayload) {
      return send('chat.postMessage', { channel: target }, renderOverflow(overflow));
    },

    postDigest(target: string, digest: DigestPayload) {
      return send('chat.postMessage', { channel: target }, renderDigest(digest));
    },

    async stop() {
      if (!running) return;
      running = false;
      listening = null;
      await app.stop();
      log.info('slack adapter stopped');
    },
  };
}
