/**
 * The command table is the one grammar: every entry shows in help, parses from its own example,
 * appears in the Discord schema as written, and every option set Discord can send becomes command
 * text that parses back to a command of that entry carrying what was chosen. A new entry is checked
 * here without editing this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandText, type OptionReader } from '../../src/adapters/discord/command-text.ts';
import { radarCommands } from '../../src/adapters/discord/commands-schema.ts';
import { COMMANDS, parseCommand, type OptionSpec } from '../../src/commands/index.ts';
import { startTestRadar, type TestRadar, stopTestRadar } from '../helpers/radar.ts';

/** What discord.js would hand over for a chosen subcommand (and group) with these values. */
function reader(group: string | null, sub: string, values: Record<string, string | number | boolean>): OptionReader {
  return {
    getSubcommandGroup: () => group,
    getSubcommand: () => sub,
    getString: (name) => (typeof values[name] === 'string' ? (values[name] as string) : null),
    getNumber: (name) => (typeof values[name] === 'number' ? (values[name] as number) : null),
    getBoolean: (name) => (typeof values[name] === 'boolean' ? (values[name] as boolean) : null),
  };
}

/** A value Discord could send for the option: a choice, the middle of a range, a set flag, the documented example. */
function sample(option: OptionSpec): string | number | boolean {
  if (option.type === 'flag') return true;
  if (option.type === 'number') return ((option.min ?? 0) + (option.max ?? 1)) / 2;
  if (option.choices) return option.choices.at(-1)!;
  expect(option.example, `${option.name} needs an example`).toBeTruthy();
  return option.example!;
}

/** Every form Discord offers: a subcommand, or each action of a group. */
const FORMS = COMMANDS.flatMap((entry) => (entry.actions
  ? entry.actions.map((a) => ({ entry, group: entry.name as string | null, sub: a.name, options: a.options ?? [] }))
  : [{ entry, group: null, sub: entry.name as string, options: entry.options }]));

const DISCORD_TYPE = { text: 3, term: 3, number: 10, flag: 5 } as const;

interface DiscordOption { type: number; name: string; description: string; required?: boolean; autocomplete?: boolean; choices?: Array<{ value: string }>; options?: DiscordOption[] }

describe('the command table', () => {
  let test: TestRadar;
  beforeAll(async () => {
    // Never polled: help needs a channel, not items.
    test = await startTestRadar([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }]);
  });
  afterAll(async () => {
    await stopTestRadar(test);
  });

  it('help lists every entry with its usage, what it does and its example', async () => {
    const help = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text: 'help' });
    const lines = help.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
    expect(lines).toEqual(COMMANDS.map((c) => `/radar ${c.usage} — ${c.about}. e.g. ${c.example}`));
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s parses from its example and its usage names it', (name, entry) => {
    expect(entry.example.startsWith(`/radar ${name}`)).toBe(true);
    expect(entry.usage.startsWith(name)).toBe(true);
    expect(parseCommand(entry.example.slice('/radar '.length)).name).toBe(name);
    // An option typed as `name:value` shows so in the usage line, and only such an option.
    for (const option of [entry.options, ...(entry.actions ?? []).map((a) => a.options ?? [])].flat()) {
      expect(entry.usage.includes(`${option.name}:`), option.name).toBe(Boolean(option.keyed));
    }
  });

  it('the Discord schema has every entry, its actions and options as the table declares them', () => {
    const [radar] = radarCommands() as Array<{ options: DiscordOption[] }>;
    const options = radar!.options;
    expect(options.map((o) => o.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const form of FORMS) {
      const top = options.find((o) => o.name === form.entry.name)!;
      const sub = form.group ? top.options!.find((o) => o.name === form.sub)! : top;
      expect(top.type, form.entry.name).toBe(form.group ? 2 : 1);
      expect(sub.type).toBe(1);
      expect(sub.description.length).toBeLessThanOrEqual(100);
      expect((sub.options ?? []).map((o) => o.name)).toEqual(form.options.map((o) => o.name));
      for (const spec of form.options) {
        const o = sub.options!.find((x) => x.name === spec.name)!;
        const label = `${form.entry.name} ${form.sub} ${spec.name}`;
        expect(o.type, label).toBe(DISCORD_TYPE[spec.type]);
        expect(o.required ?? false, label).toBe(spec.type === 'text' || spec.type === 'term' ? spec.required ?? true : false);
        expect(o.choices?.map((c) => c.value), label).toEqual(spec.choices);
        expect(o.autocomplete ?? false, label).toBe(Boolean(spec.suggest));
      }
    }
  });

  it.each(FORMS.map((f) => [`${f.group ?? ''} ${f.sub}`.trim(), f] as const))('Discord %s becomes text that parses back to the same command', (_label, form) => {
    const all = Object.fromEntries(form.options.map((o) => [o.name, sample(o)]));
    const required = Object.fromEntries(form.options.filter((o) => o.required ?? (o.type === 'text' || o.type === 'term')).map((o) => [o.name, sample(o)]));
    const parsedAll = parseCommand(commandText(reader(form.group, form.sub, all)));
    const parsedRequired = parseCommand(commandText(reader(form.group, form.sub, required)));
    expect(parsedAll.name).toBe(form.entry.name);
    expect(parsedRequired.name).toBe(form.entry.name);
    // Each chosen value reaches the command: text word for word, an optional option changes it.
    const json = JSON.stringify(parsedAll).replace(/\s+/g, ' ');
    for (const o of form.options) {
      const value = all[o.name]!;
      if (typeof value === 'number') expect(json, o.name).toContain(String(value));
      else if (typeof value === 'string' && !o.choices) for (const word of value.split(/[\s"]+/).filter(Boolean)) expect(json, o.name).toContain(word);
    }
    const optional = form.options.filter((o) => !(o.name in required));
    for (const o of optional) {
      const without = parseCommand(commandText(reader(form.group, form.sub, { ...required })));
      const withIt = parseCommand(commandText(reader(form.group, form.sub, { ...required, [o.name]: sample(o) })));
      expect(withIt, o.name).not.toEqual(without);
    }
  });

  it('the actions of an entry are distinct commands', () => {
    for (const entry of COMMANDS.filter((c) => c.actions)) {
      const forms = FORMS.filter((f) => f.entry === entry);
      const parsed = forms.map((f) => JSON.stringify(parseCommand(commandText(reader(f.group, f.sub, Object.fromEntries(f.options.map((o) => [o.name, sample(o)])))))));
      expect(new Set(parsed).size, entry.name).toBe(forms.length);
    }
  });
});
