/**
 * Digests and quiet hours end to end: feeds on a local HTTP server → the real pipeline and SQLite
 * store → the real @slack/bolt → the Slack stand-in, on an injected clock. An alert in the
 * channel's quiet hours is held, not posted; the digest at 08:00 on the channel's clock lists it
 * (inert, within Block Kit limits); a Radar restarted at the digest minute over the same database
 * sends no second digest.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { wallTime } from '../../src/digest/index.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestFeed, type TestRadar } from '../helpers/radar.ts';
import { startSlackStandIn, waitFor, type SlackStandIn } from '../helpers/slack-stand-in.ts';
import { expectInert, expectValidBlocks, mrkdwnStrings } from '../adapters/slack/block-kit-checks.ts';

const TOKENS = { SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0001', SLACK_APP_TOKEN: 'xapp-test-app-token-0001' };
const ZONE = 'America/Mexico_City';
const MINUTE = 60_000;
const CHANNEL = `  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty], digest: { at: "08:00", timezone: ${ZONE}, window: 24h }, quiet: { hours: "22:00-07:00", urgentScore: 1 } }`;

/** The first instant at or after `from` when the wall clock in ZONE reads `minute`. */
function nextWall(minute: number, from: number): number {
  let t = Math.ceil(from / MINUTE) * MINUTE;
  while (wallTime(t, ZONE).minute !== minute) t += MINUTE;
  return t;
}

let server: FeedServer;
let slack: SlackStandIn;
let radars: TestRadar[] = [];
let now = 0;

beforeEach(async () => {
  // The last 23:00 in Mexico City before the real time: quiet hours, items published just before.
  now = nextWall(23 * 60, Date.now() - 86_400_000);
  server = await startFeedServer();
  slack = await startSlackStandIn();
});
afterEach(async () => {
  for (const test of radars) await test.radar.stop(); // stopping twice is safe
  radars[0]?.cleanup(); // every Radar of a test shares its directory
  radars = [];
  await slack.close();
  await server.close();
});

async function startRadar(feeds: TestFeed[], dir?: string): Promise<TestRadar> {
  const test = await startTestRadar(feeds, {
    env: { ...TOKENS, SLACK_API_URL: slack.apiUrl },
    channelsYaml: CHANNEL,
    clock: () => now,
    random: () => 0.5,
    ...(dir ? { dir } : {}),
  });
  radars.push(test);
  await test.radar.start();
  await slack.connected();
  return test;
}

it('holds an alert in quiet hours, lists it in the 08:00 digest, and sends that digest once across a restart', async () => {
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
  const posts = () => slack.callsTo('chat.postMessage').map((c) => c.body);

  await first.radar.pollOnce();
  expect((await first.radar.store.counts(0)).alertsSince).toBe(1);
  expect(posts()).toEqual([]); // held: nobody is woken at 23:00
  expect((await first.radar.store.digestStories('newsroom', 0, ['cartel-sovereignty'])).held).toHaveLength(1);

  // 07:59: still no digest. 08:00 on the channel's clock: the digest, with the held alert.
  now = nextWall(7 * 60 + 59, now);
  expect(await first.radar.runDigests()).toBe(0);
  now += MINUTE;
  expect(await first.radar.runDigests()).toBe(1);
  const digest = await waitFor(() => posts()[0], 8_000);
  expect(digest.channel).toBe('C0NEWS');
  expectValidBlocks(digest.blocks);
  expectInert(mrkdwnStrings(digest));
  const json = JSON.stringify(digest);
  expect(json).toContain('Top stories, last 24h');
  expect(json).toContain('1 story · 1 alert held during quiet hours');
  expect(json).toContain('<https://wire.example/pentagon|Pentagon drafts options for strikes on cartels inside Mexico');
  // The score is a logistic probability, below 1 (the urgent score) however relevant the item.
  expect(json).toMatch(/Wire &lt;@U1&gt; Service · EN · score [01]\.\d\d · held in quiet hours/);
  for (const hostile of ['<!channel>', '<@U999>', '<@U1>']) expect(json).not.toContain(hostile);
  expect((await first.radar.store.digestStories('newsroom', 0, ['cartel-sovereignty'])).held).toEqual([]);

  // Restarted within the digest minute over the same database: no second digest.
  await first.radar.stop();
  now += 30_000;
  const second = await startRadar(feeds, first.dir);
  expect(await second.radar.runDigests()).toBe(0);
  now += MINUTE;
  expect(await second.radar.runDigests()).toBe(0);
  expect((await second.radar.store.counts(0)).pendingOutbox).toBe(0);
  expect(posts()).toHaveLength(1);
}, 30_000);
