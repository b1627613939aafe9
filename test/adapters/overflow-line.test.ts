/**
 * The "… and N more from X" line of a flood, through the real pipeline, the real @slack/bolt and
 * discord.js, and the local stand-ins of Slack and Discord: posted after the feed's alerts, with the
 * feed's name (untrusted: a chat-added feed names itself) escaped so that it cannot ping or format.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { burst } from '../helpers/burst.ts';
import { CHANNEL_ID, startDiscordStandIn, type DiscordStandIn } from '../helpers/discord-stand-in.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestRadar, type TestRadarOptions, stopTestRadar } from '../helpers/radar.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-stand-in.ts';
import { expectValidBlocks } from './slack/block-kit-checks.ts';
import { embedText } from './discord/interactions.ts';

const T0 = Date.parse('2025-09-03T18:00:00Z');
const HOSTILE = 'Wire <!channel> @everyone <@U999> **URGENTE** [bank](https://evil.example)';

describe('the overflow line on Slack and Discord', () => {
  let server: FeedServer;
  let test: TestRadar | null = null;
  let standIn: SlackStandIn | DiscordStandIn | null = null;
  beforeEach(async () => {
    server = await startFeedServer();
  });
  afterEach(async () => {
    await stopTestRadar(test, standIn);
    test = null;
    standIn = null;
    await server.close();
  });

  /** Seeds the feed, then polls it once with 30 new relevant items; alerts are limited to 2 per poll. */
  async function flood(options: TestRadarOptions) {
    let now = T0 - 3_600_000;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [] }));
    test = await startTestRadar([{ id: 'wire', name: HOSTILE, url: server.url('/wire.xml'), lang: 'es' }], {
      clock: () => now, ...options, extraYaml: 'alerts: { perFeedPerPoll: 2 }',
    });
    await test.radar.pollOnce();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: burst([0], T0) }));
    now = T0;
    const [result] = await test.radar.pollOnce();
    expect(result).toMatchObject({ status: 'ok', fresh: 30 });
    expect(result!.alerts).toHaveLength(2);
    expect(result!.held).toBeGreaterThan(10);
    return result!.held;
  }

  it('Slack: two alerts, then one inert mrkdwn line', async () => {
    const slack = await startSlackStandIn();
    standIn = slack;
    const held = await flood({
      env: { SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0001', SLACK_APP_TOKEN: 'xapp-test-app-token-0001', SLACK_API_URL: slack.apiUrl },
      channelsYaml: '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }',
    });
    const posts = slack.callsTo('chat.postMessage').map((c) => c.body);
    expect(posts).toHaveLength(3);
    const line = posts[2]!;
    expectValidBlocks(line.blocks);
    const json = JSON.stringify(line);
    expect(json).toContain(`… and ${held} more from *Wire &lt;!channel&gt; @everyone &lt;@U999&gt;`);
    expect(json).toContain('`/radar search source:wire`');
    for (const hostile of ['<!channel>', '<@U999>', '<https://evil.example']) expect(json).not.toContain(hostile);
  }, 30_000);

  it('Discord: two alerts, then one inert embed that pings no one', async () => {
    const discord = await startDiscordStandIn();
    standIn = discord;
    const held = await flood({
      env: { DISCORD_TOKEN: 'discord-e2e-token.0001.abcdef', DISCORD_API_URL: discord.apiUrl },
      channelsYaml: `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty] }`,
    });
    const posts = discord.posts(CHANNEL_ID);
    expect(posts).toHaveLength(3);
    const line = posts[2]!.body;
    expect(line.allowed_mentions).toEqual({ parse: [] });
    const text = embedText(line.embeds);
    expect(text).toContain(`… and ${held} more from **Wire`);
    expect(text).toContain('`/radar search source:wire`');
    const json = JSON.stringify(line);
    for (const hostile of ['@everyone', '<@U999>', '**URGENTE**', '[bank](']) expect(json).not.toContain(hostile);
  }, 30_000);
});
