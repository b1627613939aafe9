/**
 * `learning`: what this channel learned from its votes on alerts (its strongest corrections, with
 * the votes behind each); `learning reset` forgets it (admins), so the channel decides as its
 * topics do again.
 */
import { describeWeight, hasLearned, topWeights } from '../../learn/index.ts';
import { CommandUsageError } from '../args.ts';
import { defineCommand } from '../define.ts';
import { reply, say } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

/** How many learned corrections `learning` lists. */
export const LEARNING_SHOWN = 10;

type Learning = { name: 'learning'; action: 'show' | 'reset' };

export const learning = defineCommand<Learning>({
  name: 'learning',
  usage: 'learning | learning reset',
  example: '/radar learning',
  about: "what this channel learned from its feedback; reset forgets it (admins)",
  menu: 'What this channel learned from its feedback; reset it',
  actions: [
    { name: 'show', about: 'What this channel learned from its feedback', words: [] },
    { name: 'reset', about: 'Forget what this channel learned (admins)' },
  ],
  mutates: (command) => command.action === 'reset',
  parse(args) {
    if (args.length === 0) return { name: 'learning', action: 'show' };
    const action = args[0]!.toLowerCase();
    if (action === 'reset' && args.length === 1) return { name: 'learning', action };
    throw new CommandUsageError(action === 'reset' ? 'learning reset takes no argument' : `unknown learning action "${args[0]!}"`);
  },
  async run(command, { deps, request, channel }) {
    if (command.action === 'reset') {
      const forgotten = await deps.store.forgetLearning(channel.id);
      await deps.channelsChanged();
      deps.logger.info({ channel: channel.id, by: request.userId, votes: forgotten }, 'channel learning reset');
      return say(forgotten === 0
        ? 'This channel had not learned anything; nothing to forget.'
        : `Forgot what this channel learned from ${forgotten} vote${forgotten === 1 ? '' : 's'}: it decides as its topics do again.`);
    }
    const model = (await deps.store.channelModels()).find((m) => m.channelId === channel.id)?.model;
    if (!model || !hasLearned(model)) {
      return say('This channel has not learned anything yet: mark its alerts "Relevant" or "Not for us" and it adjusts its scores to your taste.');
    }
    const blocks: ReplyBlock[] = [
      { type: 'heading', text: `Learned from ${model.votes} vote${model.votes === 1 ? '' : 's'} by ${model.people} ${model.people === 1 ? 'person' : 'people'}` },
      ...topWeights(model, LEARNING_SHOWN).map((feature): ReplyBlock => ({ type: 'text', text: `• ${describeWeight(feature, model)}` })),
      { type: 'text', text: 'Corrections add to a score\'s logit; feedback only ever lowers a score, and one person\'s many clicks cannot outvote the others. Forget it all: /radar learning reset' },
    ];
    return reply(blocks);
  },
});
