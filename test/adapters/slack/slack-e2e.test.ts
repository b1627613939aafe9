/**
 * Radar with Slack, end to end through real parts: feeds on a local HTTP server → the real pipeline →
 * the real @slack/bolt → a local Slack stand-in; `/radar` over Socket Mode answered by the real
 * command core over the real store. Same answers as `radar cmd` (the core is shared).
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../../helpers/feed-server.ts';
import { startTestRadar, type TestFeed, type TestRadar, stopTestRadar } from '../../helpers/radar.ts';
import { startSlackStandIn, waitFor, type SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { expectValidBlocks } from './block-kit-checks.ts';
import { freePort } from '../../helpers/free-port.ts';

const ADMIN = 'UADMIN1';
const TOKENS = { SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0001', SLACK_APP_TOKEN: 'xapp-test-app-token-0001' };

const STORY: FeedEntrySpec = {
  title: 'Pentagon drafts options for strikes on cartels inside Mexico <!channel> @here',
  link: 'https://wire.example/pentagon',
  description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel. <@U999> <https://evil.example|your bank>',
  pubDate: new Date(Date.now() - 60_000),
};

/** Every subcommand once, with what its answer says over the real command core. */
const EVERY_SUBCOMMAND: Array<[string, RegExp]> = [
  ['help', /\/radar search/],
  ['search fentanyl', /Pentagon drafts options/],
  ['top 7d', /Top stories, last 7d/],
  ['digest 7d', /Digest, last 7d\s+1 story, by score and breadth of coverage\s+• 1\. Pentagon drafts options/],
  ['watch add Harfuch', /Added watch term Harfuch/],
  ['watch list', /Harfuch/],
  ['watch remove Harfuch', /Removed watch term Harfuch/],
  ['mute add béisbol', /Added mute term béisbol/],
  ['mute list', /béisbol/],
  ['mute remove béisbol', /Removed mute term/],
  ['threshold', /alerts at score 0\.50/],
  ['threshold 0.55', /Threshold set to 0\.55/],
  ['topics', /cartel-sovereignty/],
  ['subscribe cartel-sovereignty', /already follows/],
  ['unsubscribe cartel-sovereignty', /at least one topic/],
  ['feeds', /1 feeds, 0 failing/],
  ['explain https://wire.example/pentagon', /Score for cartel-sovereignty/],
  ['status', /Alerts today \(UTC\): 1/],
];

/**
 * Runs mrkdwn would format: `*…*`, `_…_`, `~…~` opened and closed at word boundaries, `` `…` `` and
 * ``` blocks.
 * @see https://docs.slack.dev/messaging/formatting-message-text#basic-formatting
 */
function liveRuns(text: string): string[] {
  const runs: string[] = [];
  for (const mark of ['\\*', '_', '~']) {
    const run = new RegExp(`(?<![\\p{L}\\p{N}])${mark}(?=\\S)[^\\n]*?(?<=\\S)${mark}(?![\\p{L}\\p{N}])`, 'gu');
    runs.push(...(text.match(run) ?? []));
  }
  return [...runs, ...(text.match(/`[^`\n]+`|```/g) ?? [])];
}

