/**
 * `watch add|remove <term>`, `watch list` and the same for `mute`: a channel's terms that alert
 * even below its threshold, or keep an item out. Terms use the one term syntax (src/score).
 */
import { parseTerm } from '../../score/index.ts';
import { CommandUsageError } from '../args.ts';
import { defineCommand } from '../define.ts';
import { reply, say } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

/** Bound on what chat can make Radar hold: terms per channel and kind. */
export const MAX_TERMS_PER_CHANNEL = 100;

type Kind = 'watch' | 'mute';
type TermCommand<K extends Kind> = { name: K; action: 'add' | 'remove'; term: string } | { name: K; action: 'list' };

const TEXT = {
  watch: { about: 'terms that alert even below the threshold', example: '/radar watch add "Ovidio Guzmán"', title: 'Watch' },
  mute: { about: 'terms that keep an item out of this channel', example: '/radar mute add béisbol', title: 'Mute' },
};

function termsCommand<K extends Kind>(kind: K) {
  const text = TEXT[kind];
  return defineCommand<TermCommand<K>>({
    name: kind,
    usage: `${kind} add <term> | ${kind} remove <term> | ${kind} list`,
    example: text.example,
    about: text.about,
    actions: [
      { name: 'add', about: `Add a ${kind} term (admins)`, options: [{ name: 'term', about: 'A word, "a phrase" or a prefix*', type: 'term', maxLength: 100, example: 'Ovidio  Guzmán' }] },
      { name: 'remove', about: `Remove a ${kind} term (admins)`, options: [{ name: 'term', about: `One of this channel's ${kind} terms`, type: 'term', maxLength: 100, suggest: kind, example: 'extradit*' }] },
      { name: 'list', about: `List this channel's ${kind} terms` },
    ],
    mutates: (command) => command.action !== 'list',
    parse(args) {
      const action = args[0]?.toLowerCase();
      if (action === 'list' && args.length === 1) return { name: kind, action };
      if ((action === 'add' || action === 'remove') && args.length >= 2) return { name: kind, action, term: args.slice(1).join(' ') };
      throw new CommandUsageError(action === 'add' || action === 'remove' ? `${kind} ${action} needs a term` : `unknown ${kind} action "${action ?? ''}"`);
    },
    async run(command, { deps, request, channel, now }) {
      const current = channel[kind];
      if (command.action === 'list') {
        if (current.length === 0) return say(`No ${kind} terms in this channel. Add one: ${text.example}`);
        return reply([{ type: 'heading', text: `${text.title} terms` }, ...current.map((t): ReplyBlock => ({ type: 'text', text: `• ${t}` }))]);
      }
      const parsed = parseTerm(command.term);
      if (!parsed.ok) throw new CommandUsageError(parsed.error);
      if (command.action === 'add') {
        const added = await deps.store.addChannelTerm(channel.id, kind, parsed.term, request.userId, now, MAX_TERMS_PER_CHANNEL);
        if (added === 'full') {
          return say(`This channel already has ${MAX_TERMS_PER_CHANNEL} ${kind} terms, the most Radar keeps; remove one first (/radar ${kind} list).`, false);
        }
        await deps.channelsChanged();
        return say(added === 'added' ? `Added ${kind} term ${parsed.term}: it applies from the next item on.` : `${parsed.term} is already a ${kind} term.`);
      }
      const removed = await deps.store.removeChannelTerm(channel.id, kind, parsed.term);
      await deps.channelsChanged();
      return say(removed ? `Removed ${kind} term ${parsed.term}.` : `${parsed.term} is not a ${kind} term here; see /radar ${kind} list.`, removed);
    },
  });
}

export const watch = termsCommand('watch');
export const mute = termsCommand('mute');
