/** `help`: every subcommand of the table with its usage and an example. */
import { defineCommand } from '../define.ts';
import { reply } from '../reply.ts';
import type { ReplyBlock } from '../types.ts';

export const help = defineCommand({
  name: 'help',
  usage: 'help',
  example: '/radar help',
  about: 'this list',
  menu: 'What Radar can do',
  mutates: false,
  parse: () => ({ name: 'help' }),
  async run(_command, { commands }) {
    return reply([
      { type: 'heading', text: 'Radar commands' },
      ...commands.map((c): ReplyBlock => ({ type: 'text', text: `/radar ${c.usage} — ${c.about}. e.g. ${c.example}` })),
    ]);
  },
});
