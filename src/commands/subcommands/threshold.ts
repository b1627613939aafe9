/** `threshold [0..1]`: shows the channel's alert threshold, or sets it (admins). */
import { CommandUsageError } from '../args.ts';
import { defineCommand } from '../define.ts';
import { say } from '../reply.ts';

export const threshold = defineCommand<{ name: 'threshold'; value: number | null }>({
  name: 'threshold',
  usage: 'threshold [0..1]',
  example: '/radar threshold 0.6',
  about: "show or set the channel's alert threshold",
  menu: "Show the channel's alert threshold, or set it (admins)",
  options: [{ name: 'value', about: 'A score between 0 and 1', type: 'number', min: 0, max: 1 }],
  mutates: (command) => command.value !== null,
  parse(args) {
    if (args.length === 0) return { name: 'threshold', value: null };
    const value = Number(args[0]);
    if (args.length > 1 || !/^\d*\.?\d+$/.test(args[0]!) || value < 0 || value > 1) {
      throw new CommandUsageError(`"${args.join(' ')}" is not a number between 0 and 1`);
    }
    return { name: 'threshold', value };
  },
  async run(command, { deps, request, channel, now }) {
    if (command.value === null) return say(`This channel alerts at score ${channel.threshold.toFixed(2)} or more.`);
    await deps.store.updateChannel(channel.id, { threshold: command.value }, request.userId, now);
    await deps.channelsChanged();
    return say(`Threshold set to ${command.value.toFixed(2)} (was ${channel.threshold.toFixed(2)}).`);
  },
});
