/**
 * The Discord adapter (discord.js v14): a gateway client, so no public URL is needed. Posts alerts
 * as embeds (with feedback buttons) and follow-ups as replies to the alert's message, and serves
 * `/radar` (slash command interactions with autocomplete) and the buttons' clicks from the gateway, or also from a signed HTTP endpoint when given
 * the application's public key. Everything comes in as options.
 *
 * Intents: `Guilds` only. It brings the guild, channel and role caches the admin check reads;
 * interactions arrive without any intent, and no privileged intent (message content, members,
 * presences) is requested or needed.
 *
 * Rate limits: discord.js's REST queue paces requests per bucket and waits out a 429 itself
 * (honouring `retry_after`), so a rate-limited alert is delayed, not lost; a wait longer than
 * `maxRateLimitWaitMs` is handed back to the delivery stage as a retryable error with that wait.
 * @see https://discord.com/developers/docs/events/gateway#gateway-intents
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Events, GatewayIntentBits, RESTEvents, Routes, type APIMessage } from 'discord.js';
import type { CommandRunner, Suggester } from '../../commands/index.ts';
import type { AlertFeedback, FeedbackAnswer } from '../../feedback/index.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AlertPayload, DigestPayload, FollowUpPayload, OverflowPayload } from '../../shared/alert.ts';
import type { ChatAdapter } from '../adapter.ts';
import { AdapterError, StartupError } from '../adapter.ts';
import { listenError } from '../listen-error.ts';
import { createAdminCheck } from './admins.ts';
import { toAdapterError } from './errors.ts';
import { feedbackClickListener, type FeedbackButtonDeps } from './feedback-buttons.ts';
import { startInteractionsServer } from './http-interactions.ts';
import { interactionListener } from './interaction.ts';
import { NO_MENTIONS, renderAlert, renderFollowUp, renderOverflow, type DiscordMessage } from './render-alert.ts';
import { renderDigest } from './render-digest.ts';
import { loginError } from './startup-errors.ts';

export interface DiscordAdapterOptions {
  /** Bot token from the Developer Portal (Bot → Reset Token). */
  token: string;
  /** REST base without the version (`…/api`), for a local stand-in of Discord. Default Discord's own. */
  apiUrl?: string;
  runCommand: CommandRunner;
  /** The Radar channel id that a Discord channel id is mapped to, or null. */
  channelFor: (discordChannelId: string) => string | null;
  /** Autocomplete values for a Radar channel: its watch or mute terms, topics, chat-added feeds. */
  suggest: Suggester;
  /** Records a click on an alert's feedback button; without it, alerts carry no buttons. */
  feedback?: (request: AlertFeedback) => Promise<FeedbackAnswer>;
  /** Role ids whose members are admins, besides members with Manage Channels. */
  adminRoles: string[];
  /** Timeout of one REST call. Default 10 s. */
  requestTimeoutMs?: number;
  /** Longest 429 wait the REST queue sits out itself; longer ones go back to the delivery stage. Default 10 s. */
  maxRateLimitWaitMs?: number;
  /**
   * The application's public key (hex): also serves the HTTP interactions endpoint
   * (`POST /discord/interactions`, Ed25519-verified) for an Interactions Endpoint URL.
   */
  publicKey?: string;
  /** Port of the HTTP interactions endpoint (0 picks a free one). Default 3001. */
  interactionsPort?: number;
  /** Interface of the HTTP interactions endpoint; all interfaces by default. */
  interactionsHost?: string;
  /** Least time between two posts to one channel (Discord allows five per five seconds). Default 1 s. */
  minPostIntervalMs?: number;
  /** How long `start()` waits for the gateway to be ready. Default 30 s. */
  readyTimeoutMs?: number;
  logger: Logger;
}

