/**
 * The adapter registry: an adapter is built only when a channel uses it, each with a command port
 * that finds only its own channels, and a platform SDK is loaded only then (a console-only Radar
 * never loads @slack/bolt or discord.js).
 */
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commandPortFor } from '../../src/adapters/command-port.ts';
import { createAdapters } from '../../src/adapters/registry.ts';
import { PROJECT_ROOT } from '../../src/config/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';

/** Which platform SDKs a fresh process has loaded after building a Radar for these channels. */
function sdksLoaded(channels: string, env: Record<string, string>): { bolt: boolean; discord: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    import { mkdtempSync } from 'node:fs';
    import { tmpdir } from 'node:os';
    import { join } from 'node:path';
    import { PassThrough } from 'node:stream';
    import { createRadar } from './src/app.ts';
    import { parseConfig } from './src/config/index.ts';
    import { silentLogger } from './src/shared/logger.ts';
    import { testConfigYaml } from './test/helpers/radar.ts';
    const dir = mkdtempSync(join(tmpdir(), 'radar-lazy-'));
    const feed = { id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/feed.xml' };
    const config = parseConfig(testConfigYaml(dir, [feed], '', ${JSON.stringify(channels)}), join(dir, 'radar.yaml'), ${JSON.stringify(env)});
    const radar = await createRadar(config, { logger: silentLogger(), consoleOut: new PassThrough() });
    await radar.stop();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write(JSON.stringify({ bolt: loaded.some((p) => p.includes('/@slack/bolt/')), discord: loaded.some((p) => p.includes('/discord.js/')) }));
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { bolt: boolean; discord: boolean };
}

describe('adapter registry', () => {
  it('loads a platform SDK only when a channel uses its adapter', () => {
    const tokens = { SLACK_BOT_TOKEN: 'xoxb-lazy-0001', SLACK_APP_TOKEN: 'xapp-lazy-0001', DISCORD_TOKEN: 'discord-lazy-0001' };
    expect(sdksLoaded('  - { id: newsroom, adapter: console, target: stdout, topics: [cartel-sovereignty] }', tokens)).toEqual({ bolt: false, discord: false });
    expect(sdksLoaded('  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }', tokens)).toEqual({ bolt: true, discord: false });
  }, 60_000);

  it('gives each adapter a port that finds only its own channels', () => {
    const channels = [
      { id: 'desk', adapter: 'console', target: 'C0NEWS' },
      { id: 'newsroom', adapter: 'slack', target: 'C0NEWS' },
      { id: 'servers', adapter: 'discord', target: '1100000000000000004' },
    ];
    const core = { run: async () => ({ ok: true, ephemeral: true, blocks: [], text: '' }), suggest: async () => [], feedback: async () => ({ ok: true, text: '' }) };
    const slack = commandPortFor('slack', channels, core);
    expect(slack.channelFor('C0NEWS')).toBe('newsroom');
    expect(slack.channelFor('1100000000000000004')).toBeNull();
    expect(commandPortFor('discord', channels, core).channelFor('1100000000000000004')).toBe('servers');
    expect(slack.run).toBe(core.run);
    expect(slack.feedback).toBe(core.feedback);
  });

  it('builds only the adapters that channels use', async () => {
    const channels = [
      { id: 'desk', adapter: 'console', target: 'stdout' },
      { id: 'newsroom', adapter: 'slack', target: 'C0NEWS' },
    ];
    const slack = { botToken: 'xoxb-port-0001', appToken: 'xapp-port-0001', port: 0, adminUsers: [], adminGroups: [] };
    const adapters = await createAdapters({
      channels,
      settings: { console: {}, slack },
      commands: { run: async () => ({ ok: true, ephemeral: true, blocks: [], text: '' }), suggest: async () => [], feedback: async () => ({ ok: true, text: '' }) },
      logger: silentLogger(),
      stdout: new PassThrough(),
    });
    expect([...adapters.keys()]).toEqual(['console', 'slack']);
    const none = await createAdapters({ channels: [channels[0]!], settings: { console: {}, slack }, commands: { run: async () => { throw new Error('unused'); }, suggest: async () => [], feedback: async () => ({ ok: true, text: '' }) }, logger: silentLogger(), stdout: new PassThrough() });
    expect([...none.keys()]).toEqual(['console']);
  });
});
