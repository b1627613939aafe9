/** `ping`: a quick sign of life for operators: Radar answers, how many feeds, when it last polled. */
import { formatAge } from '../../shared/duration.ts';
import { noArguments } from '../args.ts';
import { defineCommand } from '../define.ts';
import { say } from '../reply.ts';

export const ping = defineCommand({
  name: 'ping',
  usage: 'ping',
  example: '/radar ping',
  about: 'check that Radar is up: feeds followed and the last poll',
  mutates: false,
  parse(args) {
    noArguments('ping', args);
    return { name: 'ping' };
  },
  async run(_command, { deps, now }) {
    const counts = await deps.store.counts(now);
    const poll = counts.lastPollAt === null ? 'no poll yet' : `last poll ${formatAge(now - counts.lastPollAt)} ago`;
    return say(`pong: Radar is up, ${counts.feeds} feed${counts.feeds === 1 ? '' : 's'}, ${poll}.`);
  },
});
