/**
 * `digest [24h|7d]`: the channel's digest of the window on demand, answered to the asker alone:
 * the same stories, order and lines as the scheduled digest (src/digest), alerts held by quiet
 * hours included (they stay held for the scheduled one).
 */
import { buildDigest } from '../../digest/index.ts';
import type { DigestPayload } from '../../shared/alert.ts';
import { parseDuration } from '../../shared/duration.ts';
import { CommandUsageError } from '../args.ts';
import { defineCommand } from '../define.ts';
import { reply } from '../reply.ts';
import type { Reply, ReplyBlock } from '../types.ts';

const WINDOWS = ['24h', '7d'];
/** Stories the answer lists (each adapter shows as many as fit, and counts the rest). */
const STORIES = 20;

/** A digest as a neutral reply: heading, summary, one item per story, "… and N more". */
export function digestReply(digest: DigestPayload): Reply {
  const total = digest.stories.length + digest.more;
  const held = digest.held > 0 ? ` · ${digest.held} alert${digest.held === 1 ? '' : 's'} held during quiet hours` : '';
  const blocks: ReplyBlock[] = [
    { type: 'heading', text: `Digest, last ${digest.window}` },
    { type: 'text', text: total === 0 ? 'No stories alerted this channel in this window.' : `${total} ${total === 1 ? 'story' : 'stories'}, by score and breadth of coverage${held}` },
    ...digest.stories.map((s, i): ReplyBlock => {
      const langs = [...new Set(s.langs.map((l) => l.toUpperCase()))].join(', ');
      const outlets = s.sources.slice(0, 4).join(', ') + (s.outlets > Math.min(4, s.sources.length) ? ` +${s.outlets - Math.min(4, s.sources.length)}` : '');
      const meta = [outlets, s.outlets > 1 ? `${s.outlets} outlets` : '', langs, s.score === null ? '' : `score ${s.score.toFixed(2)}`, s.held ? 'held in quiet hours' : ''];
      return { type: 'item', title: `${i + 1}. ${s.title}`, url: s.url, meta: meta.filter(Boolean).join(' · ') };
    }),
  ];
  if (digest.more > 0) blocks.push({ type: 'text', text: `… and ${digest.more} more` });
  return reply(blocks, { ephemeral: true });
}

export const digest = defineCommand({
  name: 'digest',
  usage: 'digest [24h|7d]',
  example: '/radar digest 7d',
  about: "this channel's top stories of the window, as its digest lists them",
  menu: 'The channel digest: top stories by score and coverage',
  options: [{ name: 'window', about: 'Time window (default 24h)', type: 'text', required: false, choices: WINDOWS }],
  mutates: false,
  parse(args) {
    if (args.length > 1) throw new CommandUsageError('digest takes at most one window: 24h or 7d');
    const label = (args[0] ?? '24h').toLowerCase();
    if (!WINDOWS.includes(label)) throw new CommandUsageError(`unknown window "${label}": use 24h or 7d`);
    return { name: 'digest', windowMs: parseDuration(label)!, label };
  },
  async run(command, { deps, channel, now }) {
    const since = now - command.windowMs;
    const selection = await deps.store.digestStories(channel.id, since, channel.topics);
    return digestReply(buildDigest(selection, { label: command.label, since, until: now }, STORIES));
  },
});
