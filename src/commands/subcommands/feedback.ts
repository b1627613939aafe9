/**
 * `feedback <link> good|bad`: the same vote as an alert's "Relevant" / "Not for us" buttons, on a
 * stored item found by its link, counted for the channel it is typed in and the person who typed it.
 */
import { canonicalUrl } from '../../stories/index.ts';
import { CommandUsageError, httpLink } from '../args.ts';
import { defineCommand } from '../define.ts';
import { say } from '../reply.ts';

const VOTES = ['good', 'bad'] as const;
type VoteWord = (typeof VOTES)[number];

export const feedback = defineCommand<{ name: 'feedback'; link: string; vote: VoteWord }>({
  name: 'feedback',
  usage: 'feedback <link> good|bad',
  example: '/radar feedback https://www.example.com/story bad',
  about: 'tell Radar an item was relevant (good) or not for this channel (bad)',
  menu: 'Tell Radar an item was relevant (good) or not for this channel (bad)',
  options: [
    { name: 'link', about: "The item's link", type: 'text', maxLength: 500, example: 'https://a.example/story' },
    { name: 'vote', about: 'good: more like this; bad: fewer like this', type: 'text', choices: VOTES },
  ],
  mutates: false,
  parse(args) {
    if (args.length === 0) throw new CommandUsageError('feedback needs a link and a vote (good or bad)');
    const link = httpLink(args[0]!, 'link');
    if (args.length === 1) throw new CommandUsageError('feedback needs a vote after the link: good or bad');
    if (args.length > 2) throw new CommandUsageError(`feedback takes a link and one vote; "${args.slice(2).join(' ')}" is extra`);
    const vote = args[1]!.toLowerCase();
    if (!(VOTES as readonly string[]).includes(vote)) throw new CommandUsageError(`the vote "${args[1]}" is neither good nor bad`);
    return { name: 'feedback', link, vote: vote as VoteWord };
  },
  async run({ link, vote }, { deps, request, channel }) {
    const item = await deps.store.findItemByUrl(link, canonicalUrl(link));
    if (!item) return say(`Radar has not stored an item with the link ${link}: nothing was recorded.`, false);
    const answer = await deps.feedback.onItem({ channelId: channel.id, itemId: item.id, storyId: item.storyId ?? item.id, person: request.userId, action: vote });
    return say(answer.text, answer.ok);
  },
});
