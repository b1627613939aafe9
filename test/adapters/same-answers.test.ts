/**
 * Slack and Discord give the same answer to the same command: one Radar, one store, one Radar
 * channel reached from a Slack channel (through the real @slack/bolt over Socket Mode) and from a
 * Discord channel (through the real discord.js over the gateway). A change made from one platform
 * shows up in the other's answers; for every command both adapters receive the identical neutral
 * Reply from the command core, and each renders every part of it for the reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/index.ts';
import { createSlackAdapter } from '../../src/adapters/slack/index.ts';
import type { Radar } from '../../src/app.ts';
import type { CommandRequest, Reply } from '../../src/commands/types.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { CHANNEL_ID, PERMISSIONS, startDiscordStandIn, type DiscordStandIn, type InteractionInput } from '../helpers/discord-stand-in.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestRadar } from '../helpers/radar.ts';
import { startSlackStandIn, waitFor, type SlackStandIn } from '../helpers/slack-stand-in.ts';
import { interact } from './discord/interactions.ts';

const NOW = Date.now();
const SLACK_ADMIN = 'UADMIN1';
const SLACK_CHANNEL = 'C0NEWS';

/** Every string of a Reply a reader must see, whitespace folded. */
function parts(reply: Reply): string[] {
  return reply.blocks.flatMap((b) => {
    switch (b.type) {
      case 'heading':
      case 'text':
        return [b.text];
      case 'item':
        return [b.title, b.meta, ...(b.detail ? [b.detail] : [])];
      case 'fields':
        return b.fields.flatMap((f) => [f.label, f.value]);
    }
  }).map(fold);
}

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Slack blocks as a reader sees them: entities decoded, `<url|label>` shown as the label. */
function slackVisible(blocks: unknown): string {
  const texts: string[] = [];
  JSON.stringify(blocks, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') texts.push(value);
    return value;
  });
  return fold(texts.join('\n').replace(/<[^|>]+\|([^>]*)>/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/** Discord embeds as a reader sees them: markdown escapes removed, `[label](<url>)` shown as the label. */
function discordVisible(embeds: unknown): string {
  const texts: string[] = [];
  for (const e of (embeds ?? []) as Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }> }>) {
    texts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]));
  }
  return fold(texts.join('\n').replace(/\[((?:\\.|[^\]\\])*)\]\(<[^>]*>\)/g, '$1').replace(/\\(.)/g, '$1').replace(/\u200b/g, ''));
}

