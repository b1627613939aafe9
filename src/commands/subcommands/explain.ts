/**
 * `explain <link>`: why a stored item scored what it did for each of the channel's topics, and
 * what the channel's feedback changed ("−0.12: this channel marked 4 items about "aranceles" as
 * not for us").
 */
import { adjustScore, describeAdjustment, featuresOf, hasLearned, signed, type ChannelModel } from '../../learn/index.ts';
import { compileTerms, scoreItem, type Topic } from '../../score/index.ts';
import { canonicalUrl } from '../../stories/index.ts';
import type { ChannelSettings, ItemHit } from '../../store/index.ts';
import { CommandUsageError, httpLink } from '../args.ts';
import { defineCommand } from '../define.ts';
import { itemBlock, reply, say } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

/** How many of the channel's corrections explain names per topic. */
const CORRECTIONS_SHOWN = 5;

/** The score of an item for one topic, term by term, and the channel's corrections of it. */
function topicFields(item: ItemHit, topic: Topic, channel: ChannelSettings, model: ChannelModel | null): ReplyBlock {
  const result = scoreItem(item, topic, { explain: true });
  const e = result.explanation!;
  const learned = model && hasLearned(model) ? adjustScore(model, result.score, featuresOf(e, item.source)) : null;
  const decided = learned ? learned.score : result.score;
  const verdict = `channel threshold ${channel.threshold.toFixed(2)}: ${decided >= channel.threshold ? 'alerts' : 'below'}`;
  const scoreLine = learned && learned.change !== 0
    ? `${result.score.toFixed(2)}, ${decided.toFixed(2)} after this channel's feedback (${verdict})`
    : `${result.score.toFixed(2)} (${verdict})`;
  return {
    type: 'fields',
    fields: [
      { label: `Score for ${topic.id}`, value: scoreLine },
      ...e.facets.map((f) => ({
        label: f.facet,
        value: `${f.terms.map((t) => `${t.term}${t.matched ? ` (${t.matched})` : ''} in ${t.where}`).join(', ')} → +${f.contribution.toFixed(2)}`,
      })),
      ...e.pairs.map((p) => ({ label: `${p.facets[0]} & ${p.facets[1]}`, value: `together → +${p.contribution.toFixed(2)}` })),
      ...e.negatives.map((n) => ({ label: `context "${n.rule}"`, value: `"${n.term}" cancelled ${n.cancelled.join(', ')}` })),
      ...(learned ? feedbackFields(learned, model!) : []),
    ],
  };
}

/** The channel's corrections of one score, strongest first, and their sum when it is not applied whole. */
function feedbackFields(learned: ReturnType<typeof adjustScore>, model: ChannelModel): Array<{ label: string; value: string }> {
  if (learned.parts.length === 0) return [];
  const fields = learned.parts.slice(0, CORRECTIONS_SHOWN).map((p) => ({ label: 'channel feedback', value: describeAdjustment(p, model) }));
  const sum = learned.parts.reduce((total, p) => total + p.change, 0);
  if (learned.change === 0) fields.push({ label: 'channel feedback', value: `together ${signed(sum)}: feedback only ever lowers a score, so this one stands` });
  return fields;
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
    const model = (await deps.store.channelModels()).find((m) => m.channelId === channel.id)?.model ?? null;
    for (const topicId of channel.topics) {
      const topic = deps.topics.get(topicId);
      if (topic) blocks.push(topicFields(item, topic, channel, model));
    }
    const watched = compileTerms(channel.watch).match(item);
    const muted = compileTerms(channel.mute).match(item);
    if (watched.length) blocks.push({ type: 'text', text: `Watch terms matched: ${watched.join(', ')} (alerts even below the threshold).` });
    if (muted.length) blocks.push({ type: 'text', text: `Mute terms matched: ${muted.join(', ')} (kept out of this channel).` });
    return reply(blocks);
  },
});
