/**
 * Feedback buttons on Slack, end to end through real parts: feeds on a local HTTP server → the real
 * pipeline → the real @slack/bolt → the local Slack stand-in, whose button clicks come back over
 * Socket Mode (and, signed, over the HTTP receiver) to the real feedback core and store.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLog, type CapturedLog } from '../../helpers/capture-log.ts';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../../helpers/feed-server.ts';
import { startTestRadar, type TestRadar, stopTestRadar } from '../../helpers/radar.ts';
import { startSlackStandIn, waitFor, type ActionInput, type SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { expectValidBlocks } from './block-kit-checks.ts';
import { freePort } from '../../helpers/free-port.ts';

const TOKENS = { SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0001', SLACK_APP_TOKEN: 'xapp-test-app-token-0001' };
const CHANNELS = [
  '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }',
  '  - { id: desk, adapter: slack, target: C0DESK, topics: [cartel-sovereignty] }',
].join('\n');

const STORY: FeedEntrySpec = {
  title: 'Pentagon drafts options for strikes on cartels inside Mexico <!channel>',
  link: 'https://wire.example/pentagon',
  description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel. <@U999>',
  pubDate: new Date(Date.now() - 60_000),
};

interface Response { text: string; response_type?: string; replace_original?: boolean }
type Json = Record<string, unknown>;

/** The feedback buttons of a posted alert: label, action id, value. */
function buttons(post: Json): Array<{ label: string; actionId: string; value: string }> {
  const block = (post.blocks as Json[]).find((b) => b.type === 'actions');
  return ((block?.elements as Json[] | undefined) ?? []).map((e) => ({ label: String((e.text as Json).text), actionId: String(e.action_id), value: String(e.value) }));
}


