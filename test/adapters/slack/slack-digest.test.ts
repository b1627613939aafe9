/**
 * A digest posted by the real Slack adapter (@slack/bolt) to the Slack stand-in: within Block Kit's
 * limits whatever its size (50 blocks, 3000 characters per text), the rest counted in "… and N
 * more", and hostile headlines and outlet names inert (no mention, no foreign link, no formatting run).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/index.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { startSlackStandIn, type SlackStandIn } from '../../helpers/slack-stand-in.ts';
import { hostileDigest } from '../../digest/hostile-digest.ts';
import { expectInert, expectValidBlocks, mrkdwnStrings } from './block-kit-checks.ts';

describe('Slack digest', () => {
  let standIn: SlackStandIn;
  let adapter: SlackAdapter;

  beforeEach(async () => {
    standIn = await startSlackStandIn();
    adapter = createSlackAdapter({
      botToken: 'xoxb-test', signingSecret: 'not-used-here', apiUrl: standIn.apiUrl,
      runCommand: async () => ({ ok: true, ephemeral: true, blocks: [], text: '' }),
      channelFor: () => 'newsroom', adminUsers: [], adminGroups: [], logger: silentLogger(),
    });
  });
  afterEach(async () => {
    await adapter.stop();
    await standIn.close();
  });

  const posted = () => standIn.callsTo('chat.postMessage').at(-1)!.body as { text: string; blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }> };

  it('posts a digest of many hostile stories within Block Kit limits, counting what does not fit', async () => {
    await adapter.postDigest('C0NEWS', hostileDigest(40, 25));
    const message = posted();
    const blocks = expectValidBlocks(message.blocks);
    expect(blocks).toHaveLength(43); // header, summary, 40 stories, the closing line
    expect(message.blocks[0]!.text!.text).toBe('Top stories, last 24h');
    expect(message.blocks[1]!.elements![0]!.text).toBe('65 stories · 20 alerts held during quiet hours');
    // All 40 stories of the digest fit; the 25 it left out are counted.
    expect(message.blocks.at(-1)!.elements![0]!.text).toBe('… and 25 more');
    const strings = mrkdwnStrings(message);
    expectInert(strings);
    const json = JSON.stringify(message);
    for (const hostile of ['<!channel>', '<!here>', '<@U999>', '<@456>', '<https://evil.example|', 'javascript:']) expect(json).not.toContain(hostile);
    // Each story: its link, its outlets (escaped), its languages and score; ranked order kept.
    const first = message.blocks[2]!.text!.text;
    expect(first).toMatch(/^1\. \*<https:\/\/wire\.example\/story-1\?a=1&amp;b=\(2\)%7Cx%3Ey\|1 @everyone &lt;!channel&gt;/);
    expect(first).toContain('Wire &lt;@456&gt; Service 1, @here Diario ˍMXˍ, El Universal, Reuters +5 · 9 outlets · ES, EN · score 0.99');
    expect(message.blocks[4]!.text!.text).toMatch(/^3\. \*3 @everyone/); // no link: not http(s)
  });

  it('fits a digest larger than 50 blocks and says how many more there were', async () => {
    await adapter.postDigest('C0NEWS', hostileDigest(60));
    const message = posted();
    expectValidBlocks(message.blocks);
    expect(message.blocks.filter((b) => b.type === 'section')).toHaveLength(47);
    expect(message.blocks.at(-1)!.elements![0]!.text).toBe('… and 13 more');
  });

  it('posts an empty window as a short digest', async () => {
    await adapter.postDigest('C0NEWS', { ...hostileDigest(0), held: 0 });
    const message = posted();
    expectValidBlocks(message.blocks);
    expect(message.blocks).toHaveLength(2);
    expect(message.text).toContain('No stories alerted this channel in this window.');
  });
});
