/** `topics`, `subscribe <topic>`, `unsubscribe <topic>`: the topics a channel follows. */
import { CommandUsageError, noArguments } from '../args.ts';
import { defineCommand } from '../define.ts';
import { reply, say } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

export const topics = defineCommand({
  name: 'topics',
  usage: 'topics',
  example: '/radar topics',
  about: 'the topics Radar knows, and which this channel follows',
  mutates: false,
  parse(args) {
    noArguments('topics', args);
    return { name: 'topics' };
  },
  async run(_command, { deps, channel }) {
    return reply([
      { type: 'heading', text: 'Topics' },
      ...[...deps.topics.values()].map((t): ReplyBlock => ({
        type: 'text', text: `${channel.topics.includes(t.id) ? '✓' : '·'} ${t.id} — ${t.name}${t.description ? `: ${t.description}` : ''}`,
      })),
    ]);
  },
});

function followCommand<N extends 'subscribe' | 'unsubscribe'>(name: N, about: string) {
  const subscribe = name === 'subscribe';
  return defineCommand({
    name,
    usage: `${name} <topic>`,
    example: `/radar ${name} cartel-sovereignty`,
    about,
    menu: `${about.charAt(0).toUpperCase()}${about.slice(1)} (admins)`,
    options: [{ name: 'topic', about: 'Topic id', type: 'text', maxLength: 100, suggest: name, example: 'cartel-sovereignty' }],
    mutates: true,
    parse(args) {
      if (args.length !== 1) throw new CommandUsageError(`${name} needs one topic id`);
      return { name, topic: args[0]!.toLowerCase() };
    },
    async run(command, { deps, request, channel, now }) {
      if (!deps.topics.has(command.topic)) {
        throw new CommandUsageError(`unknown topic "${command.topic}"; known: ${[...deps.topics.keys()].join(', ')}`);
      }
      const has = channel.topics.includes(command.topic);
      if (subscribe ? has : !has) return say(`This channel ${has ? 'already follows' : 'does not follow'} ${command.topic}.`);
      if (!subscribe && channel.topics.length === 1) return say('A channel follows at least one topic; subscribe to another first.', false);
      const next = subscribe ? [...channel.topics, command.topic] : channel.topics.filter((t) => t !== command.topic);
      await deps.store.updateChannel(channel.id, { topics: next }, request.userId, now);
      await deps.channelsChanged();
      return say(`${subscribe ? 'Subscribed to' : 'Unsubscribed from'} ${command.topic}.`);
    },
  });
}

export const subscribe = followCommand('subscribe', 'follow a topic in this channel');
export const unsubscribe = followCommand('unsubscribe', 'stop following a topic');