describe('feedback buttons on Slack (Socket Mode)', () => {
  let server: FeedServer;
  let slack: SlackStandIn;
  let test: TestRadar | null = null;
  let log: CapturedLog;

  const posts = () => slack.callsTo('chat.postMessage').map((c) => c.body);
  const alertIn = (channel: string) => waitFor(() => posts().find((p) => p.channel === channel && !p.thread_ts), 8_000);
  async function click(input: ActionInput): Promise<Response> {
    const { envelopeId, responseUrl } = slack.pushAction(input);
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const response = await waitFor(() => slack.responses.find((r) => r.id === id), 5_000);
    expect(slack.acks.some((a) => a.envelope_id === envelopeId)).toBe(true);
    return response.body as unknown as Response;
  }
  const votes = async (channel = 'newsroom') => (await test!.radar.store.channelVotes(channel)).map((v) => [v.person, v.vote]);

  beforeEach(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    log = captureLog();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }), { etag: '"w1"' });
    test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
      env: { ...TOKENS, SLACK_API_URL: slack.apiUrl },
      channelsYaml: CHANNELS,
      extraYaml: 'slack: { teamId: T0001 }\nstories: { followUpEvery: 1s }',
      logger: log.logger,
    });
    await test.radar.start();
    await slack.connected();
  });
  afterEach(async () => {
    await stopTestRadar(test, slack, server);
    test = null;
  });

  it('puts three buttons under an alert whose values are only the alert\'s reference', async () => {
    const alert = await alertIn('C0NEWS');
    expectValidBlocks(alert.blocks);
    const found = buttons(alert);
    expect(found.map((b) => [b.label, b.actionId])).toEqual([
      ['Relevant', 'radar_feedback_good'], ['Not for us', 'radar_feedback_bad'], ['Mute this story', 'radar_feedback_mute'],
    ]);
    expect(new Set(found.map((b) => b.value)).size).toBe(1);
    expect(found[0]!.value).toMatch(/^\d+$/);
    // Each channel's alert has its own reference.
    expect(buttons(await alertIn('C0DESK'))[0]!.value).not.toBe(found[0]!.value);
  }, 30_000);

  it('acknowledges a click, answers the clicker alone, and keeps one vote per person: a second click changes it, a replay changes nothing', async () => {
    const ref = buttons(await alertIn('C0NEWS'))[0]!.value;
    const first = slack.pushAction({ actionId: 'radar_feedback_good', value: ref, channelId: 'C0NEWS', userId: 'U0001' });
    const firstAnswer = await waitFor(() => slack.responses.find((r) => first.responseUrl.endsWith(`/${r.id}`)), 5_000);
    expect(firstAnswer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Noted: more like this in #newsroom.' });
    expect(slack.acks.some((a) => a.envelope_id === first.envelopeId)).toBe(true);
    expect(await votes()).toEqual([['U0001', 'good']]);

    expect((await click({ actionId: 'radar_feedback_bad', value: ref, channelId: 'C0NEWS', userId: 'U0001' })).text).toBe('Noted: fewer items like this in #newsroom.');
    expect((await click({ actionId: 'radar_feedback_bad', value: ref, channelId: 'C0NEWS', userId: 'U0001' })).text).toBe('Already noted: fewer items like this in #newsroom.');
    expect((await click({ actionId: 'radar_feedback_good', value: ref, channelId: 'C0NEWS', userId: 'U0002' })).text).toBe('Noted: more like this in #newsroom.');
    expect(await votes()).toEqual([['U0001', 'bad'], ['U0002', 'good']]);
    // Each vote that changed taught the channel's model (src/learn): one example per person.
    const models = await test!.radar.store.channelModels();
    expect(models.map((m) => [m.channelId, m.model.votes])).toEqual([['newsroom', 2]]);

    // The first click's payload delivered again: acknowledged, and ignored.
    const replay = slack.pushPayload(first.payload);
    await waitFor(() => slack.acks.some((a) => a.envelope_id === replay.envelopeId) && log.lines().some((l) => l.msg === 'feedback click delivered again; ignored'), 5_000);
    expect(await votes()).toEqual([['U0001', 'bad'], ['U0002', 'good']]);
    expect(await votes('desk')).toEqual([]);
  }, 30_000);

  it('refuses a click from another workspace, from another channel, or with a reference it does not know, and records nothing', async () => {
    const ref = buttons(await alertIn('C0NEWS'))[0]!.value;
    const refusals = [
      [{ teamId: 'T0OTHER' }, 'Only members of the workspace Radar serves can give feedback on its alerts: nothing was recorded.'],
      [{ channelId: 'C0DESK' }, 'Radar does not know this alert here: nothing was recorded.'],
      [{ value: '999999' }, 'Radar does not know this alert here: nothing was recorded.'],
      [{ value: `${ref} OR 1=1` }, 'Radar does not know this alert here: nothing was recorded.'],
      [{ value: '' }, 'Radar does not know this alert here: nothing was recorded.'],
      [{ channelId: 'C0NOPE' }, 'Radar is not set up for this channel: nothing was recorded.'],
    ] as const;
    for (const [change, text] of refusals) {
      const answer = await click({ actionId: 'radar_feedback_bad', value: ref, channelId: 'C0NEWS', userId: 'U0001', ...change });
      expect(answer, JSON.stringify(change)).toMatchObject({ response_type: 'ephemeral', text });
    }
    expect(await votes()).toEqual([]);
    expect(await votes('desk')).toEqual([]);
  }, 30_000);

  it('"Mute this story" stops its follow-ups in that channel only', async () => {
    const ref = buttons(await alertIn('C0NEWS'))[0]!.value;
    await alertIn('C0DESK');
    expect((await click({ actionId: 'radar_feedback_mute', value: ref, channelId: 'C0NEWS', userId: 'U0001' })).text).toBe('Muted: no more follow-ups of this story in #newsroom.');
    expect((await click({ actionId: 'radar_feedback_mute', value: ref, channelId: 'C0NEWS', userId: 'U0002' })).text).toBe('Already muted: no more follow-ups of this story in #newsroom.');

    server.serve('/press.xml', rssFeed({ title: 'Press', items: [{ ...STORY, title: 'Pentagon drafts options for strikes on cartels in Mexico, officials say', link: 'https://press.example/pentagon-cartels' }] }));
    await test!.radar.store.addFeed({ id: 'press', url: server.url('/press.xml'), name: 'Associated Press', origin: 'config' });
    await test!.radar.pollOnce({ onlyDue: true });
    const followUp = await waitFor(() => posts().find((p) => p.thread_ts), 10_000);
    expect(followUp.channel).toBe('C0DESK');
    expect(JSON.stringify(followUp)).toContain('Associated Press');
    expect(await test!.radar.store.pendingDeliveries(Date.now() + 3_600_000, 10, 'newsroom')).toEqual([]);
    expect(posts().filter((p) => p.channel === 'C0NEWS')).toHaveLength(1);
  }, 30_000);
});

