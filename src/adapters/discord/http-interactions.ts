/**
 * The optional HTTP interactions endpoint (`POST /discord/interactions`), for deployments that set
 * an Interactions Endpoint URL in the Developer Portal instead of receiving interactions over the
 * gateway. Every request must carry a valid Ed25519 signature of timestamp + body by the
 * application's public key (checked with node:crypto) and a timestamp under five minutes old;
 * anything else gets 401, as Discord requires. PING is answered with PONG; commands, autocomplete
 * and clicks on feedback buttons go through the same handling as gateway interactions, the first answer in the HTTP
 * response and later ones through the interaction webhook.
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionResponseType, MessageFlags, PermissionsBitField, Routes, type REST } from 'discord.js';
import { COMMAND_NAME } from './commands-schema.ts';
import { handleFeedbackClick, type FeedbackButtonDeps } from './feedback-buttons.ts';
import { FEEDBACK_PREFIX } from './feedback-row.ts';
import { handleInteraction, type InteractionDeps, type OptionReader, type RadarInteraction, type Responder } from './interaction.ts';
import { NO_MENTIONS, type DiscordMessage } from './render-alert.ts';

export const INTERACTIONS_PATH = '/discord/interactions';
const MAX_BODY = 1_000_000;
const MAX_SKEW_S = 300;
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (64 hex characters, from the Developer Portal) as a key object. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('DISCORD_PUBLIC_KEY: expected 64 hex characters (Developer Portal → General Information → Public Key)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Whether `signature` (hex) signs timestamp + body with the key, and the timestamp is fresh. */
export function verifySignature(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, nowMs = Date.now()): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_S) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
}

/** The raw interaction fields read here. */
interface RawOption { name: string; type: number; value?: string | number | boolean; focused?: boolean; options?: RawOption[] }
interface RawInteraction {
  id: string;
  type: number;
  token: string;
  application_id: string;
  channel_id?: string;
  guild_id?: string;
  channel?: { id: string; type?: number; parent_id?: string | null };
  member?: { user?: { id: string }; roles?: string[]; permissions?: string };
  user?: { id: string };
  data?: { name?: string; options?: RawOption[]; custom_id?: string };
}

const THREAD_TYPES = new Set([10, 11, 12]);

/** discord.js's option accessors over the raw option tree. */
function rawOptions(options: RawOption[] = []): OptionReader & { focused: string } {
  let group: string | null = null;
  let sub: string | null = null;
  let leaves = options;
  const top = options[0];
  if (top?.type === 2) {
    group = top.name;
    sub = top.options?.[0]?.name ?? null;
    leaves = top.options?.[0]?.options ?? [];
  } else if (top?.type === 1) {
    sub = top.name;
    leaves = top.options ?? [];
  }
  const value = (name: string) => leaves.find((o) => o.name === name)?.value;
  return {
    getSubcommandGroup: () => group,
    getSubcommand: () => sub ?? 'help',
    getString: (name) => (typeof value(name) === 'string' ? (value(name) as string) : null),
    getNumber: (name) => (typeof value(name) === 'number' ? (value(name) as number) : null),
    getBoolean: (name) => (typeof value(name) === 'boolean' ? (value(name) as boolean) : null),
    focused: String(leaves.find((o) => o.focused)?.value ?? ''),
  };
}

function view(raw: RawInteraction): RadarInteraction {
  const channel = raw.channel;
  const channelId = channel?.id ?? raw.channel_id ?? '';
  const options = rawOptions(raw.data?.options);
  return {
    kind: raw.type === 4 ? 'autocomplete' : 'command',
    discordChannelId: channel && THREAD_TYPES.has(channel.type ?? -1) && channel.parent_id ? channel.parent_id : channelId,
    userId: raw.member?.user?.id ?? raw.user?.id ?? 'unknown',
    options,
    focused: options.focused,
    member: {
      memberPermissions: raw.member?.permissions ? new PermissionsBitField(BigInt(raw.member.permissions)).freeze() : null,
      member: raw.member ? { roles: raw.member.roles ?? [] } : null,
    },
  };
}

