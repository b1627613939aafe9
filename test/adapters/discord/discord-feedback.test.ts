/**
 * Feedback buttons on Discord, end to end through real parts: feeds on a local HTTP server → the
 * real pipeline → the real discord.js → the local Discord stand-in, whose button clicks come back
 * over the gateway (and, signed, to the HTTP interactions endpoint) to the real feedback core and store.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../../helpers/feed-server.ts';
import { startTestRadar, type TestRadar, stopTestRadar } from '../../helpers/radar.ts';
import { CHANNEL_ID, OTHER_CHANNEL_ID, startDiscordStandIn, waitFor, type ComponentInput, type DiscordStandIn } from '../../helpers/discord-stand-in.ts';
import { answerTo, embedText } from './interactions.ts';
import { freePort } from '../../helpers/free-port.ts';

const TOKEN = 'discord-feedback-token.0001.abcdef';
const EDITOR = '1100000000000000051';
const OTHER_GUILD = '1100000000000000077';
const CHANNELS = [
  `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty] }`,
  `  - { id: desk, adapter: discord, target: "${OTHER_CHANNEL_ID}", topics: [cartel-sovereignty] }`,
].join('\n');

const STORY: FeedEntrySpec = {
  title: 'Pentagon drafts options for strikes on cartels inside Mexico @everyone',
  link: 'https://wire.example/pentagon',
  description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel.',
  pubDate: new Date(Date.now() - 60_000),
};

type Json = Record<string, unknown>;

/** The wire feed with STORY, the Discord stand-in, and Radar on both with `env` added, started. */
async function startWire(
  env: Record<string, string>,
  extraYaml?: string,
): Promise<{ server: FeedServer; discord: DiscordStandIn; test: TestRadar }> {
  const server = await startFeedServer();
  const discord = await startDiscordStandIn();
  server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }), { etag: '"w1"' });
  const test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
    env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, ...env },
    channelsYaml: CHANNELS,
    ...(extraYaml ? { extraYaml } : {}),
  });
  await test.radar.start();
  await discord.connected();
  return { server, discord, test };
}

async function stopWire(server: FeedServer, discord: DiscordStandIn, test: TestRadar | null): Promise<void> {
  await stopTestRadar(test, discord, server);
}

/** The feedback buttons of a posted alert: label and custom id. */
function buttons(body: Json): Array<{ label: string; customId: string; style: number }> {
  const rows = (body.components as Json[] | undefined) ?? [];
  return rows.flatMap((row) => (row.components as Json[]).map((b) => ({ label: String(b.label), customId: String(b.custom_id), style: Number(b.style) })));
}

const refOf = (body: Json) => buttons(body)[0]!.customId.split(':').at(-1)!;

