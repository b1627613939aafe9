import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError } from '../../../src/adapters/adapter.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../src/adapters/slack/index.ts';
import type { Reply } from '../../../src/commands/types.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import type { AlertPayload, FollowUpPayload } from '../../../src/shared/alert.ts';
import { startSlackStandIn, type SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { expectInert, expectValidBlocks, mrkdwnStrings } from './block-kit-checks.ts';

function alert(overrides: Partial<AlertPayload> = {}): AlertPayload {
  return {
    itemKey: 'feed-1:item-1',
    title: 'Sheinbaum anuncia reforma a la Guardia Nacional',
    url: 'https://news.example/mx/guardia?id=1&lang=es',
    source: 'El Universal',
    publishedAt: Date.UTC(2024, 5, 1, 14, 30),
    summary: 'La presidenta presentó la iniciativa ante el Congreso.',
    lang: 'es',
    topicId: 'security-mx',
    score: 0.8234,
    matched: ['guardia nacional', 'reforma'],
    watchMatched: ['sheinbaum'],
    ...overrides,
  };
}

function followUp(overrides: Partial<FollowUpPayload> = {}): FollowUpPayload {
  return {
    storyId: 1,
    storyTitle: 'Sheinbaum anuncia reforma a la Guardia Nacional',
    reports: [
      { source: 'Reuters', title: 'Mexico president unveils National Guard reform', url: 'https://reuters.example/a', publishedAt: Date.UTC(2024, 5, 1, 15) },
      { source: 'AP', title: 'Mexico moves Guard under army', url: 'https://ap.example/b', publishedAt: Date.UTC(2024, 5, 1, 16) },
    ],
    ...overrides,
  };
}

const noCommands = async (): Promise<Reply> => ({ ok: true, ephemeral: true, blocks: [], text: '' });

describe('slack adapter: posting alerts and follow-ups (real Bolt against a local stand-in)', () => {
  let standIn: SlackStandIn;
  let adapter: SlackAdapter;

  function create(overrides: Partial<SlackAdapterOptions> = {}): SlackAdapter {
    return createSlackAdapter({
      botToken: 'xoxb-test',
      signingSecret: 'not-used-here',
      apiUrl: standIn.apiUrl,
      runCommand: noCommands,
      channelFor: () => 'newsroom',
      adminUsers: [],
      adminGroups: [],
      logger: silentLogger(),
      ...overrides,
    });
  }

  beforeEach(async () => {
    standIn = await startSlackStandIn();
    adapter = create();
  });

  afterEach(async () => {
    await adapter.stop();
    await standIn.close();
  });

  it('posts an alert as valid Block Kit with a linked title, context line, summary and fallback text', async () => {
    const ts = await adapter.post('C0001', alert());
    expect(ts).toMatch(/^\d+\.\d+$/);

    const [call] = standIn.callsTo('chat.postMessage');
    expect(call?.token).toBe('xoxb-test');
    const body = call!.body;
    expect(body.channel).toBe('C0001');
    expect(String(body.unfurl_links)).toBe('false');
    expect(body.thread_ts).toBeUndefined();
    expect(String(body.text)).toContain('Sheinbaum anuncia reforma');
    expect(String(body.text)).toContain('El Universal');

    const blocks = expectValidBlocks(body.blocks);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context', 'section']);
    const title = (blocks[0]!.text as { text: string }).text;
    expect(title).toBe('*<https://news.example/mx/guardia?id=1&amp;lang=es|Sheinbaum anuncia reforma a la Guardia Nacional>*');
    const meta = ((blocks[1]!.elements as Array<{ text: string }>)[0])!.text;
    expect(meta).toContain('El Universal');
    expect(meta).toContain(`<!date^${Date.UTC(2024, 5, 1, 14, 30) / 1000}^`);
    expect(meta).toContain('score 0.82');
    expect(meta).toContain('matched: guardia nacional, reforma');
    expect(meta).toContain('watch: sheinbaum');
    expect((blocks[2]!.text as { text: string }).text).toBe('La presidenta presentó la iniciativa ante el Congreso.');
  });

  it('posts a follow-up in the thread of the alert, with the reports as links', async () => {
    const ts = await adapter.post('C0001', alert());
    const replyTs = await adapter.reply('C0001', ts, followUp());
    expect(replyTs).not.toBe(ts);

    const [, call] = standIn.callsTo('chat.postMessage');
    expect(call!.body.thread_ts).toBe(ts);
    expect(call!.body.channel).toBe('C0001');
    expect(String(call!.body.text)).toContain('Also reported by Reuters, AP');
    const blocks = expectValidBlocks(call!.body.blocks);
    const all = blocks.map((b) => (b.text as { text: string } | undefined)?.text ?? '').join('\n');
    expect(all).toContain('Also reported by Reuters, AP');
    expect(all).toContain('<https://reuters.example/a|Mexico president unveils National Guard reform>');
    expect(all).toContain('<https://ap.example/b|Mexico moves Guard under army>');
  });

  it('posts a follow-up to the channel when the alert has no message id', async () => {
    await adapter.reply('C0001', null, followUp());
    const [call] = standIn.callsTo('chat.postMessage');
    expect(call!.body.thread_ts).toBeUndefined();
    expectValidBlocks(call!.body.blocks);
  });

  it('renders hostile item text inert: no mentions, no disguised links, no javascript: links', async () => {
    const hostile = '<!channel> <!here> @here @channel <@U123> <!subteam^S123|editors> <https://evil.example|bank> & <#C999>';
    await adapter.post('C0001', alert({
      title: `Breaking ${hostile}`,
      url: 'javascript:alert(document.cookie)',
      source: `Outlet <!everyone>`,
      summary: `Summary ${hostile}\u0007\u202e`,
      matched: ['<!here>', 'term'],
      watchMatched: ['<@U999>'],
    }));
    await adapter.reply('C0001', null, followUp({
      storyTitle: hostile,
      reports: [{ source: '<!channel>', title: hostile, url: 'https://ok.example/x|<!here>>y', publishedAt: 0 }],
    }));

    for (const call of standIn.callsTo('chat.postMessage')) {
      expectValidBlocks(call.body.blocks);
      const strings = mrkdwnStrings(call.body);
      expectInert(strings);
      const joined = strings.join('\n');
      expect(joined).not.toContain('javascript:');
      expect(joined).not.toMatch(/[\u0007\u202e]/);
      expect(joined).toContain('&lt;!channel&gt;');
      expect(joined).toContain('&lt;https://evil.example|bank&gt;');
    }
    const [, followUpCall] = standIn.callsTo('chat.postMessage');
    expect(JSON.stringify(followUpCall!.body.blocks)).toContain('<https://ok.example/x%7C%3C!here%3E%3Ey|');
  });

  it('cuts oversized text to Slack limits instead of failing', async () => {
    await adapter.post('C0001', alert({
      title: 'R&D <b> '.repeat(2000),
      summary: 'Lorem ipsum & dolor. '.repeat(1000),
      source: 'S'.repeat(500),
      matched: Array.from({ length: 200 }, (_, i) => `term-${i}-${'x'.repeat(100)}`),
    }));
    const reports = Array.from({ length: 600 }, (_, i) => ({
      source: `Outlet ${i}`,
      title: `Report ${i} ${'&'.repeat(400)}`,
      url: `https://example.com/${i}/${'p'.repeat(1500)}`,
      publishedAt: i,
    }));
    await adapter.reply('C0001', null, followUp({ storyTitle: 'T'.repeat(5000), reports }));

    const [alertCall, followCall] = standIn.callsTo('chat.postMessage');
    const alertBlocks = expectValidBlocks(alertCall!.body.blocks);
    expect((alertBlocks[0]!.text as { text: string }).text).toContain('…');
    expect(String(alertCall!.body.text).length).toBeLessThanOrEqual(3000);
    const followBlocks = expectValidBlocks(followCall!.body.blocks);
    expect(followBlocks).toHaveLength(50);
    expect(((followBlocks[49]!.elements as Array<{ text: string }>)[0])!.text).toMatch(/^… and \d+ more$/);
    expectInert(mrkdwnStrings(alertCall!.body));
    expectInert(mrkdwnStrings(followCall!.body));
  });

  it('reports a rate limit as a retryable AdapterError with Retry-After, without retrying itself', async () => {
    standIn.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    const error = await adapter.post('C0001', alert()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).permanent).toBeFalsy();
    expect((error as AdapterError).retryAfterMs).toBe(7000);
    expect((error as AdapterError).code).toBe('adapter_rate_limited');
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('reports a 429 without a usable Retry-After as retryable, with no hint', async () => {
    standIn.failNext('chat.postMessage', { status: 429, body: { ok: false, error: 'ratelimited' } });
    const error = await adapter.post('C0001', alert()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).permanent).toBeFalsy();
    expect((error as AdapterError).retryAfterMs).toBeNull();
    expect((error as AdapterError).code).toBe('adapter_rate_limited');
  });

  it('reports ok:false ratelimited with Retry-After as retryable', async () => {
    standIn.failNext('chat.postMessage', { headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });
    const error = await adapter.post('C0001', alert()).catch((e: unknown) => e);
    expect((error as AdapterError).permanent).toBeFalsy();
    expect((error as AdapterError).retryAfterMs).toBe(3000);
    expect((error as AdapterError).code).toBe('adapter_rate_limited');
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'token_revoked', 'missing_scope'])(
    'reports %s as a permanent AdapterError',
    async (code) => {
      standIn.failNext('chat.postMessage', { body: { ok: false, error: code } });
      const error = await adapter.post('C0001', alert()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AdapterError);
      expect((error as AdapterError).permanent).toBe(true);
      expect((error as AdapterError).message).toContain(code);
      expect((error as AdapterError).code).toBe('adapter_failed');
    },
  );

  it('reports 5xx and network errors as retryable AdapterErrors', async () => {
    standIn.failNext('chat.postMessage', { status: 503, body: { ok: false } });
    const serverError = await adapter.reply('C0001', '1.2', followUp()).catch((e: unknown) => e);
    expect(serverError).toBeInstanceOf(AdapterError);
    expect((serverError as AdapterError).permanent).toBeFalsy();
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);

    const closed = await startSlackStandIn();
    await closed.close();
    const unreachable = create({ apiUrl: closed.apiUrl });
    const networkError = await unreachable.post('C0001', alert()).catch((e: unknown) => e);
    expect(networkError).toBeInstanceOf(AdapterError);
    expect((networkError as AdapterError).permanent).toBeFalsy();
  });

  it('requires an app token or a signing secret', () => {
    expect(() => create({ signingSecret: undefined, appToken: undefined })).toThrow(/app token .* signing secret/);
  });
});
