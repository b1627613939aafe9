/**
 * Digests and quiet hours end to end, on Slack and on Discord: feeds on a local HTTP server → the
 * real pipeline and SQLite store → the real @slack/bolt or discord.js → the platform's stand-in, on
 * an injected clock. An alert in the channel's quiet hours is held, not posted; the digest at 08:00
 * on the channel's clock lists it (inert, within the platform's limits); a Radar restarted at the
 * digest minute over the same database sends no second digest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { wallTime } from '../../src/digest/index.ts';
import type { Env } from '../../src/config/index.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestFeed, type TestRadar } from '../helpers/radar.ts';
import { CHANNEL_ID, startDiscordStandIn } from '../helpers/discord-stand-in.ts';
import { startSlackStandIn, waitFor } from '../helpers/slack-stand-in.ts';
import { expectInert, expectValidBlocks, mrkdwnStrings } from '../adapters/slack/block-kit-checks.ts';
import { embedText } from '../adapters/discord/interactions.ts';

const ZONE = 'America/Mexico_City';
const MINUTE = 60_000;
const SETTINGS = `digest: { at: "08:00", timezone: ${ZONE}, window: 24h }, quiet: { hours: "22:00-07:00", urgentScore: 1 }`;

/** A chat platform's stand-in as this test drives it. */
interface Platform {
  env: Env;
  channelYaml: string;
  /** Messages posted to the channel, as sent. */
  posts(): Array<Record<string, unknown>>;
  connected(): Promise<void>;
  /** Checks a posted digest: within the limits, inert, listing the held alert. */
  expectDigest(post: Record<string, unknown>): void;
  close(): Promise<void>;
}

async function slackPlatform(): Promise<Platform> {
  const slack = await startSlackStandIn();
  return {
    env: { SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0001', SLACK_APP_TOKEN: 'xapp-test-app-token-0001', SLACK_API_URL: slack.apiUrl },
    channelYaml: `  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty], ${SETTINGS} }`,
    posts: () => slack.callsTo('chat.postMessage').map((c) => c.body),
    connected: () => slack.connected(),
    expectDigest(post) {
      expect(post.channel).toBe('C0NEWS');
      expectValidBlocks(post.blocks);
      expectInert(mrkdwnStrings(post));
      const json = JSON.stringify(post);
      expect(json).toContain('Top stories, last 24h');
      expect(json).toContain('1 story · 1 alert held during quiet hours');
      expect(json).toContain('<https://wire.example/pentagon|Pentagon drafts options for strikes on cartels inside Mexico');
      // The score is a logistic probability, below 1 (the urgent score) however relevant the item.
      expect(json).toMatch(/Wire &lt;@U1&gt; Service · EN · score [01]\.\d\d · held in quiet hours/);
      for (const hostile of ['<!channel>', '<@U999>', '<@U1>']) expect(json).not.toContain(hostile);
    },
    close: () => slack.close(),
  };
}

async function discordPlatform(): Promise<Platform> {
  const discord = await startDiscordStandIn();
  return {
    env: { DISCORD_TOKEN: 'discord-e2e-token.0001.abcdef', DISCORD_API_URL: discord.apiUrl },
    channelYaml: `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty], ${SETTINGS} }`,
    posts: () => discord.posts(CHANNEL_ID).map((p) => p.body),
    connected: () => discord.connected(),
    expectDigest(post) {
      expect(post.allowed_mentions).toEqual({ parse: [] });
      const embeds = post.embeds as Array<{ title: string; description: string; footer: { text: string } }>;
      expect(embeds).toHaveLength(1);
      expect(embeds[0]!.title).toBe('Top stories, last 24h');
      expect(embeds[0]!.footer.text).toBe('Radar digest · 1 story · 1 alert held during quiet hours');
      expect(embedText(embeds)).toContain('Pentagon drafts options for strikes on cartels inside Mexico');
      const { description } = embeds[0]!;
      expect(description).toContain('](<https://wire.example/pentagon>)');
      expect(description).toMatch(/\nWire \\<@U1\\> Service · EN · score [01]\.\d\d · held in quiet hours$/);
      const json = JSON.stringify(post);
      for (const hostile of ['<!channel>', '@here', '<@U999>', '<@U1>', '*now*']) expect(json).not.toContain(hostile);
    },
    close: () => discord.close(),
  };
}

/** The first instant at or after `from` when the wall clock in ZONE reads `minute`. */
function nextWall(minute: number, from: number): number {
  let t = Math.ceil(from / MINUTE) * MINUTE;
  while (wallTime(t, ZONE).minute !== minute) t += MINUTE;
  return t;
}

describe.each([['Slack', slackPlatform], ['Discord', discordPlatform]] as const)('digests and quiet hours on %s', (_name, makePlatform) => {
  let server: FeedServer | null = null;
  let platform: Platform | null = null;
  let radars: TestRadar[] = [];
  let now = 0;

  afterEach(async () => {
    for (const test of radars) await test.radar.stop(); // stopping twice is safe
    radars[0]?.cleanup(); // every Radar of a test shares its directory
    radars = [];
    await platform?.close();
    await server?.close();
  });

  async function startRadar(feeds: TestFeed[], dir?: string): Promise<TestRadar> {
    const test = await startTestRadar(feeds, { env: platform!.env, channelsYaml: platform!.channelYaml, clock: () => now, random: () => 0.5, ...(dir ? { dir } : {}) });
    radars.push(test);
    await test.radar.start();
    await platform!.connected();
    return test;
  }

  it('holds an alert in quiet hours, lists it in the 08:00 digest, and sends that digest once across a restart', async () => {
    // The last 23:00 in Mexico City before the real time: quiet hours, the item published just before.
    now = nextWall(23 * 60, Date.now() - 86_400_000);
    server = await startFeedServer();
    platform = await makePlatform();
    server.serve('/wire.xml', rssFeed({
      title: 'Wire',
      items: [{
        title: 'Pentagon drafts options for strikes on cartels inside Mexico <!channel> @here *now*',
        link: 'https://wire.example/pentagon',
        description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel. <@U999>',
        pubDate: new Date(now - MINUTE),
      }],
    }));
    const feeds = [{ id: 'wire', name: 'Wire <@U1> Service', url: server.url('/wire.xml'), lang: 'en' as const }];
    const first = await startRadar(feeds);

    await first.radar.pollOnce();
    expect((await first.radar.store.counts(0)).alertsSince).toBe(1);
    expect(platform.posts()).toEqual([]); // held: nobody is woken at 23:00
    expect((await first.radar.store.digestStories('newsroom', 0, ['cartel-sovereignty'])).held).toHaveLength(1);

    // 07:59: no digest yet. 08:00 on the channel's clock: the digest, with the held alert.
    now = nextWall(7 * 60 + 59, now);
    expect(await first.radar.runDigests()).toBe(0);
    now += MINUTE;
    expect(await first.radar.runDigests()).toBe(1);
    platform.expectDigest(await waitFor(() => platform!.posts()[0], 8_000));
    expect((await first.radar.store.digestStories('newsroom', 0, ['cartel-sovereignty'])).held).toEqual([]);

    // Restarted within the digest minute over the same database: no second digest.
    await first.radar.stop();
    now += 30_000;
    const second = await startRadar(feeds, first.dir);
    expect(await second.radar.runDigests()).toBe(0);
    now += MINUTE;
    expect(await second.radar.runDigests()).toBe(0);
    expect((await second.radar.store.counts(0)).pendingOutbox).toBe(0);
    expect(platform.posts()).toHaveLength(1);
  }, 30_000);
});
