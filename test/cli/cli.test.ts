/**
 * The `radar` binary as a user runs it: `radar demo` (bundled sample feeds on 127.0.0.1, no
 * network), `radar poll --once [--dry-run]` and `radar migrate` against a local feed server,
 * and usage errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { testConfigYaml } from '../helpers/radar.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

const radar = spawnRadar;

describe('radar CLI', () => {
  let server: FeedServer;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'radar-cli-'));
    server.serve('/feed.xml', rssFeed({
      title: 'Noticias',
      items: [
        { title: 'Sheinbaum rechaza ataques militares de EE.UU. contra cárteles en territorio mexicano', link: 'https://noticias.example/1', description: 'La presidenta afirmó que la soberanía no se negocia.', pubDate: new Date() },
        { title: 'Tomateros de Culiacán ganan la serie', link: 'https://noticias.example/2', description: 'El equipo de béisbol venció a Mexicali.', pubDate: new Date() },
      ],
    }), { etag: '"n1"' });
    configFile = join(dir, 'radar.yaml');
    writeFileSync(configFile, testConfigYaml(dir, [{ id: 'noticias', name: 'Noticias MX', url: server.url('/feed.xml'), lang: 'es' }]));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('`radar demo` runs the real pipeline on the bundled samples and prints alerts', async () => {
    const run = await radar(['demo']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const alerts = run.stdout.match(/^▶ /gm) ?? [];
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    expect(run.stdout).toMatch(/score 0\.\d\d/);
    expect(run.stdout).toMatch(/matched: /);
    expect(run.stdout).toMatch(/Cártel|cártel|soberanía/); // the windows-1252 sample decoded
    expect(run.stdout).toContain(`Demo done: ${alerts.length} alert(s)`);
    // Its database is gone: the closing text and the help say so, so a search afterwards puzzles no one.
    expect(run.stdout).toMatch(/demo database was temporary and has been deleted/);
    const help = await radar(['help']);
    expect(help.stdout).toMatch(/demo's database is temporary/);
  }, 30_000);

  it('`radar poll --once --dry-run` decides without writing; `poll --once` writes and alerts', async () => {
    const env = { RADAR_CONFIG: configFile };
    const dry = await radar(['poll', '--once', '--dry-run'], env);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('[dry run → newsroom]');
    expect(dry.stdout).toContain('Sheinbaum rechaza ataques militares');
    expect(dry.stderr).toContain('polled 1 feeds: 1 ok, 0 not modified, 0 failed; 2 new items, 1 alerts (dry run');

    const real = await radar(['poll', '--once'], env);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain('▶ Sheinbaum rechaza ataques militares');
    expect(real.stdout).not.toContain('Tomateros');
    expect(real.stderr).toContain('2 new items, 1 alerts');

    const again = await radar(['poll', '--once'], env);
    expect(again.stderr).toContain('0 ok, 1 not modified, 0 failed; 0 new items, 0 alerts');
    expect(again.stdout).toBe('');

    const migrate = await radar(['migrate'], env);
    expect(migrate.stdout).toMatch(/radar\.sqlite: 0 migration\(s\) applied/);
  }, 30_000);

  it('answers unknown commands and options with usage and status 2', async () => {
    const unknown = await radar(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/frobnicate/);
    expect(unknown.stderr).toMatch(/Usage|usage/);
    const badOption = await radar(['poll', '--twice']);
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toMatch(/--twice/);
    expect(badOption.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
