/**
 * The database chosen by configuration, through the real binary: a wrong or unreachable
 * DATABASE_URL is one line naming it (password masked) and exit status 2; on the PostgreSQL server
 * of this machine, `radar migrate`, `radar poll --once` and `radar cmd "search …"` work as on the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { testConfigYaml } from '../helpers/radar.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

let dir: string;
let server: FeedServer;
let configFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-dburl-'));
  server = await startFeedServer();
  server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'es', items: [{ title: 'Tomateros de Culiacán ganan la serie', link: 'https://wire.example/1', pubDate: new Date() }] }));
  configFile = join(dir, 'radar.yaml');
  writeFileSync(configFile, testConfigYaml(dir, [{ id: 'wire', name: 'Wire', url: server.url('/wire.xml') }]));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a wrong DATABASE_URL', () => {
  for (const [what, url] of [
    ['unreachable', 'postgres://radar:hunter2@127.0.0.1:1/radar'],
    ['not a URL', 'postgres://radar:hunter2@127.0.0.1:notaport/radar'],
  ]) {
    it(`${what}: one line naming it, the password masked, exit status 2`, async () => {
      const run = await spawnRadar(['migrate'], { RADAR_CONFIG: configFile, DATABASE_URL: url! });
      expect(run.status).toBe(2);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^radar migrate: cannot reach database postgres:\/\/radar:\*\*\*@127\.0\.0\.1:\S+\/radar \(DATABASE_URL\): \S/);
      expect(run.stderr + run.stdout).not.toContain('hunter2');
    });
  }
});

describeOnPostgres('radar on PostgreSQL (DATABASE_URL)', () => {
  it('migrates once, polls into the server, and finds the item by search without its accent', { timeout: 90_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const env = { RADAR_CONFIG: configFile, DATABASE_URL: db.url };
      expect((await spawnRadar(['migrate'], env)).stdout).toContain(`: ${PG_MIGRATIONS.length} migration(s) applied`);
      expect((await spawnRadar(['migrate'], env)).stdout).toMatch(/: 0 migration\(s\) applied/);
      const poll = await spawnRadar(['poll', '--once'], env);
      expect(poll.stderr).toContain('polled 1 feeds: 1 ok');
      const search = await spawnRadar(['cmd', 'search culiacan'], env);
      expect(search.status).toBe(0);
      expect(search.stdout).toContain('Tomateros de Culiacán ganan la serie');
    } finally {
      await db.drop();
    }
  });
});