describe('feedback buttons on Discord (gateway)', () => {
  let server: FeedServer;
  let discord: DiscordStandIn;
  let test: TestRadar | null = null;

  const alertIn = (channel: string) => waitFor(() => discord.posts(channel).find((p) => !p.body.message_reference), 8_000);
  const click = async (input: ComponentInput) => answerTo(discord, discord.pushComponent(input).token);
  const votes = async (channel = 'newsroom') => (await test!.radar.store.channelVotes(channel)).map((v) => [v.person, v.vote]);

  beforeEach(async () => {
    ({ server, discord, test } = await startWire({}, 'stories: { followUpEvery: 1s }'));
  });
  afterEach(async () => {
    await stopWire(server, discord, test);
    test = null;
  });

  it('puts three buttons under an alert whose custom ids carry only the alert\'s reference', async () => {
    const alert = await alertIn(CHANNEL_ID);
    const found = buttons(alert.body);
    expect(found.map((b) => b.label)).toEqual(['Relevant', 'Not for us', 'Mute this story']);
    const ref = refOf(alert.body);
    expect(ref).toMatch(/^\d+$/);
    expect(found.map((b) => b.customId)).toEqual(['good', 'bad', 'mute'].map((a) => `radar:feedback:${a}:${ref}`));
    for (const b of found) expect(b.customId.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(alert.body.components)).not.toContain('Pentagon');
    expect(alert.body.allowed_mentions).toEqual({ parse: [] });
    expect(refOf((await alertIn(OTHER_CHANNEL_ID)).body)).not.toBe(ref);
  }, 30_000);

  it('defers a click privately, answers it privately, and keeps one vote per person', async () => {
    const ref = refOf((await alertIn(CHANNEL_ID)).body);
    const first = await click({ customId: `radar:feedback:good:${ref}`, userId: EDITOR });
    expect(first.callback).toEqual({ type: 5, data: { flags: 64 } });
    expect(first.ephemeral).toBe(true);
    expect(first.text).toBe('Noted: more like this in #newsroom.');
    expect(first.message.allowed_mentions).toEqual({ parse: [] });
    expect(await votes()).toEqual([[EDITOR, 'good']]);

    expect((await click({ customId: `radar:feedback:bad:${ref}`, userId: EDITOR })).text).toBe('Noted: fewer items like this in #newsroom.');
    expect((await click({ customId: `radar:feedback:bad:${ref}`, userId: EDITOR })).text).toBe('Already noted: fewer items like this in #newsroom.');
    expect(await votes()).toEqual([[EDITOR, 'bad']]);
  }, 30_000);

  it('refuses a click from another server, from a direct message, from another channel, or with an unknown reference', async () => {
    const ref = refOf((await alertIn(CHANNEL_ID)).body);
    const member = "Only members of this channel's server can give feedback on its alerts: nothing was recorded.";
    const unknown = 'Radar does not know this alert here: nothing was recorded.';
    const refusals: Array<[ComponentInput, string]> = [
      [{ customId: `radar:feedback:bad:${ref}`, guildId: OTHER_GUILD }, member],
      [{ customId: `radar:feedback:bad:${ref}`, guildId: null }, member],
      [{ customId: `radar:feedback:bad:${ref}`, channelId: OTHER_CHANNEL_ID }, unknown],
      [{ customId: 'radar:feedback:bad:999999' }, unknown],
      [{ customId: `radar:feedback:bad:${ref}x` }, unknown],
    ];
    for (const [input, text] of refusals) {
      const answer = await click({ userId: EDITOR, ...input });
      expect(answer.text, JSON.stringify(input)).toBe(text);
      expect(answer.ephemeral).toBe(true);
    }
    expect(await votes()).toEqual([]);
    expect(await votes('desk')).toEqual([]);
  }, 30_000);

  it('"Mute this story" stops its follow-ups in that channel only', async () => {
    const ref = refOf((await alertIn(CHANNEL_ID)).body);
    await alertIn(OTHER_CHANNEL_ID);
    expect((await click({ customId: `radar:feedback:mute:${ref}`, userId: EDITOR })).text).toBe('Muted: no more follow-ups of this story in #newsroom.');

    server.serve('/press.xml', rssFeed({ title: 'Press', items: [{ ...STORY, title: 'Pentagon drafts options for strikes on cartels in Mexico, officials say', link: 'https://press.example/pentagon-cartels' }] }));
    await test!.radar.store.addFeed({ id: 'press', url: server.url('/press.xml'), name: 'Associated Press', origin: 'config' });
    await test!.radar.pollOnce({ onlyDue: true });
    const followUp = await waitFor(() => discord.posts(OTHER_CHANNEL_ID).find((p) => p.body.message_reference), 10_000);
    expect(embedText(followUp.body.embeds)).toContain('Associated Press');
    expect(await test!.radar.store.pendingDeliveries(Date.now() + 3_600_000, 10, 'newsroom')).toEqual([]);
    expect(discord.posts(CHANNEL_ID)).toHaveLength(1);
  }, 30_000);
});

describe('feedback buttons on Discord (HTTP interactions endpoint)', () => {
  let server: FeedServer;
  let discord: DiscordStandIn;
  let test: TestRadar | null = null;
  let port: number;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const publicHex = der.subarray(der.length - 32).toString('hex');

  async function post(payload: unknown, key = privateKey, timestamp = String(Math.floor(Date.now() / 1000))) {
    const body = JSON.stringify(payload);
    const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    const response = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body,
    });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? (JSON.parse(text) as Json) : null };
  }

  beforeEach(async () => {
    port = await freePort();
    ({ server, discord, test } = await startWire({ DISCORD_PUBLIC_KEY: publicHex, DISCORD_PORT: String(port) }));
  });
  afterEach(async () => {
    await stopWire(server, discord, test);
    test = null;
  });

  it('records a signed click once; a forged or replayed one changes nothing', async () => {
    const alert = await waitFor(() => discord.posts(CHANNEL_ID)[0], 8_000);
    const ref = refOf(alert.body);
    const votes = async () => (await test!.radar.store.channelVotes('newsroom')).map((v) => [v.person, v.vote]);

    const forged = discord.componentPayload({ customId: `radar:feedback:bad:${ref}`, userId: EDITOR });
    const stranger = generateKeyPairSync('ed25519').privateKey;
    expect((await post(forged.payload, stranger)).status).toBe(401);
    expect((await post(forged.payload, privateKey, String(Math.floor(Date.now() / 1000) - 600))).status).toBe(401);
    expect(await votes()).toEqual([]);

    const good = discord.componentPayload({ customId: `radar:feedback:good:${ref}`, userId: EDITOR });
    expect(await post(good.payload)).toEqual({ status: 200, json: { type: 5, data: { flags: 64 } } });
    const edit = await waitFor(() => discord.answersTo(good.token).find((c) => c.method === 'PATCH'), 5_000);
    expect(embedText((edit.body as Json).embeds)).toBe('Noted: more like this in #newsroom.');
    expect(await votes()).toEqual([[EDITOR, 'good']]);

    const bad = discord.componentPayload({ customId: `radar:feedback:bad:${ref}`, userId: EDITOR });
    expect((await post(bad.payload)).status).toBe(200);
    await waitFor(() => discord.answersTo(bad.token).find((c) => c.method === 'PATCH'), 5_000);
    // The earlier "good" click sent again, freshly signed: refused as a replay.
    expect((await post(good.payload)).status).toBe(401);
    expect(await votes()).toEqual([[EDITOR, 'bad']]);
  }, 30_000);
});
