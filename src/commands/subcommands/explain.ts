/** `explain <link>`: why a stored item scored what it did for each of the channel's topics. */
import { compileTerms, scoreItem, type Topic } from '../../score/index.ts';
import { canonicalUrl } from '../../stories/index.ts';
import type { ChannelSettings, ItemHit } from '../../store/index.ts';
import { CommandUsageError, httpLink } from '../args.ts';
import { defineCommand } from '../define.ts';
import { itemBlock, reply, say } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

/** The score of an item for one topic, term by term. */
function topicFields(item: ItemHit, topic: Topic, channel: ChannelSettings): ReplyBlock {
  const result = scoreItem(item, topic, { explain: true });
  const e = result.explanation!;
  return {
    type: 'fields',
    fields: [
      { label: `Score for ${topic.id}`, value: `${result.score.toFixed(2)} (channel threshold ${channel.threshold.toFixed(2)}: ${result.score >= channel.threshold ? 'alerts' : 'below'})` },
      ...e.facets.map((f) => ({
        label: f.facet,
        value: `${f.terms.map((t) => `${t.term}${t.matched ? ` (${t.matched})` : ''} in ${t.where}`).join(', ')} → +${f.contribution.toFixed(2)}`,
      })),
      ...e.pairs.map((p) => ({ label: `${p.facets[0]} & ${p.facets[1]}`, value: `together → +${p.contribution.toFixed(2)}` })),
      ...e.negatives.map((n) => ({ label: `context "${n.rule}"`, value: `"${n.term}" cancelled ${n.cancelled.join(', ')}` })),
    ],
  };
}

export const explain = defineCommand({
  name: 'explain',
  usage: 'explain <link>',
  example: '/radar explain https://www.example.com/story',
  about: 'why an item scored what it did',
  options: [{ name: 'link', about: "The item's link", type: 'text', maxLength: 500, example: 'https://a.example/story' }],
  mutates: false,
  parse(args) {
    if (args.length !== 1) throw new CommandUsageError('explain needs one link');
    return { name: 'explain', link: httpLink(args[0]!, 'link') };
  },
  async run({ link }, { deps, channel, now }) {
    const item = await deps.store.findItemByUrl(link, canonicalUrl(link));
    if (!item) return say(`Radar has not stored an item with the link ${link}.`, false);
    const blocks: ReplyBlock[] = [itemBlock(item, now)];
    for (const topicId of channel.topics) {
      const topic = deps.topics.get(topicId);
      if (topic) blocks.push(topicFields(item, topic, channel));
    }
    const watched = compileTerms(channel.watch).match(item);
    const muted = compileTerms(channel.mute).match(item);
    if (watched.length) blocks.push({ type: 'text', text: `Watch terms matched: ${watched.join(', ')} (alerts even below the threshold).` });
    if (muted.length) blocks.push({ type: 'text', text: `Mute terms matched: ${muted.join(', ')} (kept out of this channel).` });
    return reply(blocks);
  },
});
