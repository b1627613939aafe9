/**
 * `radar discord register [--guild <id>]` against the Discord stand-in through discord.js's REST:
 * the `/radar` command is put with real subcommands, subcommand groups, typed options and
 * autocomplete, in one guild or globally, and the invite URL names the scopes and permissions.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.ts';
import { COMMANDS } from '../../../src/commands/index.ts';
import { APP_ID, GUILD_ID, startDiscordStandIn, type DiscordStandIn } from '../../helpers/discord-stand-in.ts';

const TOKEN = 'discord-register-token.0001.abcdef';

async function cli(args: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const status = await runCli(args, { stdout, stderr, cwd: process.cwd(), env });
  return { status, stdout: out, stderr: err };
}

interface Option { type: number; name: string; required?: boolean; autocomplete?: boolean; choices?: unknown[]; min_value?: number; max_value?: number; options?: Option[] }

describe('radar discord register', () => {
  let discord: DiscordStandIn;
  let env: Record<string, string>;
  beforeAll(async () => {
    discord = await startDiscordStandIn();
    env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl };
  });
  afterAll(async () => {
    await discord.close();
  });

  it('registers /radar in a guild with subcommands, groups, typed options and autocomplete, and prints the invite URL', async () => {
    const result = await cli(['discord', 'register', '--guild', GUILD_ID], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [put] = discord.callsTo('PUT /applications/:id/guilds/:id/commands');
    expect(put!.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put!.auth).toBe(`Bot ${TOKEN}`);
    const [radar] = put!.body as Array<{ name: string; type: number; options: Option[] }>;
    expect(radar!.name).toBe('radar');
    expect(radar!.type).toBe(1);
    const top = new Map(radar!.options.map((o) => [o.name, o]));
    // Every entry of the command table, in help order (test/commands/table.test.ts checks each one's shape).
    expect([...top.keys()]).toEqual(COMMANDS.map((c) => c.name));
    expect([...top.keys()]).toEqual(expect.arrayContaining(['explain', 'feeds', 'help', 'mute', 'search', 'status', 'subscribe', 'threshold', 'top', 'topics', 'unsubscribe', 'watch']));
    for (const name of ['watch', 'mute', 'feeds']) expect(top.get(name)!.type, name).toBe(2);
    for (const name of ['help', 'search', 'top', 'threshold', 'topics', 'subscribe', 'unsubscribe', 'explain', 'status']) expect(top.get(name)!.type, name).toBe(1);

    const search = new Map(top.get('search')!.options!.map((o) => [o.name, o]));
    expect(search.get('query')).toMatchObject({ type: 3, required: true });
    expect(search.get('since')!.choices).toContainEqual({ name: '7d', value: '7d' });
    expect(search.get('lang')!.choices).toEqual([{ name: 'en', value: 'en' }, { name: 'es', value: 'es' }]);
    expect(search.get('share')).toMatchObject({ type: 5, required: false });
    expect(top.get('top')!.options![0]).toMatchObject({ name: 'window', choices: [{ name: '24h', value: '24h' }, { name: '7d', value: '7d' }] });
    expect(top.get('threshold')!.options![0]).toMatchObject({ name: 'value', type: 10, required: false, min_value: 0, max_value: 1 });
    for (const kind of ['watch', 'mute']) {
      const subs = new Map(top.get(kind)!.options!.map((o) => [o.name, o]));
      expect([...subs.keys()]).toEqual(['add', 'remove', 'list']);
      expect(subs.get('add')!.options![0]).toMatchObject({ name: 'term', type: 3, required: true });
      expect(subs.get('add')!.options![0]!.autocomplete).toBeUndefined();
      expect(subs.get('remove')!.options![0]).toMatchObject({ name: 'term', type: 3, autocomplete: true });
    }
    expect([...top.get('feeds')!.options!.map((o) => o.name)]).toEqual(['list', 'add', 'remove']);
    for (const name of ['subscribe', 'unsubscribe']) expect(top.get(name)!.options![0]).toMatchObject({ name: 'topic', autocomplete: true, required: true });
    expect(top.get('explain')!.options![0]).toMatchObject({ name: 'link', type: 3, required: true });
    expect(discord.commands.get(GUILD_ID)).toHaveLength(1);

    const invite = new URL(/https:\/\/discord\.com\/oauth2\/authorize\S+/.exec(result.stdout)![0]);
    expect(invite.searchParams.get('client_id')).toBe(APP_ID);
    expect(invite.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel, Send Messages, Embed Links, Read Message History, Send Messages in Threads.
    expect(BigInt(invite.searchParams.get('permissions')!)).toBe((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 38n));
    expect(invite.searchParams.get('guild_id')).toBe(GUILD_ID);
    expect(result.stdout).toContain(`in guild ${GUILD_ID}`);
    expect(result.stdout).not.toContain(TOKEN);
  });

  it('registers globally without --guild', async () => {
    const result = await cli(['discord', 'register'], env);
    expect(result.status).toBe(0);
    expect(discord.callsTo('PUT /applications/:id/commands')).toHaveLength(1);
    expect(discord.commands.get('global')).toHaveLength(1);
    expect(result.stdout).toContain('globally');
    expect(result.stdout).not.toContain('guild_id');
  });

  it('exits 2 naming the missing variable or the bad argument', async () => {
    const noToken = await cli(['discord', 'register'], { DISCORD_APPLICATION_ID: APP_ID });
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain('DISCORD_TOKEN');
    const noApp = await cli(['discord', 'register'], { DISCORD_TOKEN: TOKEN });
    expect(noApp.status).toBe(2);
    expect(noApp.stderr).toContain('DISCORD_APPLICATION_ID');
    const badGuild = await cli(['discord', 'register', '--guild', 'newsroom'], env);
    expect(badGuild.status).toBe(2);
    expect(badGuild.stderr).toContain('--guild');
    expect((await cli(['discord', 'unregister'], env)).status).toBe(2);
  });

  it('exits 1 with one line naming DISCORD_TOKEN when Discord rejects the token, without printing it', async () => {
    discord.failNext('PUT /applications/:id/commands', { status: 401, code: 0, message: '401: Unauthorized' });
    const result = await cli(['discord', 'register'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('radar discord: DISCORD_TOKEN was refused by Discord (401 Unauthorized)\n');
  });

  it('names DISCORD_APPLICATION_ID when Discord does not know the application, and --guild when the bot is not in the guild', async () => {
    discord.failNext('PUT /applications/:id/commands', { status: 404, code: 10002, message: 'Unknown Application' });
    const app = await cli(['discord', 'register'], env);
    expect(app.status).toBe(1);
    expect(app.stderr).toBe('radar discord: DISCORD_APPLICATION_ID was refused by Discord (404 Unknown Application, code 10002): it must be the application of DISCORD_TOKEN\n');

    discord.failNext('PUT /applications/:id/guilds/:id/commands', { status: 403, code: 50001, message: 'Missing Access' });
    const guild = await cli(['discord', 'register', '--guild', GUILD_ID], env);
    expect(guild.status).toBe(1);
    expect(guild.stderr).toBe(`radar discord: --guild ${GUILD_ID} was refused by Discord (403 Missing Access, code 50001): invite the bot to that server first\n`);
  });
});
