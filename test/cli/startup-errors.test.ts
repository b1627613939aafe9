/**
 * Startup and registration failures as a user meets them: a refused Slack bot or app token, a port
 * already in use, a refused Discord token on `radar run` and on `radar discord register`. Each is
 * one line naming the setting to check and exit status 1, never a stack trace; the detail goes to
 * the log at debug level. An HTTP server bound beyond loopback with nothing guarding /metrics is a
 * configuration problem: one line under the file's name, exit status 2, before anything connects. `radar` runs as a user runs it, against the local stand-ins (the wrong
 * application id and guild of `radar discord register` are in test/adapters/discord/register.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_ID, CHANNEL_ID, startDiscordStandIn, type DiscordStandIn } from '../helpers/discord-stand-in.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-stand-in.ts';
import { testConfigYaml } from '../helpers/radar.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-startup-bot-token-0001', SLACK_APP_TOKEN: 'xapp-startup-app-token-0001' };
const DISCORD_TOKEN = 'discord-startup-token.0001.abcdef';
const PUBLIC_KEY = 'ab'.repeat(32);
/** Never read: start-up fails before the first poll. */
const UNREAD_FEED = { id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/feed.xml' };

/** A port held by this test for as long as it runs. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

function expectOneLine(run: { status: number | null; stderr: string; stdout: string }, line: RegExp) {
  expect(run.status).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('startup failures', () => {
  let dir: string;
  let slack: SlackStandIn;
  let discord: DiscordStandIn;
  let held: { port: number; server: Server } | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'radar-startup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    slack = await startSlackStandIn();
    discord = await startDiscordStandIn();
  });
  afterEach(async () => {
    await slack.close();
    await discord.close();
    held?.server.close();
    held = null;
  });

  function config(name: string, channel: string): string {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, testConfigYaml(join(dir, name), [UNREAD_FEED], '', channel).replace(/database: .*/, `database: ${JSON.stringify(join(dir, `${name}.sqlite`))}`));
    return file;
  }
  const slackConfig = () => config('slack', '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }');
  const discordConfig = () => config('discord', `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty] }`);

  it('a refused Slack bot token names SLACK_BOT_TOKEN; the detail is logged at debug', async () => {
    const env = { ...SLACK, SLACK_API_URL: slack.apiUrl, RADAR_CONFIG: slackConfig() };
    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    expectOneLine(await spawnRadar(['run'], env), /^radar run: SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)$/);

    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const debug = await spawnRadar(['run'], { ...env, LOG_LEVEL: 'debug' });
    expect(debug.status).toBe(1);
    const [line, ...log] = debug.stderr.trimEnd().split('\n').reverse();
    expect(line).toBe('radar run: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)');
    expect(log.join('\n')).toMatch(/"level":20.*An API error occurred: invalid_auth.*"msg":"slack adapter did not start"/);
    expect(debug.stderr).not.toContain(SLACK.SLACK_BOT_TOKEN);
  }, 60_000);

  it('a refused Slack app token names SLACK_APP_TOKEN', async () => {
    slack.failNext('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    const run = await spawnRadar(['run'], { ...SLACK, SLACK_API_URL: slack.apiUrl, RADAR_CONFIG: slackConfig() });
    expectOneLine(run, /^radar run: SLACK_APP_TOKEN was refused by Slack \(invalid_auth\)/);
  }, 60_000);

  it('a port in use for the Slack HTTP receiver names PORT', async () => {
    held = await holdPort();
    const env = { SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: 'startup-signing-secret', PORT: String(held.port), SLACK_API_URL: slack.apiUrl, RADAR_CONFIG: slackConfig() };
    expectOneLine(await spawnRadar(['run'], env), new RegExp(`^radar run: PORT ${held.port} is already in use`));
  }, 60_000);

  it('a refused Discord token names DISCORD_TOKEN', async () => {
    discord.failNext('GET /gateway/bot', { status: 401, message: '401: Unauthorized', code: 0 });
    const run = await spawnRadar(['run'], { DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl, RADAR_CONFIG: discordConfig() });
    expectOneLine(run, /^radar run: DISCORD_TOKEN was refused by Discord \(401 Unauthorized\)/);
  }, 60_000);

  it('a port in use for the Discord interactions endpoint names DISCORD_PORT', async () => {
    held = await holdPort();
    const env = { DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl, DISCORD_PUBLIC_KEY: PUBLIC_KEY, DISCORD_PORT: String(held.port), RADAR_CONFIG: discordConfig() };
    expectOneLine(await spawnRadar(['run'], env), new RegExp(`^radar run: DISCORD_PORT ${held.port} is already in use`));
  }, 60_000);

  it('an HTTP server bound beyond loopback with an open /metrics is refused before anything starts, naming RADAR_HTTP_HOST', async () => {
    const guard = { RADAR_METRICS_TOKEN: '', RADAR_METRICS_ALLOWED_NETWORKS: '' }; // none, whatever the environment holds
    const env = { ...SLACK, SLACK_API_URL: slack.apiUrl, RADAR_CONFIG: slackConfig(), RADAR_HTTP_PORT: '0', RADAR_HTTP_HOST: '0.0.0.0', ...guard };
    const run = await spawnRadar(['run'], env);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n'), run.stderr).toEqual([
      `radar: Invalid configuration in ${env.RADAR_CONFIG}:`,
      '  - RADAR_HTTP_HOST: "0.0.0.0" reaches beyond this machine and /metrics would answer anyone: set RADAR_METRICS_TOKEN (or metrics.token) or metrics.allowedNetworks (or RADAR_METRICS_ALLOWED_NETWORKS), or bind to 127.0.0.1',
    ]);
    expect(slack.callsTo('auth.test')).toHaveLength(0);
  }, 60_000);

  it('a refused Discord token on `radar discord register` logs the detail at debug', async () => {
    discord.failNext('PUT /applications/:id/commands', { status: 401, message: '401: Unauthorized', code: 0 });
    const debug = await spawnRadar(['discord', 'register'], { DISCORD_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'debug' });
    expect(debug.status).toBe(1);
    const [line, ...log] = debug.stderr.trimEnd().split('\n').reverse();
    expect(line).toBe('radar discord: DISCORD_TOKEN was refused by Discord (401 Unauthorized)');
    expect(log.join('\n')).toMatch(/"level":20.*DiscordAPIError.*"msg":"discord registration failed"/);
    expect(debug.stderr).not.toContain(DISCORD_TOKEN);
  }, 60_000);
});