describe('Radar on Slack', () => {
  let server: FeedServer;
  let slack: SlackStandIn;
  let test: TestRadar | null = null;
  let feeds: TestFeed[];

  async function command(text: string, userId = ADMIN, channelId = 'C0NEWS') {
    const { responseUrl } = slack.pushSlashCommand({ text, userId, channelId });
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const response = await waitFor(() => slack.responses.find((r) => r.id === id), 5_000);
    return response.body as { text: string; response_type?: string; blocks: unknown[] };
  }
  const posts = () => slack.callsTo('chat.postMessage').map((c) => c.body);

  beforeEach(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }), { etag: '"w1"' });
    feeds = [{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }];
    test = await startTestRadar(feeds, {
      env: { ...TOKENS, SLACK_API_URL: slack.apiUrl },
      channelsYaml: '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }',
      extraYaml: `slack: { adminUsers: [${ADMIN}] }\nstories: { followUpEvery: 1s }`,
    });
    await test.radar.start();
    await slack.connected();
  });
  afterEach(async () => {
    await stopTestRadar(test, slack, server);
    test = null;
  });

  it('posts an alert as inert Block Kit, and a follow-up of the same story in its thread', async () => {
    const alert = await waitFor(() => posts()[0], 8_000);
    expect(alert.channel).toBe('C0NEWS');
    expectValidBlocks(alert.blocks);
    const json = JSON.stringify(alert);
    expect(json).toContain('Pentagon drafts options for strikes on cartels inside Mexico');
    expect(json).toContain('Wire Service');
    expect(json).toMatch(/score 0\.\d\d|score 1\.00/);
    for (const hostile of ['<!channel>', '<!here>', '<@U999>', '<https://evil.example|']) expect(json).not.toContain(hostile);
    expect(slack.callsTo('chat.postMessage')[0]!.token).toBe(TOKENS.SLACK_BOT_TOKEN);

    server.serve('/press.xml', rssFeed({ title: 'Press', items: [{ ...STORY, title: 'Pentagon drafts options for strikes on cartels in Mexico, officials say', link: 'https://press.example/pentagon-cartels' }] }));
    await test!.radar.store.addFeed({ id: 'press', url: server.url('/press.xml'), name: 'Associated Press', origin: 'config' });
    await test!.radar.pollOnce({ onlyDue: true });
    const followUp = await waitFor(() => posts().find((p) => p.thread_ts), 10_000);
    // The stand-in answers the n-th post with ts 1700000000+n: the follow-up threads under the first.
    expect(followUp.thread_ts).toBe('1700000001.000100');
    expect(followUp.channel).toBe('C0NEWS');
    expect(JSON.stringify(followUp)).toContain('Associated Press');
    expect(posts().filter((p) => !p.thread_ts)).toHaveLength(1);
  }, 30_000);

  it('posts feed text with mrkdwn formatting characters as text, and shows the item language', async () => {
    await waitFor(() => posts()[0], 8_000);
    server.serve('/diario.xml', rssFeed({
      title: 'Diario',
      language: 'es',
      items: [{
        title: '*URGENTE* Sheinbaum _rechaza_ ~injerencia~ de EE.UU. tras designar al `CJNG` como terrorista',
        link: 'https://diario.example/urgente',
        description: 'La presidenta dijo: ```soberanía``` *no se negocia* ante la Casa Blanca y el _Departamento de Estado_.',
        pubDate: new Date(Date.now() - 30_000),
      }],
    }));
    await test!.radar.store.addFeed({ id: 'diario', url: server.url('/diario.xml'), name: 'Diario MX', origin: 'config' });
    await test!.radar.pollOnce({ onlyDue: true });
    const alert = await waitFor(() => posts().find((p) => JSON.stringify(p).includes('URGENTE')), 10_000);
    expectValidBlocks(alert.blocks);

    // Text blocks only: the feedback buttons' labels are Radar's own plain text.
    const blocks = (alert.blocks as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>).filter((b) => b.type !== 'actions');
    const texts = [alert.text as string, ...blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)])];
    for (const text of texts) {
      // Radar's own bold around the headline link is the one run allowed.
      expect(liveRuns(text.replace(/^\*(<[^>]*>)\*$/, '$1')), text).toEqual([]);
    }
    const json = JSON.stringify(alert);
    for (const word of ['URGENTE', 'Sheinbaum', 'rechaza', 'injerencia', 'CJNG', 'soberanía', 'no se negocia', 'Departamento de Estado']) expect(json).toContain(word);
    // The language beside the outlet: ES here, EN on the wire's alert.
    expect(blocks[1]!.elements![0]!.text).toMatch(/^Diario MX · ES · /);
    expect((posts()[0]!.blocks as typeof blocks)[1]!.elements![0]!.text).toMatch(/^Wire Service · EN · /);
  }, 30_000);

  it('answers every /radar subcommand over Socket Mode with the real command core', async () => {
    await waitFor(() => posts()[0], 8_000);
    for (const [text, expected] of EVERY_SUBCOMMAND) {
      const body = await command(text);
      expect(body.text, text).toMatch(expected);
      expect(body.response_type ?? 'ephemeral', text).toBe('ephemeral');
      expectValidBlocks(body.blocks);
    }
    expect((await command('search pentagon share')).response_type).toBe('in_channel');
    const bad = await command('threshold 7');
    expect(bad.text).toContain('Usage: /radar threshold');
  }, 30_000);

  it('refuses a non-admin a mutating command, and watch terms change what alerts', async () => {
    await waitFor(() => posts()[0], 8_000);
    const refused = await command('watch add bakery', 'U0STRANGER');
    expect(refused.text).toContain('Only Radar admins');
    expect((await command('watch list', 'U0STRANGER')).text).toContain('No watch terms');

    expect((await command('watch add bakery')).text).toContain('Added watch term bakery');
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [{ title: 'Main Street bakery wins national award', link: 'https://wire.example/bakery', pubDate: new Date() }, STORY] }), { etag: '"w2"' });
    await test!.radar.pollOnce();
    const watched = await waitFor(() => posts().find((p) => JSON.stringify(p).includes('bakery wins')), 5_000);
    expect(JSON.stringify(watched)).toMatch(/watch: bakery|bakery/);
    expect(posts()).toHaveLength(2);
  }, 30_000);
});

describe('Radar on Slack over the HTTP receiver', () => {
  const SECRET = 'e2e-signing-secret-0001';
  let server: FeedServer;
  let slack: SlackStandIn;
  let test: TestRadar | null = null;
  let port: number;


  async function command(text: string, timestamp = Math.floor(Date.now() / 1000)) {
    const { form, responseUrl } = slack.slashCommandForm({ text, userId: ADMIN, channelId: 'C0NEWS' });
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${form}`).digest('hex')}`;
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body: form,
    });
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    return { status: res.status, id };
  }
  const answer = async (id: string) => (await waitFor(() => slack.responses.find((r) => r.id === id), 5_000)).body as { text: string; response_type?: string; blocks: unknown[] };

  beforeEach(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    port = await freePort();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }), { etag: '"w1"' });
    test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
      env: { SLACK_BOT_TOKEN: TOKENS.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, PORT: String(port), SLACK_API_URL: slack.apiUrl },
      channelsYaml: '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }',
      extraYaml: `slack: { adminUsers: [${ADMIN}] }`,
    });
    await test.radar.start();
  });
  afterEach(async () => {
    await stopTestRadar(test, slack, server);
    test = null;
  });

  it('answers every /radar subcommand sent as a correctly signed request; a stale one gets 401', async () => {
    await waitFor(() => slack.callsTo('chat.postMessage')[0], 8_000);
    for (const [text, expected] of EVERY_SUBCOMMAND) {
      const { status, id } = await command(text);
      expect(status, text).toBe(200);
      const body = await answer(id);
      expect(body.text, text).toMatch(expected);
      expectValidBlocks(body.blocks);
    }
    const stale = await command('threshold 0.1', Math.floor(Date.now() / 1000) - 6 * 60);
    expect(stale.status).toBe(401);
    const { id } = await command('threshold');
    expect((await answer(id)).text).toContain('0.55'); // the stale request changed nothing
  }, 30_000);
});
