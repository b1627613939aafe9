/** `top [24h|7d]`: the highest-scoring stories of the window for the channel's topics. */
import { parseDuration } from '../../shared/duration.ts';
import { CommandUsageError } from '../args.ts';
import { defineCommand } from '../define.ts';
import { itemBlock, reply, say } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

const RESULTS = 10;
const WINDOWS = ['24h', '7d'];

export const top = defineCommand({
  name: 'top',
  usage: 'top [24h|7d]',
  example: '/radar top 7d',
  about: "the highest-scoring stories for this channel's topics",
  options: [{ name: 'window', about: 'Time window (default 24h)', type: 'text', required: false, choices: WINDOWS }],
  mutates: false,
  parse(args) {
    if (args.length > 1) throw new CommandUsageError('top takes at most one window');
    const label = (args[0] ?? '24h').toLowerCase();
    if (!WINDOWS.includes(label)) throw new CommandUsageError(`unknown window "${label}": use 24h or 7d`);
    return { name: 'top', windowMs: parseDuration(label)!, label };
  },
  async run(command, { deps, channel, now }) {
    const stories = await deps.store.topStories({ since: now - command.windowMs, topics: channel.topics, limit: RESULTS });
    if (stories.length === 0) return say(`No scored stories in the last ${command.label}.`);
    return reply([
      { type: 'heading', text: `Top stories, last ${command.label}` },
      ...stories.map((s): ReplyBlock => itemBlock(s.item, now, s.outlets > 1 ? ` · ${s.outlets} outlets` : '')),
    ]);
  },
});
