/**
 * Discord in the configuration: the token from the environment, admin roles and channel targets
 * validated as snowflakes, errors that name the key.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, PROJECT_ROOT } from '../../src/config/index.ts';

const TOPIC = resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml');
const yaml = (target: string, extra = '') => `
topics:
  - { id: cartel-sovereignty, file: ${JSON.stringify(TOPIC)} }
channels:
  - { id: stdout, adapter: console, target: stdout, topics: [cartel-sovereignty] }
  - { id: newsroom, adapter: discord, target: ${target}, topics: [cartel-sovereignty] }
${extra}`;

describe('Discord configuration', () => {
  it('reads the token, application id, API URL and admin roles', () => {
    const config = parseConfig(yaml('"1100000000000000004"', 'discord: { adminRoles: ["1100000000000000006"] }'), '/tmp/radar.yaml', {
      DISCORD_TOKEN: 'discord-token-0001', DISCORD_APPLICATION_ID: '1100000000000000001', DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(config.adapters.discord).toEqual({
      token: 'discord-token-0001', applicationId: '1100000000000000001', apiUrl: 'http://127.0.0.1:9/api', publicKey: undefined, port: 3001, adminRoles: ['1100000000000000006'],
    });
    expect(config.secrets).toContain('discord-token-0001');
  });

  it.each([
    ['a discord channel without DISCORD_TOKEN', yaml('"1100000000000000004"'), {}, 'channels[1].adapter: "discord" needs DISCORD_TOKEN'],
    ['a target that is not a snowflake', yaml('general'), { DISCORD_TOKEN: 't' }, 'channels[1].target: expected a Discord channel id'],
    ['an unquoted id read as a number', yaml('1100000000000000004'), { DISCORD_TOKEN: 't' }, 'channels[1].target: expected a string: quote ids'],
    ['an admin role that is not a snowflake', yaml('"1100000000000000004"', 'discord: { adminRoles: ["Editors"] }'), { DISCORD_TOKEN: 't' }, 'discord.adminRoles[0]: expected a Discord role id'],
    ['an unknown discord key', yaml('"1100000000000000004"', 'discord: { adminUsers: [] }'), { DISCORD_TOKEN: 't' }, 'discord: unknown key "adminUsers"'],
    ['a bad public key', yaml('"1100000000000000004"'), { DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: 'xyz' }, 'DISCORD_PUBLIC_KEY: expected 64 hex characters'],
    ['a bad port', yaml('"1100000000000000004"'), { DISCORD_TOKEN: 't', DISCORD_PORT: 'http' }, 'DISCORD_PORT: expected a port number'],
    ['a bad application id', yaml('"1100000000000000004"'), { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'radar' }, 'DISCORD_APPLICATION_ID: expected the application id'],
  ])('names the key for %s', (_, text, env, message) => {
    expect(() => parseConfig(text, '/tmp/radar.yaml', env)).toThrow(message);
  });

  it('needs no Discord settings when no channel uses Discord', () => {
    const config = parseConfig(yaml('"1100000000000000004"').replace('adapter: discord', 'adapter: console'), '/tmp/radar.yaml', {});
    expect(config.adapters.discord).toBeNull();
  });
});
