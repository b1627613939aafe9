/**
 * Radar with Discord, end to end through real parts: feeds on a local HTTP server → the real pipeline →
 * the real discord.js (gateway + REST) → a local Discord stand-in; `/radar` interactions pushed over
 * the gateway and answered by the real command core over the real store, with admin checks
 * (Manage Channels or a configured role) and autocomplete from the channel's settings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../../helpers/feed-server.ts';
import { startTestRadar, type TestFeed, type TestRadar, stopTestRadar } from '../../helpers/radar.ts';
import {
  CHANNEL_ID, EDITOR_ROLE, OTHER_CHANNEL_ID, PERMISSIONS, startDiscordStandIn, waitFor,
  type DiscordStandIn, type InteractionInput,
} from '../../helpers/discord-stand-in.ts';
import { embedText, interact } from './interactions.ts';

const TOKEN = 'discord-e2e-token.0001.abcdef';
const ADMIN = { permissions: PERMISSIONS.viewAndSend | PERMISSIONS.manageChannels };

const STORY: FeedEntrySpec = {
  title: 'Pentagon drafts options for strikes on cartels inside Mexico @everyone <@&123> **bold** [evil](https://evil.example)',
  link: 'https://wire.example/pentagon',
  description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel. @here <@999> [your bank](https://evil.example/login)',
  pubDate: new Date(Date.now() - 60_000),
};

describe('Radar on Discord', () => {
  let server: FeedServer;
  let discord: DiscordStandIn;
  let test: TestRadar | null = null;
  let feeds: TestFeed[];
  const posts = () => discord.posts(CHANNEL_ID);
  const command = (command: string, options: InteractionInput['options'] = {}, extra: Partial<InteractionInput> = ADMIN) =>
    interact(discord, { command, options, ...extra });

  beforeEach(async () => {
    server = await startFeedServer();
    discord = await startDiscordStandIn();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }), { etag: '"w1"' });
    feeds = [{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }];
    test = await startTestRadar(feeds, {
      env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl },
      channelsYaml: `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty] }`,
      extraYaml: `discord: { adminRoles: ["${EDITOR_ROLE}"] }\nstories: { followUpEvery: 1s }`,
    });
    await test.radar.start();
    await discord.connected();
  });
  afterEach(async () => {
    await stopTestRadar(test, discord, server);
    test = null;
  });

  it('posts an alert as an inert embed, and a follow-up of the same story as a reply to it', async () => {
    const alert = await waitFor(() => posts()[0], 8_000);
    expect(alert.body.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(alert.body.embeds);
    expect(text).toContain('Pentagon drafts options for strikes on cartels inside Mexico');
    expect(text).toContain('Wire Service');
    expect(text).toMatch(/Score: (0\.\d\d|1\.00)/);
    const json = JSON.stringify(alert.body);
    for (const hostile of ['@everyone', '@here', '<@&123>', '<@999>', '**bold**', '[evil](', '[your bank](']) expect(json).not.toContain(hostile);
    expect(discord.callsTo('POST /channels/:id/messages')[0]!.auth).toBe(`Bot ${TOKEN}`);

    server.serve('/press.xml', rssFeed({ title: 'Press', items: [{ ...STORY, title: 'Pentagon drafts options for strikes on cartels in Mexico, officials say', link: 'https://press.example/pentagon-cartels' }] }));
    await test!.radar.store.addFeed({ id: 'press', url: server.url('/press.xml'), name: 'Associated Press', origin: 'config' });
    await test!.radar.pollOnce({ onlyDue: true });
    const followUp = await waitFor(() => posts().find((p) => p.body.message_reference), 10_000);
    expect(followUp.body.message_reference).toEqual({ message_id: alert.id, fail_if_not_exists: false });
    expect(followUp.body.allowed_mentions).toEqual({ parse: [] });
    expect(embedText(followUp.body.embeds)).toContain('Associated Press');
    expect(posts().filter((p) => !p.body.message_reference)).toHaveLength(1);
  }, 30_000);

  it('answers every /radar subcommand through interactions with the real command core', async () => {
    await waitFor(() => posts()[0], 8_000);
    const expectations: Array<[string, InteractionInput['options'], RegExp]> = [
      ['help', {}, /\/radar search/],
      ['search', { query: 'fentanyl' }, /Pentagon drafts options/],
      ['search', { query: 'pentagon', since: '3d', lang: 'en' }, /Search for pentagon: 1 result/],
      ['top', { window: '7d' }, /Top stories, last 7d/],
      ['digest', { window: '7d' }, /Digest, last 7d[\s\S]*1 story, by score and breadth of coverage[\s\S]*1\. Pentagon drafts options/],
      ['watch add', { term: 'Harfuch' }, /Added watch term Harfuch/],
      ['watch list', {}, /Harfuch/],
      ['watch remove', { term: 'Harfuch' }, /Removed watch term Harfuch/],
      ['mute add', { term: 'béisbol' }, /Added mute term béisbol/],
      ['mute list', {}, /béisbol/],
      ['mute remove', { term: 'béisbol' }, /Removed mute term/],
      ['threshold', {}, /alerts at score 0\.50/],
      ['threshold', { value: 0.55 }, /Threshold set to 0\.55/],
      ['topics', {}, /cartel-sovereignty/],
      ['subscribe', { topic: 'cartel-sovereignty' }, /already follows/],
      ['unsubscribe', { topic: 'cartel-sovereignty' }, /at least one topic/],
      ['feeds list', {}, /1 feeds, 0 failing/],
      ['feeds remove', { url: 'https://nowhere.example/rss' }, /is not followed/],
      ['feeds add', { url: 'ftp://nowhere.example/rss' }, /not an http\(s\) URL/],
      ['explain', { link: 'https://wire.example/pentagon' }, /Score for cartel-sovereignty/],
      ['status', {}, /Alerts today \(UTC\): 1/],
    ];
    for (const [name, options, expected] of expectations) {
      const answer = await command(name, options);
      const label = `${name} ${JSON.stringify(options)}`;
      expect(answer.text, label).toMatch(expected);
      expect(answer.callback.type, label).toBe(5);
      expect(answer.ephemeral, label).toBe(true);
      expect(answer.message.allowed_mentions, label).toEqual({ parse: [] });
    }
    const shared = await command('search', { query: 'pentagon', share: true });
    expect(shared.ephemeral).toBe(false);
    expect(shared.text).toMatch(/Pentagon drafts options/);
    // A shared search that fails is still told only to the asker: the public deferral is replaced.
    const failed = await command('search', { query: 'pentagon since:soon', share: true });
    expect(failed.callback.data?.flags ?? 0).toBe(0);
    expect(failed.ephemeral).toBe(true);
    expect(failed.text).toContain('since: expects a duration');
  }, 30_000);

  it('answers an unmapped channel with an ephemeral explanation', async () => {
    const answer = await command('status', {}, { ...ADMIN, channelId: OTHER_CHANNEL_ID });
    expect(answer.callback.type).toBe(4);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('not set up for this channel');
  });

  it('refuses mutating commands without Manage Channels or an admin role, and accepts either', async () => {
    const refused = await command('watch add', { term: 'bakery' }, {});
    expect(refused.text).toContain('Only Radar admins');
    expect((await command('watch list', {}, {})).text).toContain('No watch terms');
    expect((await command('threshold', { value: 0.9 }, {})).text).toContain('Only Radar admins');

    expect((await command('watch add', { term: 'bakery' }, { roles: [EDITOR_ROLE] })).text).toContain('Added watch term bakery');
    expect((await command('watch add', { term: 'panadería' }, ADMIN)).text).toContain('Added watch term panadería');
    expect((await command('watch add', { term: 'bolillo' }, { permissions: PERMISSIONS.viewAndSend | PERMISSIONS.administrator })).text).toContain('Added watch term bolillo');
    expect((await command('watch list', {}, {})).text).toMatch(/bakery[\s\S]*panadería[\s\S]*bolillo/);

    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [{ title: 'Main Street bakery wins national award', link: 'https://wire.example/bakery', pubDate: new Date() }, STORY] }), { etag: '"w2"' });
    await test!.radar.pollOnce();
    const watched = await waitFor(() => posts().find((p) => JSON.stringify(p.body).includes('bakery wins')), 5_000);
    expect(embedText(watched.body.embeds)).toContain('Watch terms: bakery');
  }, 30_000);

  it('autocompletes watch and mute terms on remove, and topics on subscribe/unsubscribe', async () => {
    await command('watch add', { term: 'Harfuch' });
    await command('watch add', { term: '"guardia nacional"' });
    await command('mute add', { term: 'béisbol' });
    const choices = async (name: string, option: string, typed: string) => {
      const answer = await interact(discord, { command: name, options: { [option]: typed }, focused: option });
      expect(answer.callback.type).toBe(8);
      return (answer.callback.data!.choices as Array<{ name: string; value: string }>).map((c) => c.value);
    };
    expect(await choices('watch remove', 'term', '')).toEqual(['Harfuch', '"guardia nacional"']);
    expect(await choices('watch remove', 'term', 'guar')).toEqual(['"guardia nacional"']);
    expect(await choices('mute remove', 'term', '')).toEqual(['béisbol']);
    expect(await choices('unsubscribe', 'topic', '')).toEqual(['cartel-sovereignty']);
    expect(await choices('subscribe', 'topic', '')).toEqual([]);
    expect((await command('watch remove', { term: '"guardia nacional"' })).text).toContain('Removed watch term');
  }, 30_000);
});

describe('Radar on Discord when posting fails', () => {
  let server: FeedServer;
  let discord: DiscordStandIn;
  let test: TestRadar | null = null;

  async function setup(script: (discord: DiscordStandIn) => void) {
    server = await startFeedServer();
    discord = await startDiscordStandIn();
    script(discord);
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }));
    test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
      env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl },
      channelsYaml: `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty] }`,
    });
  }
  afterEach(async () => {
    await stopTestRadar(test, discord, server);
    test = null;
  });

  it('delivers an alert exactly once through a 429 with retry_after', async () => {
    await setup((d) => d.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.4 }));
    await test!.radar.start();
    await discord.connected();
    await test!.radar.pollOnce();
    const attempts = discord.callsTo('POST /channels/:id/messages');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(discord.posts(CHANNEL_ID)).toHaveLength(1);
    expect((await test!.radar.store.counts(0)).pendingOutbox).toBe(0);
    await test!.radar.pollOnce();
    expect(discord.posts(CHANNEL_ID)).toHaveLength(1);
  }, 20_000);

  it('gives up at once on 403 Missing Access instead of retrying forever', async () => {
    await setup((d) => {
      for (let i = 0; i < 5; i += 1) d.failNext('POST /channels/:id/messages', { status: 403, code: 50001, message: 'Missing Access' });
    });
    await test!.radar.start();
    await discord.connected();
    await test!.radar.pollOnce();
    expect(discord.callsTo('POST /channels/:id/messages')).toHaveLength(1);
    expect((await test!.radar.store.counts(0)).pendingOutbox).toBe(0);
    await test!.radar.pollOnce();
    expect(discord.callsTo('POST /channels/:id/messages')).toHaveLength(1);
  }, 20_000);
});
