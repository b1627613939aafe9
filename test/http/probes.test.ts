/**
 * The instance's HTTP server: /livez and /readyz on 127.0.0.1 by default, 503 with the reason when
 * a chat adapter is not connected, off without a port, and a port in use refused in one line
 * naming the setting (through the real binary).
 */
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';
import { testConfigYaml, useTestRadars } from '../helpers/radar.ts';
import { recordingAdapter } from '../helpers/recording-adapter.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

/** A feed nothing listens for (these tests are about the server, not polling). */
const FEEDS = [{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }];

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
};

describe('/livez and /readyz', () => {
  const radars = useTestRadars();

  it('answer on 127.0.0.1; /readyz is 503 naming an adapter that is not connected, 200 once it is', async () => {
    const chat = recordingAdapter();
    chat.state.problem = 'not connected';
    const test = await radars.start(FEEDS, { adapters: [chat.adapter], env: { RADAR_HTTP_PORT: '0' } });
    expect(test.radar.httpUrl()).toBeNull();
    await test.radar.start();
    const url = test.radar.httpUrl()!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${url}/livez`)).toEqual({ status: 200, body: 'ok\n' });
    expect(await get(`${url}/readyz`)).toEqual({ status: 503, body: 'not ready\nconsole: not connected\n' });
    chat.state.problem = null;
    expect(await get(`${url}/readyz`)).toEqual({ status: 200, body: 'ready\n' });
    expect((await get(`${url}/nothing`)).status).toBe(404);
    await test.radar.stop();
    await expect(fetch(`${url}/livez`)).rejects.toThrow();
  });

  it('is off without a port', async () => {
    const test = await radars.start(FEEDS);
    await test.radar.start();
    expect(test.radar.httpUrl()).toBeNull();
  });
});

describe('http settings', () => {
  const parse = (yaml: string, env: Record<string, string> = {}) => parseConfig(testConfigYaml('/tmp/radar-http', FEEDS, yaml), '/tmp/radar-http/radar.yaml', env);

  it('reads http.port and http.host; RADAR_HTTP_PORT and RADAR_HTTP_HOST override', () => {
    expect(parse('http: { port: 8080 }').http).toEqual({ port: 8080, host: '127.0.0.1', setting: 'http.port', pageToken: null });
    expect(parse('http: { port: 8080, host: 0.0.0.0 }', { RADAR_HTTP_PORT: '9090', RADAR_METRICS_TOKEN: 'probe-test-token-0001' }).http).toEqual({ port: 9090, host: '0.0.0.0', setting: 'RADAR_HTTP_PORT', pageToken: null });
    expect(parse('', { RADAR_HTTP_HOST: '::1' }).http).toBeNull();
  });

  it('names a bad port', () => {
    expect(() => parse('http: { port: 70000 }')).toThrow(/http\.port: expected a port from 0 to 65535/);
    try {
      parse('', { RADAR_HTTP_PORT: 'eighty' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['RADAR_HTTP_PORT: expected a port from 0 to 65535, got "eighty"']);
    }
  });
});

describe('a port in use', () => {
  let busy: Server | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await new Promise((resolve) => (busy ? busy.close(resolve) : resolve(undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('`radar run` stops with one line naming the setting, exit status 1', { timeout: 30_000 }, async () => {
    busy = createServer();
    const port = await new Promise<number>((resolve) => busy!.listen(0, '127.0.0.1', () => resolve((busy!.address() as { port: number }).port)));
    dir = mkdtempSync(join(tmpdir(), 'radar-http-'));
    const configFile = join(dir, 'radar.yaml');
    writeFileSync(configFile, testConfigYaml(dir, FEEDS, `http: { port: ${port} }`));
    const run = await spawnRadar(['run'], { RADAR_CONFIG: configFile });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`radar run: http.port ${port} is already in use: stop what listens there, or set http.port to a free port\n`);
  });
});
