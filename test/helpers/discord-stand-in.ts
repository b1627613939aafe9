/**
 * A local stand-in for Discord, on 127.0.0.1 with a random port, for driving the real discord.js:
 * - REST under `/api/v10` (`apiUrl` is the base without the version, as discord.js expects):
 *   GET /gateway/bot, GET /users/@me, GET/PUT application commands (global and guild),
 *   POST/PATCH channel messages (answered with fresh message ids), interaction callbacks, and
 *   webhook follow-ups and edits (`/webhooks/:app/:token[/messages/@original]`); every call is
 *   recorded with its route, parsed body and Authorization header;
 * - a gateway WebSocket under `/gateway` speaking plain JSON text frames (discord.js compresses
 *   only when zlib-sync is installed, which Radar does not depend on): HELLO, IDENTIFY → READY then
 *   GUILD_CREATE with one guild, its roles and a text channel, heartbeat ACKs, and
 *   INTERACTION_CREATE dispatches pushed by the test (slash commands, and button clicks).
 * Failures are scripted per route with `failNext` (e.g. a 429 with `retryAfter`, a 403 Missing Access).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitFor } from './wait-for.ts';

/** Re-exported for the tests that drive a stand-in. */
export { waitFor };

export const APP_ID = '1100000000000000001';
export const BOT_ID = '1100000000000000002';
export const GUILD_ID = '1100000000000000003';
export const CHANNEL_ID = '1100000000000000004';
export const OTHER_CHANNEL_ID = '1100000000000000005';
export const EDITOR_ROLE = '1100000000000000006';
export const COMMAND_ID = '1100000000000000007';

/** Permission bits used by the tests. */
export const PERMISSIONS = {
  viewAndSend: (1n << 10n) | (1n << 11n),
  manageChannels: 1n << 4n,
  administrator: 1n << 3n,
};

export interface RestCall {
  method: string;
  /** The path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The path with ids replaced, e.g. `POST /channels/:id/messages`. */
  route: string;
  query: URLSearchParams;
  auth: string | null;
  body: Record<string, unknown> | unknown[] | null;
  /** HTTP status answered, and the JSON answered (a message with its id, for posts). */
  status?: number;
  response?: unknown;
}

export interface ScriptedFailure {
  status: number;
  /** Seconds, for a 429: sent as the Retry-After header and `retry_after`. */
  retryAfter?: number;
  /** Discord's JSON error code, e.g. 50001 Missing Access. */
  code?: number;
  message?: string;
}

export interface InteractionInput {
  /** The subcommand path, e.g. `search` or `watch add`. */
  command: string;
  options?: Record<string, string | number | boolean>;
  /** For autocomplete: the option being typed. */
  focused?: string;
  channelId?: string;
  userId?: string;
  /** The member's computed permissions in the channel. Default View Channel + Send Messages. */
  permissions?: bigint;
  roles?: string[];
}

/** A click on a button of a message the bot posted. */
export interface ComponentInput {
  customId: string;
  channelId?: string;
  userId?: string;
  /** The guild the click comes from; null for a direct message (no member). Default the stand-in's guild. */
  guildId?: string | null;
}

export interface DiscordStandIn {
  /** `http://127.0.0.1:<port>/api`: discord.js's REST `api` option (it appends `/v10`). */
  apiUrl: string;
  baseUrl: string;
  calls: RestCall[];
  callsTo(route: string): RestCall[];
  /** Bodies of messages posted to a channel, in order, with the ids they were given. */
  posts(channelId?: string): Array<{ id: string; body: Record<string, unknown> }>;
  /** The currently registered commands, by scope (`global` or a guild id). */
  commands: Map<string, unknown[]>;
  failNext(route: string, failure: ScriptedFailure): void;
  /** The client's IDENTIFY payload once it has identified. */
  identify(): Record<string, unknown> | null;
  /** Gateway sessions open now (identified and not closed), and identified since the start. */
  sessions(): { open: number; identified: number };
  /** Resolves once a client has identified and been sent READY and GUILD_CREATE. */
  connected(): Promise<void>;
  /** Pushes an INTERACTION_CREATE for `/radar` (type 2, or 4 with `focused`); returns its id and token. */
  pushInteraction(input: InteractionInput): { id: string; token: string };
  /** An interaction as Discord would send it, for posting to an HTTP interactions endpoint. */
  interactionPayload(input: InteractionInput): { id: string; token: string; payload: Record<string, unknown> };
  /** Pushes an INTERACTION_CREATE for a button click (type 3); returns its id and token. */
  pushComponent(input: ComponentInput): { id: string; token: string };
  /** A button click as Discord would send it, for posting to an HTTP interactions endpoint. */
  componentPayload(input: ComponentInput): { id: string; token: string; payload: Record<string, unknown> };
  /** REST calls answering the interaction with this token (callback, webhook edits and follow-ups). */
  answersTo(token: string): RestCall[];
  close(): Promise<void>;
}


