/**
 * The Discord adapter against a local Discord stand-in, through the real discord.js: gateway login
 * with the Guilds intent only, alerts as inert embeds, follow-ups as replies to the alert, 429s
 * waited out by the REST queue without losing or doubling an alert, permanent errors marked so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../../../src/adapters/adapter.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.ts';
import type { Reply } from '../../../src/commands/types.ts';
import { pino } from 'pino';
import { silentLogger } from '../../../src/shared/logger.ts';
import type { FollowUpPayload } from '../../../src/shared/alert.ts';
import { CHANNEL_ID, startDiscordStandIn, type DiscordStandIn } from '../../helpers/discord-stand-in.ts';
import { HOSTILE_ALERT } from './hostile.ts';

const TOKEN = 'discord-test-token.0001.abcdef';

const reply: Reply = { ok: true, ephemeral: true, blocks: [{ type: 'text', text: 'ok' }], text: 'ok' };

describe('Discord adapter', () => {
  let discord: DiscordStandIn;
  let adapter: DiscordAdapter;

  beforeEach(async () => {
    discord = await startDiscordStandIn();
    adapter = createDiscordAdapter({
      token: TOKEN,
      apiUrl: discord.apiUrl,
      runCommand: async () => reply,
      channelFor: (id) => (id === CHANNEL_ID ? 'newsroom' : null),
      suggest: async () => [],
      adminRoles: [],
      maxRateLimitWaitMs: 5_000,
      logger: silentLogger(),
    });
    await adapter.start();
  });
  afterEach(async () => {
    await adapter.stop();
    await discord.close();
  });

  it('logs in over the gateway with the Guilds intent only and the bot token', async () => {
    const identify = discord.identify()!;
    expect(identify.intents).toBe(1);
    expect(identify.token).toBe(TOKEN);
    expect(discord.callsTo('GET /gateway/bot')[0]!.auth).toBe(`Bot ${TOKEN}`);
    expect(adapter.client.isReady()).toBe(true);
  });

  it('posts an alert as an embed that cannot ping, link or format, and returns the message id', async () => {
    const id = await adapter.post(CHANNEL_ID, HOSTILE_ALERT);
    const [post] = discord.posts(CHANNEL_ID);
    expect(post!.id).toBe(id);
    const body = post!.body;
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const embed = (body.embeds as Array<Record<string, unknown>>)[0]!;
    expect(embed.url).toBe('https://wire.example/story?a=1&b=%282%29');
    const json = JSON.stringify(body);
    for (const hostile of ['@everyone', '@here', '<@&123>', '<@456>', '<#789>', '**bold**', '[evil](', '[bank](', '||spoiler||', '\\u001b', '[31m']) {
      expect(json).not.toContain(hostile);
    }
    expect(embed.title).toContain('@\u200beveryone');
    expect(embed.title).toContain('\\*\\*bold\\*\\*');
    expect(JSON.stringify(embed.fields)).toContain('0.87');
    expect(JSON.stringify(embed.fields)).toContain('<t:');
  });

  it('cuts very long fields to Discord limits instead of failing', async () => {
    const long = 'Ovidio '.repeat(3000);
    await adapter.post(CHANNEL_ID, { ...HOSTILE_ALERT, title: long, summary: long, source: long, matched: Array.from({ length: 60 }, (_, i) => `${long.slice(0, 80)}${i}`) });
    const embed = (discord.posts(CHANNEL_ID)[0]!.body.embeds as Array<{ title: string; description: string; fields: Array<{ name: string; value: string }>; footer: { text: string } }>)[0]!;
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.title.endsWith('…')).toBe(true);
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    for (const f of embed.fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    const total = embed.title.length + embed.description.length + embed.footer.text.length + embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it('posts a follow-up as a reply to the alert message', async () => {
    const alertId = await adapter.post(CHANNEL_ID, HOSTILE_ALERT);
    const followUp: FollowUpPayload = {
      storyId: 1,
      storyTitle: 'Pentagon drafts options',
      reports: [{ source: 'Associated Press', title: 'Pentagon weighs strikes', url: 'https://press.example/a', publishedAt: Date.now() }],
    };
    const replyId = await adapter.reply(CHANNEL_ID, alertId, followUp);
    const posts = discord.posts(CHANNEL_ID);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.id).toBe(replyId);
    expect(posts[1]!.body.message_reference).toEqual({ message_id: alertId, fail_if_not_exists: false });
    expect(posts[1]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(posts[1]!.body)).toContain('[Pentagon weighs strikes](<https://press.example/a>)');
  });

  it('waits out a 429 with retry_after and posts the alert exactly once', async () => {
    discord.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.3 });
    const started = Date.now();
    const id = await adapter.post(CHANNEL_ID, HOSTILE_ALERT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(discord.callsTo('POST /channels/:id/messages')).toHaveLength(2);
    expect(discord.posts(CHANNEL_ID).map((p) => p.id)).toEqual([id]);
  });

  it('hands a long rate limit back as retryable with its wait', async () => {
    discord.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 60 });
    const error = await adapter.post(CHANNEL_ID, HOSTILE_ALERT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).permanent).toBeFalsy();
    expect((error as AdapterError).retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect((error as AdapterError).code).toBe('adapter_rate_limited');
    expect(discord.posts(CHANNEL_ID)).toHaveLength(0);
  });

  it.each([
    [403, 50001, 'Missing Access'],
    [403, 50013, 'Missing Permissions'],
    [404, 10003, 'Unknown Channel'],
  ])('marks HTTP %i (%i %s) permanent', async (status, code, message) => {
    discord.failNext('POST /channels/:id/messages', { status, code, message });
    const error = (await adapter.post(CHANNEL_ID, HOSTILE_ALERT).catch((e: unknown) => e)) as AdapterError;
    expect(error).toBeInstanceOf(AdapterError);
    expect(error.permanent).toBe(true);
    expect(error.message).toContain(message);
    expect(discord.callsTo('POST /channels/:id/messages')).toHaveLength(1);
  });

  it('reports a 5xx as retryable without resending it itself (the delivery stage retries)', async () => {
    discord.failNext('POST /channels/:id/messages', { status: 502 });
    const error = (await adapter.post(CHANNEL_ID, HOSTILE_ALERT).catch((e: unknown) => e)) as AdapterError;
    expect(error).toBeInstanceOf(AdapterError);
    expect(error.permanent).toBe(false);
    expect(error.code).toBe('adapter_failed');
    expect(discord.callsTo('POST /channels/:id/messages')).toHaveLength(1);
  });

  it('posts before the gateway is up (radar poll --once delivers without start)', async () => {
    const cold = createDiscordAdapter({
      token: 'discord-test-token.0003.abcdef', apiUrl: discord.apiUrl, runCommand: async () => reply,
      channelFor: () => null, suggest: async () => [], adminRoles: [], logger: silentLogger(),
    });
    const id = await cold.post(CHANNEL_ID, HOSTILE_ALERT);
    expect(discord.posts(CHANNEL_ID).map((p) => p.id)).toContain(id);
    expect(discord.callsTo('POST /channels/:id/messages').at(-1)?.auth).toBe('Bot discord-test-token.0003.abcdef');
  });

  it('fails to start with a permanent error when Discord rejects the token, and never logs it', async () => {
    const lines: string[] = [];
    // A plain pino logger, without Radar's masking: the adapter itself must not write the token.
    const out = { write: (line: string) => lines.push(line) };
    const rejected = createDiscordAdapter({
      token: 'discord-bad-token.0002.abcdef', apiUrl: discord.apiUrl, runCommand: async () => reply,
      channelFor: () => null, suggest: async () => [], adminRoles: [], logger: pino({ level: 'debug' }, out as never),
    });
    discord.failNext('GET /gateway/bot', { status: 401, code: 0, message: '401: Unauthorized' });
    const error = (await rejected.start().catch((e: unknown) => e)) as AdapterError;
    expect(error).toBeInstanceOf(AdapterError);
    expect(error.permanent).toBe(true);
    expect(error.message).not.toContain('discord-bad-token');
    expect(lines.join('')).not.toContain('discord-bad-token');
  });
});
