/**
 * Radar with Slack, end to end: a story's alert fails while a second outlet reports the story,
 * then fails for good (invalid_blocks). The second report reaches the channel as the story's alert,
 * never as an "Also reported by" line on its own. Feeds on a local HTTP server, the real pipeline
 * and store, the real @slack/bolt against the Slack stand-in; the clock is Radar's own.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../../helpers/feed-server.ts';
import { startTestRadar, type TestRadar, stopTestRadar } from '../../helpers/radar.ts';
import { startSlackStandIn, type SlackStandIn } from '../../helpers/slack-stand-in.ts';

const TOKENS = { SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0001', SLACK_APP_TOKEN: 'xapp-test-app-token-0001' };

let server: FeedServer;
let slack: SlackStandIn;
let test: TestRadar | null = null;
let now = 0;

beforeEach(async () => {
  now = Date.now();
  server = await startFeedServer();
  slack = await startSlackStandIn();
});
afterEach(async () => {
  await stopTestRadar(test, slack, server);
  test = null;
});

it('posts the next report as the story\'s alert when the alert fails for good, never a follow-up alone', async () => {
  const story: FeedEntrySpec = {
    title: 'Pentagon drafts options for strikes on cartels inside Mexico',
    link: 'https://wire.example/pentagon',
    description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel.',
    pubDate: new Date(now - 120_000),
  };
  server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [story] }));
  server.serve('/press.xml', rssFeed({ title: 'Press', items: [{ ...story, title: 'Pentagon drafts options for strikes on cartels in Mexico, officials say', link: 'https://press.example/pentagon-cartels', pubDate: new Date(now - 60_000) }] }));
  test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
    env: { ...TOKENS, SLACK_API_URL: slack.apiUrl },
    channelsYaml: '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }',
    extraYaml: 'stories: { followUpEvery: 1s }',
    clock: () => now,
    random: () => 0.5,
  });
  const posts = () => slack.callsTo('chat.postMessage').map((c) => c.body);

  slack.failNext('chat.postMessage', { status: 503, headers: { 'retry-after': '600' } });
  await test.radar.pollOnce();
  expect(posts()).toHaveLength(1); // the alert failed; it waits for its retry

  // A second outlet reports the story while the alert waits: its follow-up waits too.
  await test.radar.store.addFeed({ id: 'press', url: server.url('/press.xml'), name: 'Associated Press', origin: 'config' });
  now += 5_000;
  await test.radar.pollOnce({ onlyDue: true });
  expect(posts()).toHaveLength(1);

  slack.failNext('chat.postMessage', { body: { ok: false, error: 'invalid_blocks' } });
  now += 3_600_000;
  await test.radar.pollOnce({ onlyDue: true });
  const [, retried, next] = posts();
  expect(JSON.stringify(retried)).toContain('Pentagon drafts options for strikes on cartels inside Mexico');
  expect(next).toBeDefined();
  expect(next!.thread_ts).toBeUndefined();
  expect(JSON.stringify(next)).toContain('Pentagon drafts options for strikes on cartels in Mexico, officials say');
  expect(JSON.stringify(next)).toContain('Associated Press');
  expect(JSON.stringify(next)).not.toContain('Also reported by');
  expect(posts()).toHaveLength(3);
}, 30_000);