/** The first answer goes into the HTTP response; later ones through the interaction's webhook. */
function httpResponder(raw: RawInteraction, answer: (body: unknown) => void, rest: REST): Responder {
  const data = (message: DiscordMessage, ephemeral: boolean) => ({ embeds: message.embeds, allowed_mentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  const original = Routes.webhookMessage(raw.application_id, raw.token, '@original');
  return {
    async reply(message, ephemeral) {
      answer({ type: InteractionResponseType.ChannelMessageWithSource, data: data(message, ephemeral) });
    },
    async defer(ephemeral) {
      answer({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: ephemeral ? { flags: MessageFlags.Ephemeral } : {} });
    },
    async edit(message) {
      await rest.patch(original, { body: data(message, false), auth: false });
    },
    async replacePrivately(message) {
      await rest.delete(original, { auth: false });
      await rest.post(Routes.webhook(raw.application_id, raw.token), { body: data(message, true), auth: false });
    },
    async suggest(choices) {
      answer({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
    },
  };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status === 401 ? 'invalid request signature' : '');
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface InteractionsServerOptions extends InteractionDeps {
  /** Handles clicks on alerts' feedback buttons; null or absent: they are refused (400). */
  feedbackButtons?: FeedbackButtonDeps | null;
  publicKey: string;
  rest: REST;
  port: number;
  host?: string;
  clock?: () => number;
}

/** Starts the endpoint; resolves to the listening server. */
export async function startInteractionsServer(options: InteractionsServerOptions): Promise<Server> {
  const key = publicKeyFromHex(options.publicKey);
  const clock = options.clock ?? Date.now;
  const log = options.logger;
  // A signed request stays valid for MAX_SKEW_S: an interaction id seen within that time is a replay.
  const seen = new Map<string, number>();
  const firstTime = (id: string, now: number): boolean => {
    for (const [old, at] of seen) {
      if (now - at <= 2 * MAX_SKEW_S * 1000) break; // insertion order is time order
      seen.delete(old);
    }
    if (seen.has(id)) return false;
    seen.set(id, now);
    return true;
  };
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== INTERACTIONS_PATH) {
        send(res, 404);
        return;
      }
      const body = await readBody(req);
      if (body === null) {
        send(res, 413);
        return;
      }
      const signature = req.headers['x-signature-ed25519'];
      const timestamp = req.headers['x-signature-timestamp'];
      if (!verifySignature(key, typeof signature === 'string' ? signature : undefined, typeof timestamp === 'string' ? timestamp : undefined, body, clock())) {
        log.warn('discord interaction with a bad or stale signature refused');
        send(res, 401);
        return;
      }
      let raw: RawInteraction;
      try {
        raw = JSON.parse(body.toString('utf8')) as RawInteraction;
      } catch {
        send(res, 400);
        return;
      }
      if (raw.type === 1) {
        send(res, 200, { type: InteractionResponseType.Pong });
        return;
      }
      if (typeof raw.id !== 'string' || !firstTime(raw.id, clock())) {
        log.warn('discord interaction replayed or without an id refused');
        send(res, 401);
        return;
      }
      const customId = raw.data?.custom_id;
      if (raw.type === 3 && options.feedbackButtons && typeof customId === 'string' && customId.startsWith(FEEDBACK_PREFIX)) {
        const click = { customId, discordChannelId: raw.channel?.id ?? raw.channel_id ?? '', guildId: raw.guild_id ?? null, userId: raw.member?.user?.id ?? raw.user?.id ?? 'unknown' };
        await handleFeedbackClick(click, httpResponder(raw, (answer) => send(res, 200, answer), options.rest), options.feedbackButtons);
        send(res, 500); // only when nothing was answered
        return;
      }
      if ((raw.type !== 2 && raw.type !== 4) || raw.data?.name !== COMMAND_NAME) {
        send(res, 400);
        return;
      }
      await handleInteraction(view(raw), httpResponder(raw, (answer) => send(res, 200, answer), options.rest), options);
      send(res, 500); // only when nothing was answered: the handling failed before its first answer
    })().catch((error: unknown) => {
      log.error({ err: error }, 'discord interactions endpoint failed');
      send(res, 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  log.info({ port: (server.address() as AddressInfo).port, path: INTERACTIONS_PATH }, 'discord interactions endpoint listening');
  return server;
}
