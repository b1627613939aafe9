import { describe, expect, it } from 'vitest';
import { clean as consoleClean } from '../../src/adapters/console/render.ts';
import { clean as discordClean } from '../../src/adapters/discord/format-discord.ts';
import { clean as slackClean } from '../../src/adapters/slack/format-slack.ts';
import { clean, stripControls } from '../../src/adapters/untrusted-text.ts';

const HOSTILE = 'Red\u001b[31m alert\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u202eevil\u202c\u0000\u200b done';

describe('untrusted text', () => {
  it('removes ANSI sequences whole, control, zero-width and bidi characters', () => {
    expect(stripControls(HOSTILE)).toBe('Red alert link evil done');
    expect(clean(' a \n\n\n b\t c ')).toBe('a b c');
    expect(clean(' a \r\n\r\n\r\n b ', true)).toBe('a\n\nb');
  });

  it('is the first step of every adapter', () => {
    for (const fn of [slackClean, discordClean, (t: string) => consoleClean(t)]) {
      expect(fn(HOSTILE)).toBe('Red alert link evil done');
    }
  });
});