const USER = { id: BOT_ID, username: 'Radar', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };

function routeOf(method: string, path: string): string {
  const normalized = path
    .replace(/^\/interactions\/[^/]+\/[^/]+\/callback$/, '/interactions/:id/:token/callback')
    .replace(/^\/webhooks\/[^/]+\/[^/]+/, '/webhooks/:app/:token')
    .replace(/\/\d{17,20}(?=\/|$)/g, '/:id');
  return `${method} ${normalized}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function guildCreate() {
  const role = (id: string, name: string, permissions: bigint, position: number) => ({
    id, name, permissions: permissions.toString(), position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null,
  });
  const channel = (id: string, name: string, position: number) => ({
    id, type: 0, guild_id: GUILD_ID, name, position, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0,
  });
  return {
    id: GUILD_ID, name: 'Radar Newsroom', icon: null, splash: null, discovery_splash: null, banner: null, description: null,
    owner_id: '1100000000000000099', afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0,
    explicit_content_filter: 0, mfa_level: 0, nsfw_level: 0, premium_tier: 0, premium_progress_bar_enabled: false,
    application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, public_updates_channel_id: null,
    safety_alerts_channel_id: null, vanity_url_code: null, preferred_locale: 'en-US', features: [], emojis: [], stickers: [],
    roles: [role(GUILD_ID, '@everyone', PERMISSIONS.viewAndSend, 0), role(EDITOR_ROLE, 'Editors', 0n, 1)],
    joined_at: new Date().toISOString(), large: false, unavailable: false, member_count: 3, voice_states: [], members: [],
    channels: [channel(CHANNEL_ID, 'newsroom', 0), channel(OTHER_CHANNEL_ID, 'random', 1)],
    threads: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  };
}

/** `watch add` + {term: x} → [{type: 2, name: 'watch', options: [{type: 1, name: 'add', options: [{type: 3, …}]}]}]. */
function commandOptions(input: InteractionInput): unknown[] {
  const leaf = Object.entries(input.options ?? {}).map(([name, value]) => ({
    type: typeof value === 'string' ? 3 : typeof value === 'number' ? 10 : 5,
    name,
    value,
    ...(input.focused === name ? { focused: true } : {}),
  }));
  const [first, second] = input.command.split(' ');
  const sub = { type: 1, name: second ?? first, options: leaf };
  return second ? [{ type: 2, name: first, options: [sub] }] : [sub];
}

export async function startDiscordStandIn(): Promise<DiscordStandIn> {
  const calls: RestCall[] = [];
  const failures = new Map<string, ScriptedFailure[]>();
  const commands = new Map<string, unknown[]>();
  const sockets = new Set<WebSocket>();
  let identified: Record<string, unknown> | null = null;
  const sessions = new Set<WebSocket>();
  let identifies = 0;
  let ready = false;
  let snowflake = 1_300_000_000_000_000_000n;
  let sequence = 0;
  let baseUrl = '';
  const nextId = () => String(++snowflake);

  function message(channelId: string, body: Record<string, unknown>, flags = 0) {
    const reference = body.message_reference as { message_id?: string } | undefined;
    return {
      id: nextId(), channel_id: channelId, guild_id: GUILD_ID, author: USER, content: body.content ?? '', embeds: body.embeds ?? [],
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
      attachments: [], components: [], pinned: false, type: reference?.message_id ? 19 : 0, flags,
      ...(reference?.message_id ? { message_reference: { type: 0, message_id: reference.message_id, channel_id: channelId, guild_id: GUILD_ID } } : {}),
    };
  }

  function answer(call: RestCall): { status: number; body: unknown } {
    const body = (call.body ?? {}) as Record<string, unknown>;
    const [, app, guild] = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(call.path) ?? [];
    if (app) {
      const scope = guild ?? 'global';
      if (call.method === 'PUT') {
        const list = (call.body as Array<Record<string, unknown>>).map((c) => ({ ...c, id: nextId(), application_id: app, version: nextId(), ...(guild ? { guild_id: guild } : {}) }));
        commands.set(scope, list);
        return { status: 200, body: list };
      }
      return { status: 200, body: commands.get(scope) ?? [] };
    }
    const channelMessages = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(call.path);
    if (channelMessages) {
      if (channelMessages[1] !== CHANNEL_ID && channelMessages[1] !== OTHER_CHANNEL_ID) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return { status: 200, body: message(channelMessages[1]!, body) };
    }
    if (/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(call.path)) return { status: 204, body: null };
    if (call.path.startsWith('/webhooks/')) {
      if (call.method === 'DELETE') return { status: 204, body: null };
      return { status: 200, body: message(CHANNEL_ID, body, Number(body.flags ?? 0)) };
    }
    switch (call.path) {
      case '/gateway/bot':
        return {
          status: 200,
          body: { url: `${baseUrl.replace('http', 'ws')}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
        };
      case '/users/@me':
        return { status: 200, body: USER };
      default:
        return { status: 404, body: { message: '404: Not Found', code: 0 } };
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', baseUrl);
      if (!url.pathname.startsWith('/api/v10/')) {
        json(res, 404, { message: '404: Not Found', code: 0 });
        return;
      }
      // discord.js percent-encodes `@original` and `@me`; routes are matched decoded.
      const path = decodeURIComponent(url.pathname.slice('/api/v10'.length));
      let body: RestCall['body'] = null;
      if (raw) body = req.headers['content-type']?.includes('application/json') ? (JSON.parse(raw) as RestCall['body']) : { raw };
      const call: RestCall = { method: req.method ?? 'GET', path, route: routeOf(req.method ?? 'GET', path), query: url.searchParams, auth: req.headers.authorization ?? null, body };
      calls.push(call);
      const failure = failures.get(call.route)?.shift();
      if (failure) {
        call.status = failure.status;
        if (failure.status === 429) {
          const seconds = failure.retryAfter ?? 1;
          json(res, 429, { message: 'You are being rate limited.', retry_after: seconds, global: false, code: 0 }, { 'retry-after': String(seconds), 'x-ratelimit-scope': 'user' });
        } else {
          json(res, failure.status, { message: failure.message ?? 'Scripted failure', code: failure.code ?? 0 });
        }
        return;
      }
      const { status, body: out } = answer(call);
      call.status = status;
      call.response = out;
      json(res, status, out);
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });

  function dispatch(ws: WebSocket, t: string, d: unknown) {
    ws.send(JSON.stringify({ op: 0, t, s: ++sequence, d }));
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => {
        sockets.delete(ws);
        sessions.delete(ws);
      });
      ws.on('message', (data) => {
        const packet = JSON.parse(String(data)) as { op: number; d: unknown };
        if (packet.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        if (packet.op === 2) {
          identified = packet.d as Record<string, unknown>;
          sessions.add(ws);
          identifies++;
          dispatch(ws, 'READY', {
            v: 10, user: USER, guilds: [{ id: GUILD_ID, unavailable: true }], session_id: 'stand-in-session',
            resume_gateway_url: `${baseUrl.replace('http', 'ws')}/gateway`, shard: [0, 1], application: { id: APP_ID, flags: 0 },
            private_channels: [], relationships: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: [],
          });
          dispatch(ws, 'GUILD_CREATE', guildCreate());
          ready = true;
        }
      });
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    });
  });

  function interactionPayload(input: InteractionInput) {
    const id = nextId();
    const token = `interaction-token-${id}`;
    const channelId = input.channelId ?? CHANNEL_ID;
    const userId = input.userId ?? '1100000000000000050';
    const payload = {
      id, token, application_id: APP_ID, type: input.focused ? 4 : 2, version: 1,
      guild_id: GUILD_ID, channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: 'newsroom', position: 0, permission_overwrites: [], parent_id: null, nsfw: false },
      member: {
        user: { id: userId, username: `user${userId.slice(-2)}`, discriminator: '0', global_name: null, avatar: null },
        roles: input.roles ?? [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false,
        nick: null, avatar: null, premium_since: null, permissions: (input.permissions ?? PERMISSIONS.viewAndSend).toString(),
      },
      data: { id: COMMAND_ID, name: 'radar', type: 1, options: commandOptions(input) },
      app_permissions: (PERMISSIONS.viewAndSend | (1n << 14n)).toString(), locale: 'en-US', guild_locale: 'en-US',
      entitlements: [], authorizing_integration_owners: { 0: GUILD_ID }, context: 0,
    };
    return { id, token, payload };
  }

  function componentPayload(input: ComponentInput) {
    const id = nextId();
    const token = `interaction-token-${id}`;
    const channelId = input.channelId ?? CHANNEL_ID;
    const userId = input.userId ?? '1100000000000000050';
    const guildId = input.guildId === undefined ? GUILD_ID : input.guildId;
    const user = { id: userId, username: `user${userId.slice(-2)}`, discriminator: '0', global_name: null, avatar: null };
    const payload = {
      id, token, application_id: APP_ID, type: 3, version: 1, channel_id: channelId,
      channel: { id: channelId, type: 0, ...(guildId ? { guild_id: guildId } : {}), name: 'newsroom', position: 0, permission_overwrites: [], parent_id: null, nsfw: false },
      ...(guildId
        ? {
          guild_id: guildId,
          member: {
            user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false,
            nick: null, avatar: null, premium_since: null, permissions: PERMISSIONS.viewAndSend.toString(),
          },
        }
        : { user }),
      message: message(channelId, { content: '', embeds: [] }),
      data: { custom_id: input.customId, component_type: 2 },
      app_permissions: (PERMISSIONS.viewAndSend | (1n << 14n)).toString(), locale: 'en-US', ...(guildId ? { guild_locale: 'en-US' } : {}),
      entitlements: [], authorizing_integration_owners: { 0: GUILD_ID }, context: guildId ? 0 : 1,
    };
    return { id, token, payload };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${baseUrl}/api`,
    baseUrl,
    calls,
    callsTo: (route) => calls.filter((c) => c.route === route),
    posts: (channelId) => calls
      .filter((c) => c.route === 'POST /channels/:id/messages' && c.status === 200 && (!channelId || c.path === `/channels/${channelId}/messages`))
      .map((c) => ({ id: (c.response as { id: string }).id, body: c.body as Record<string, unknown> })),
    commands,
    failNext(route, failure) {
      failures.set(route, [...(failures.get(route) ?? []), failure]);
    },
    identify: () => identified,
    sessions: () => ({ open: sessions.size, identified: identifies }),
    async connected() {
      await waitFor(() => ready && sockets.size > 0, 5_000);
    },
    interactionPayload,
    pushInteraction(input) {
      const [ws] = sockets;
      if (!ws) throw new Error('no gateway client is connected');
      const interaction = interactionPayload(input);
      dispatch(ws, 'INTERACTION_CREATE', interaction.payload);
      return { id: interaction.id, token: interaction.token };
    },
    componentPayload,
    pushComponent(input) {
      const [ws] = sockets;
      if (!ws) throw new Error('no gateway client is connected');
      const interaction = componentPayload(input);
      dispatch(ws, 'INTERACTION_CREATE', interaction.payload);
      return { id: interaction.id, token: interaction.token };
    },
    answersTo: (token) => calls.filter((c) => c.path.includes(`/${token}`)),
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
