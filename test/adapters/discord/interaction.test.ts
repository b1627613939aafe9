/**
 * Discord interactions as neutral command text, autocomplete picking, and the admin rule
 * (Manage Channels, Administrator or a configured role; no "everyone" fallback).
 */
import { PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createAdminCheck } from '../../../src/adapters/discord/admins.ts';
import { commandText, pickSuggestions, suggestFieldOf, type OptionReader } from '../../../src/adapters/discord/interaction.ts';

function reader(path: string, values: Record<string, string | number | boolean> = {}): OptionReader {
  const [first, second] = path.split(' ');
  return {
    getSubcommandGroup: () => (second ? first! : null),
    getSubcommand: () => second ?? first!,
    getString: (name) => (typeof values[name] === 'string' ? (values[name] as string) : null),
    getNumber: (name) => (typeof values[name] === 'number' ? (values[name] as number) : null),
    getBoolean: (name) => (typeof values[name] === 'boolean' ? (values[name] as boolean) : null),
  };
}

describe('commandText', () => {
  it.each([
    ['help', {}, 'help'],
    ['search', { query: '"guardia nacional" fentanilo' }, 'search "guardia nacional" fentanilo'],
    ['search', { query: 'pentagon', since: '3d', lang: 'es', share: true }, 'search pentagon since:3d lang:es share'],
    ['search', { query: 'pentagon', share: false }, 'search pentagon'],
    ['top', {}, 'top'],
    ['top', { window: '7d' }, 'top 7d'],
    ['watch add', { term: 'Ovidio  Guzmán' }, 'watch add "Ovidio Guzmán"'],
    ['watch add', { term: '"guardia nacional"' }, 'watch add "guardia nacional"'],
    ['watch add', { term: 'extradit*' }, 'watch add extradit*'],
    ['watch remove', { term: 'Harfuch' }, 'watch remove Harfuch'],
    ['watch list', {}, 'watch list'],
    ['mute add', { term: 'béisbol\u0000' }, 'mute add béisbol'],
    ['threshold', {}, 'threshold'],
    ['threshold', { value: 0.55 }, 'threshold 0.55'],
    ['topics', {}, 'topics'],
    ['subscribe', { topic: 'cartel-sovereignty' }, 'subscribe cartel-sovereignty'],
    ['unsubscribe', { topic: 'cartel-sovereignty' }, 'unsubscribe cartel-sovereignty'],
    ['feeds list', {}, 'feeds'],
    ['feeds add', { url: 'https://a.example/rss' }, 'feeds add https://a.example/rss'],
    ['feeds remove', { url: 'https://a.example/rss' }, 'feeds remove https://a.example/rss'],
    ['explain', { link: 'https://a.example/story' }, 'explain https://a.example/story'],
    ['status', {}, 'status'],
  ])('%s %j → %j', (path, values, expected) => {
    expect(commandText(reader(path, values))).toBe(expected);
  });
});

describe('autocomplete', () => {
  it('knows which options draw suggestions', () => {
    expect(suggestFieldOf(reader('watch remove'))).toBe('watch');
    expect(suggestFieldOf(reader('mute remove'))).toBe('mute');
    expect(suggestFieldOf(reader('feeds remove'))).toBe('feeds');
    expect(suggestFieldOf(reader('subscribe'))).toBe('subscribe');
    expect(suggestFieldOf(reader('unsubscribe'))).toBe('unsubscribe');
    expect(suggestFieldOf(reader('watch add'))).toBeNull();
    expect(suggestFieldOf(reader('search'))).toBeNull();
  });

  it('puts matches at the start first, caps at 25 and skips values over 100 characters', () => {
    expect(pickSuggestions(['guardia nacional', 'Sinaloa', 'la guardia'], 'guar').map((c) => c.value)).toEqual(['guardia nacional', 'la guardia']);
    expect(pickSuggestions(Array.from({ length: 40 }, (_, i) => `t${i}`), '')).toHaveLength(25);
    expect(pickSuggestions(['x'.repeat(101), 'ok'], '')).toEqual([{ name: 'ok', value: 'ok' }]);
  });
});

describe('Discord admins', () => {
  const member = (roles: string[]) => ({ roles });
  const perms = (...bits: bigint[]) => new PermissionsBitField(bits).freeze();

  it('accepts Manage Channels or Administrator, refuses plain members', () => {
    const check = createAdminCheck([]);
    expect(check({ memberPermissions: perms(PermissionsBitField.Flags.ManageChannels), member: member([]) })).toBe(true);
    expect(check({ memberPermissions: perms(PermissionsBitField.Flags.Administrator), member: member([]) })).toBe(true);
    expect(check({ memberPermissions: perms(PermissionsBitField.Flags.SendMessages), member: member([]) })).toBe(false);
    expect(check({ memberPermissions: null, member: null })).toBe(false);
  });

  it('accepts a configured role, from raw or cached members', () => {
    const check = createAdminCheck(['1100000000000000006']);
    expect(check({ memberPermissions: perms(), member: member(['1100000000000000006']) })).toBe(true);
    expect(check({ memberPermissions: perms(), member: { roles: { cache: new Map([['1100000000000000006', {}]]) } } })).toBe(true);
    expect(check({ memberPermissions: perms(), member: member(['1100000000000000007']) })).toBe(false);
  });
});