export interface DiscordAdapter extends ChatAdapter {
  readonly name: 'discord';
  /** The discord.js client, for anything beyond alerts and `/radar`. */
  readonly client: Client;
  /** The port of the HTTP interactions endpoint once started; null without a public key or when stopped. */
  interactionsPort(): number | null;
}

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const log = options.logger.child({ adapter: 'discord' });
  const maxWait = options.maxRateLimitWaitMs ?? 10_000;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      timeout: options.requestTimeoutMs ?? 10_000,
      // No blind resend (a timed-out post may have been accepted): the delivery stage owns retries.
      retries: 0,
      rejectOnRateLimit: (limit) => limit.retryAfter > maxWait,
    },
  });
  // REST works before (and without) the gateway login, so `radar poll --once` can post too.
  client.rest.setToken(options.token);
  const deps = {
    runCommand: options.runCommand,
    channelFor: options.channelFor,
    isAdmin: createAdminCheck(options.adminRoles),
    suggest: options.suggest,
    logger: log,
  };
  client.on(Events.InteractionCreate, interactionListener(deps));
  // The guild of a mapped channel: from the gateway's cache (the Guilds intent fills it), else asked once.
  const guilds = new Map<string, string | null>();
  const guildOf = async (channelId: string): Promise<string | null> => {
    const cached = client.channels.cache.get(channelId);
    if (cached) return 'guildId' in cached ? cached.guildId : null;
    if (!guilds.has(channelId)) {
      const fetched = (await client.rest.get(Routes.channel(channelId)).catch(() => null)) as { guild_id?: string } | null;
      if (fetched === null) return null;
      guilds.set(channelId, fetched.guild_id ?? null);
    }
    return guilds.get(channelId) ?? null;
  };
  const feedbackButtons: FeedbackButtonDeps | null = options.feedback
    ? { feedback: options.feedback, channelFor: options.channelFor, guildOf, logger: log }
    : null;
  if (feedbackButtons) client.on(Events.InteractionCreate, feedbackClickListener(feedbackButtons));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.error({ code: event.code, shardId }, 'discord gateway closed and will not reconnect'));
  client.rest.on(RESTEvents.RateLimited, (limit) => log.warn({ route: limit.route, retryAfterMs: limit.retryAfter, global: limit.global }, 'discord rate limit'));

  let running = false;
  let endpoint: Server | null = null;

  /** Logs in to the gateway and waits until ready, then serves the HTTP endpoint if asked; failures name the setting. */
  async function connect(): Promise<Server | null> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), options.readyTimeoutMs ?? 30_000);
    const ready = once(client, Events.ClientReady, { signal: abort.signal });
    ready.catch(() => {}); // observed below; a failed login must not leave it unhandled
    try {
      await client.login(options.token);
      if (!client.isReady()) await ready;
    } catch (error) {
      throw abort.signal.aborted
        ? new StartupError('DISCORD_TOKEN', `Discord's gateway was not ready within ${Math.round((options.readyTimeoutMs ?? 30_000) / 1000)} s: check the network, and DISCORD_TOKEN`, error)
        : loginError(error);
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
    if (!options.publicKey) return null;
    const port = options.interactionsPort ?? 3001;
    try {
      return await startInteractionsServer({ ...deps, feedbackButtons, publicKey: options.publicKey, rest: client.rest, port, host: options.interactionsHost });
    } catch (error) {
      throw listenError(error, 'DISCORD_PORT', port);
    }
  }

  async function send(action: string, target: string, message: DiscordMessage): Promise<string> {
    try {
      const sent = (await client.rest.post(Routes.channelMessages(target), { body: message })) as APIMessage;
      if (!sent?.id) throw new AdapterError(`discord ${action}: no message id in the answer`);
      return sent.id;
    } catch (error) {
      throw toAdapterError(error, action);
    }
  }

  return {
    name: 'discord',
    minPostIntervalMs: options.minPostIntervalMs ?? 1_000,
    oneSession: true,
    client,
    interactionsPort: () => (endpoint ? (endpoint.address() as AddressInfo).port : null),

    async start() {
      if (running) return;
      try {
        endpoint = await connect();
      } catch (error) {
        log.debug({ err: error }, 'discord adapter did not start');
        await client.destroy();
        client.rest.setToken(options.token);
        throw error;
      }
      running = true;
      log.info({ user: client.user?.id, application: client.application?.id }, 'discord adapter started');
    },

    connectionProblem() {
      if (!running) return 'not started';
      return client.isReady() ? null : 'gateway not ready (reconnecting)';
    },

    post(target: string, alert: AlertPayload, feedbackRef?: string) {
      return send('post alert', target, renderAlert(alert, feedbackButtons ? feedbackRef : undefined));
    },

    reply(target: string, parentMessageId: string | null, followUp: FollowUpPayload) {
      return send('post follow-up', target, renderFollowUp(followUp, parentMessageId));
    },

    postOverflow(target: string, overflow: OverflowPayload) {
      return send('post overflow', target, renderOverflow(overflow));
    },

    postDigest(target: string, digest: DigestPayload) {
      return send('post digest', target, renderDigest(digest));
    },

    async stop() {
      if (!running) return;
      running = false;
      if (endpoint) {
        const server = endpoint;
        endpoint = null;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await client.destroy();
      // Posting goes on without the gateway (an instance that is no longer the leader still delivers).
      client.rest.setToken(options.token);
      log.info('discord adapter stopped');
    },
  };
}
