/**
 * `/radar ping` through the real command core: anyone may ask; it says Radar is up, how many
 * feeds it follows and how long ago it last polled. Help and the Discord schema list it from
 * the command table (test/commands/table.test.ts checks every entry).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { radarCommands } from '../../src/adapters/discord/commands-schema.ts';
import { rssFeed, type FeedServer } from '../helpers/feed-server.ts';
import { useTestRadars, type TestRadar } from '../helpers/radar.ts';

const START = Date.parse('2026-03-02T12:00:00Z');

describe('/radar ping', () => {
  const radars = useTestRadars();
  let server: FeedServer;
  let test: TestRadar | null = null;
  let now = START;
  const ask = (text: string) => test!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text });

  beforeEach(async () => {
    now = START;
    server = radars.server;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [] }));
    server.serve('/diario.xml', rssFeed({ title: 'Diario', items: [] }));
    test = await radars.start([
      { id: 'wire', name: 'Wire', url: server.url('/wire.xml') },
      { id: 'diario', name: 'Diario', url: server.url('/diario.xml') },
    ], { clock: () => now });
  });

  it('answers anyone with the feeds followed and the age of the last poll', async () => {
    expect(await ask('ping')).toMatchObject({ ok: true, ephemeral: true, text: 'pong: Radar is up, 2 feeds, no poll yet.' });
    await test!.radar.pollOnce();
    now += 5 * 60_000;
    expect((await ask('ping')).text).toBe('pong: Radar is up, 2 feeds, last poll 5m ago.');
    expect((await ask('ping now')).text).toBe('ping takes no arguments. Usage: /radar ping');
  });

  it('is in help and in the Discord command without being written there', async () => {
    expect((await ask('help')).text).toContain('/radar ping — check that Radar is up');
    const [radar] = radarCommands() as Array<{ options: Array<{ name: string; type: number }> }>;
    expect(radar!.options.find((o) => o.name === 'ping')).toMatchObject({ type: 1 });
  });
});