describe('feedback buttons on Slack (HTTP receiver)', () => {
  const SECRET = 'feedback-signing-secret-0001';
  let server: FeedServer;
  let slack: SlackStandIn;
  let test: TestRadar | null = null;
  let port: number;

  async function post(form: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)) {
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${form}`).digest('hex')}`;
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body: form,
    });
  }

  beforeEach(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    port = await freePort();
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [STORY] }), { etag: '"w1"' });
    test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
      env: { SLACK_BOT_TOKEN: TOKENS.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, PORT: String(port), SLACK_API_URL: slack.apiUrl },
      channelsYaml: CHANNELS,
    });
    await test.radar.start();
  });
  afterEach(async () => {
    await stopTestRadar(test, slack, server);
    test = null;
  });

  it('records a correctly signed click once; a forged, stale, replayed or foreign one changes nothing', async () => {
    const alert = await waitFor(() => slack.callsTo('chat.postMessage').map((c) => c.body).find((p) => p.channel === 'C0NEWS'), 8_000);
    const ref = buttons(alert)[0]!.value;
    const votes = async () => (await test!.radar.store.channelVotes('newsroom')).map((v) => [v.person, v.vote]);

    const forged = slack.actionForm({ actionId: 'radar_feedback_bad', value: ref, channelId: 'C0NEWS', userId: 'U0001' });
    expect((await post(forged.form, 'not-the-secret')).status).toBe(401);
    expect((await post(forged.form, SECRET, Math.floor(Date.now() / 1000) - 6 * 60)).status).toBe(401);
    expect(await votes()).toEqual([]);

    const good = slack.actionForm({ actionId: 'radar_feedback_good', value: ref, channelId: 'C0NEWS', userId: 'U0001' });
    expect((await post(good.form)).status).toBe(200);
    const answer = await waitFor(() => slack.responses.find((r) => good.responseUrl.endsWith(`/${r.id}`)), 5_000);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: 'Noted: more like this in #newsroom.' });
    expect(await votes()).toEqual([['U0001', 'good']]);

    const bad = slack.actionForm({ actionId: 'radar_feedback_bad', value: ref, channelId: 'C0NEWS', userId: 'U0001' });
    expect((await post(bad.form)).status).toBe(200);
    await waitFor(() => slack.responses.find((r) => bad.responseUrl.endsWith(`/${r.id}`)), 5_000);
    // No workspace configured: the bot token's (auth.test) is the one whose members may vote.
    const stranger = slack.actionForm({ actionId: 'radar_feedback_good', value: ref, channelId: 'C0NEWS', userId: 'U0009', teamId: 'T0OTHER' });
    expect((await post(stranger.form)).status).toBe(200);
    const refused = await waitFor(() => slack.responses.find((r) => stranger.responseUrl.endsWith(`/${r.id}`)), 5_000);
    expect(refused.body).toMatchObject({ response_type: 'ephemeral', text: 'Only members of the workspace Radar serves can give feedback on its alerts: nothing was recorded.' });
    expect(slack.callsTo('auth.test').length).toBeGreaterThan(0);

    // The earlier "good" request sent again, freshly signed: its click was handled already.
    expect((await post(good.form)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await votes()).toEqual([['U0001', 'bad']]);
    expect(slack.responses.filter((r) => good.responseUrl.endsWith(`/${r.id}`))).toHaveLength(1);
  }, 30_000);
});