describe('the same answer on Slack and Discord', () => {
  let server: FeedServer;
  let slack: SlackStandIn;
  let discord: DiscordStandIn;
  let test: TestRadar;
  const replies: Array<{ request: CommandRequest; reply: Reply }> = [];
  let radar: Radar | null = null;
  const record = async (request: CommandRequest) => {
    const reply = await radar!.runCommand(request);
    replies.push({ request, reply });
    return reply;
  };

  beforeAll(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    discord = await startDiscordStandIn();
    server.serve('/wire.xml', rssFeed({
      title: 'Wire',
      items: [
        { title: 'Guardia Nacional deployed to Sinaloa after cartel clashes', link: 'https://wire.example/guardia', description: 'The Guardia Nacional sent troops to Culiacán after fighting between Sinaloa Cartel factions.', pubDate: new Date(NOW - 3_600_000) },
        { title: 'Pentagon drafts options for strikes on cartels inside Mexico', link: 'https://wire.example/pentagon', description: 'Officials said plans include drone strikes on fentanyl labs.', pubDate: new Date(NOW - 60_000) },
      ],
    }));
    const logger = silentLogger();
    const slackAdapter = createSlackAdapter({
      botToken: 'xoxb-same-answers-0001', appToken: 'xapp-same-answers-0001', apiUrl: slack.apiUrl,
      adminUsers: [SLACK_ADMIN], adminGroups: [], runCommand: record,
      channelFor: (id) => (id === SLACK_CHANNEL ? 'newsroom' : null), logger,
    });
    const discordAdapter = createDiscordAdapter({
      token: 'discord-same-answers.0001', apiUrl: discord.apiUrl, adminRoles: [], runCommand: record,
      channelFor: (id) => (id === CHANNEL_ID ? 'newsroom' : null), suggest: async () => [], logger,
    });
    test = await startTestRadar([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], {
      adapters: [slackAdapter, discordAdapter],
      clock: () => NOW,
    });
    radar = test.radar;
    await radar.pollOnce();
    await radar.start();
    await slack.connected();
    await discord.connected();
  }, 20_000);
  afterAll(async () => {
    await test.radar.stop();
    test.cleanup();
    await slack.close();
    await discord.close();
    await server.close();
  });

  async function onSlack(text: string, userId = SLACK_ADMIN): Promise<{ reply: Reply; visible: string; ephemeral: boolean }> {
    const before = replies.length;
    const { responseUrl } = slack.pushSlashCommand({ text, userId, channelId: SLACK_CHANNEL });
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const response = await waitFor(() => slack.responses.find((r) => r.id === id), 5_000);
    const body = response.body as { blocks: unknown; response_type?: string };
    return { reply: replies[before]!.reply, visible: slackVisible(body.blocks), ephemeral: (body.response_type ?? 'ephemeral') === 'ephemeral' };
  }

  async function onDiscord(command: string, options: InteractionInput['options'] = {}, admin = true): Promise<{ reply: Reply; visible: string; ephemeral: boolean }> {
    const before = replies.length;
    const answer = await interact(discord, { command, options, permissions: PERMISSIONS.viewAndSend | (admin ? PERMISSIONS.manageChannels : 0n) });
    return { reply: replies[before]!.reply, visible: discordVisible(answer.message.embeds), ephemeral: answer.ephemeral };
  }

  function expectSame(a: Awaited<ReturnType<typeof onSlack>>, b: Awaited<ReturnType<typeof onSlack>>, label: string) {
    expect(b.reply, label).toEqual(a.reply);
    expect(b.ephemeral, label).toBe(a.ephemeral);
    for (const part of parts(a.reply)) {
      expect(a.visible, `${label} on Slack`).toContain(part);
      expect(b.visible, `${label} on Discord`).toContain(part);
    }
  }

  it('a watch term added on Slack is listed the same on both, and queries answer alike', async () => {
    const added = await onSlack('watch add "guardia nacional"');
    expect(added.reply.text).toContain('Added watch term "guardia nacional"');
    expect(replies.at(-1)!.request.isAdmin).toBe(true);

    const pairs: Array<[string, string, InteractionInput['options']]> = [
      ['watch list', 'watch list', {}],
      ['search guardia', 'search', { query: 'guardia' }],
      ['search pentagon since:3d lang:en', 'search', { query: 'pentagon', since: '3d', lang: 'en' }],
      ['top 7d', 'top', { window: '7d' }],
      ['status', 'status', {}],
      ['threshold', 'threshold', {}],
      ['topics', 'topics', {}],
      ['feeds', 'feeds list', {}],
      ['explain https://wire.example/guardia', 'explain', { link: 'https://wire.example/guardia' }],
      ['help', 'help', {}],
      ['subscribe nonexistent', 'subscribe', { topic: 'nonexistent' }],
    ];
    const seen = new Map<string, string>();
    for (const [slackText, command, options] of pairs) {
      const onBoth = await onSlack(slackText);
      expectSame(onBoth, await onDiscord(command, options), slackText);
      seen.set(slackText, onBoth.reply.text);
    }
    expect(seen.get('search guardia')).toContain('Guardia Nacional deployed to Sinaloa');
    expect(seen.get('status')).toContain('Items today (UTC): 2');
    expect(seen.get('explain https://wire.example/guardia')).toContain('Score for cartel-sovereignty');
    expect(seen.get('subscribe nonexistent')).toContain('unknown topic');
    const listed = await onDiscord('watch list');
    expect(listed.visible).toContain('"guardia nacional"');
  }, 30_000);

  it('a change made on Discord shows on Slack, and both refuse a non-admin alike', async () => {
    const removed = await onDiscord('watch remove', { term: '"guardia nacional"' });
    expect(removed.reply.text).toContain('Removed watch term');
    expect((await onSlack('watch list')).reply.text).toContain('No watch terms');
    expectSame(await onSlack('threshold 0.7', 'U0STRANGER'), await onDiscord('threshold', { value: 0.7 }, false), 'threshold 0.7 by a non-admin');
    expectSame(await onSlack('watch list'), await onDiscord('watch list'), 'watch list after removal');
  }, 30_000);
});
