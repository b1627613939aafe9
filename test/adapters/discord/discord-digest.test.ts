/**
 * A digest posted by the real Discord adapter (discord.js REST) to the Discord stand-in: within the
 * embed limits whatever its size (10 embeds, 4096 in a description, 6000 in the message), the rest
 * counted in "… and N more", hostile headlines and outlet names escaped and no mention allowed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/adapters/discord/index.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { CHANNEL_ID, startDiscordStandIn, type DiscordStandIn } from '../../helpers/discord-stand-in.ts';
import { hostileDigest } from '../../digest/hostile-digest.ts';

interface Embed { title?: string; description?: string; footer?: { text: string }; fields?: Array<{ name: string; value: string }> }

function embedChars(embeds: Embed[]): number {
  return embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
    + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0), 0);
}

describe('Discord digest', () => {
  let discord: DiscordStandIn;
  let adapter: DiscordAdapter;

  beforeEach(async () => {
    discord = await startDiscordStandIn();
    adapter = createDiscordAdapter({
      token: 'discord-test-token.0001.abcdef', apiUrl: discord.apiUrl,
      runCommand: async () => ({ ok: true, ephemeral: true, blocks: [], text: '' }),
      channelFor: () => 'newsroom', suggest: async () => [], adminRoles: [], maxRateLimitWaitMs: 5_000, logger: silentLogger(),
    });
  });
  afterEach(async () => {
    await adapter.stop();
    await discord.close();
  });

  it('posts a digest of many hostile stories within the embed limits, counting what does not fit', async () => {
    const id = await adapter.postDigest(CHANNEL_ID, hostileDigest(40, 25));
    const [post] = discord.posts(CHANNEL_ID);
    expect(post!.id).toBe(id);
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    const embeds = post!.body.embeds as Embed[];
    expect(embeds.length).toBeGreaterThan(0);
    expect(embeds.length).toBeLessThanOrEqual(10);
    expect(embedChars(embeds)).toBeLessThanOrEqual(6_000);
    const [embed] = embeds;
    expect(embed!.title).toBe('Top stories, last 24h');
    expect(embed!.description!.length).toBeLessThanOrEqual(4_096);
    expect(embed!.footer!.text).toBe('Radar digest · 65 stories · 20 alerts held during quiet hours');
    // As many stories as fit, in rank order, then the count of the rest (stories not shown plus the 25 left out).
    const lines = embed!.description!.split('\n');
    const shown = lines.filter((l) => /^\*\*\d+\.\*\* /.test(l)).length;
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThan(40);
    expect(lines.at(-1)).toBe(`… and ${40 - shown + 25} more`);
    expect(lines[0]).toMatch(/^\*\*1\.\*\* \[1 @\u200beveryone \\<!channel\\> \\<@U999\\> \\<@&123\\> \\\*\\\*bold\\\*\\\*/);
    expect(lines[0]).toContain('](<https://wire.example/story-1?a=1&b=%282%29|x%3Ey>)');
    expect(lines[1]).toBe('Wire \\<@456\\> Service 1, @\u200bhere Diario \\_MX\\_, El Universal, Reuters +5 · 9 outlets · ES, EN · score 0.99');
    expect(lines[3]).toMatch(/ · held in quiet hours$/);
    const json = JSON.stringify(post!.body);
    for (const hostile of ['@everyone', '@here', '<@&123>', '<@456>', '**bold**', '[evil](', 'javascript:']) expect(json).not.toContain(hostile);
  });

  it('posts an empty window as a short digest', async () => {
    await adapter.postDigest(CHANNEL_ID, { ...hostileDigest(0), held: 0 });
    const embed = (discord.posts(CHANNEL_ID)[0]!.body.embeds as Embed[])[0]!;
    expect(embed.title).toBe('Top stories, last 24h');
    expect(embed.description).toBeUndefined();
    expect(embed.footer!.text).toBe('Radar digest · No stories alerted this channel in this window.');
  });
});
