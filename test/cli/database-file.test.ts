/**
 * A database file that cannot be used as it is, through the `radar` binary: an emptied (0-byte)
 * file and a file with a damaged header are refused with a message naming the file and the way
 * out, and left as they are; `radar migrate --force-new` moves such a file aside (kept) and starts
 * a new database; a new path is created as always.
 */
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { testConfigYaml } from '../helpers/radar.ts';
import { rng } from '../helpers/rng.ts';
import { spawnRadar as radar } from '../helpers/spawn-radar.ts';

const STACK = /\n\s+at /;

describe('a database file that cannot be used as it is', () => {
  let server: FeedServer;
  let dir: string;
  let db: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startFeedServer();
    server.serve('/feed.xml', rssFeed({
      title: 'Noticias',
      items: [{ title: 'Sheinbaum rechaza ataques militares de EE.UU. contra cárteles en territorio mexicano', link: 'https://noticias.example/1', description: 'La presidenta afirmó que la soberanía no se negocia.', pubDate: new Date() }],
    }));
    dir = mkdtempSync(join(tmpdir(), 'radar-db-file-'));
    db = join(dir, 'radar.sqlite');
    writeFileSync(join(dir, 'radar.yaml'), testConfigYaml(dir, [{ id: 'noticias', name: 'Noticias MX', url: server.url('/feed.xml'), lang: 'es' }]));
    env = { RADAR_CONFIG: join(dir, 'radar.yaml') };
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an emptied (0-byte) file, naming it and the way out, and leaves it as it is', async () => {
    writeFileSync(db, '');
    const run = await radar(['poll', '--once'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`database ${db} is empty (0 bytes)`);
    expect(run.stderr).toMatch(/Restore it from a backup, or run `radar migrate --force-new`/);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stdout).toBe('');
    expect(statSync(db).size).toBe(0);
    rmSync(db);
  }, 30_000);

  it('refuses a file with a damaged header; `migrate --force-new` moves it aside, kept, and starts a new database', async () => {
    expect((await radar(['migrate'], env)).status).toBe(0);
    const random = rng(11);
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from(Array.from({ length: 100 }, () => Math.floor(random() * 256))), 0, 100, 0);
    closeSync(fd);
    const bad = readFileSync(db);

    const run = await radar(['poll', '--once'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`database ${db} is damaged or not a SQLite database (file is not a database)`);
    expect(run.stderr).toContain('radar migrate --force-new');
    expect(run.stderr).not.toMatch(STACK);
    expect(readFileSync(db).equals(bad)).toBe(true);

    const replaced = await radar(['migrate', '--force-new'], { ...env, RADAR_NOW: '2030-01-02T03:04:05Z' });
    expect(replaced.status).toBe(0);
    const aside = readdirSync(dir).filter((f) => f.startsWith('radar.sqlite.corrupt-'));
    expect(aside).toEqual([expect.stringMatching(/^radar\.sqlite\.corrupt-20300102T0304\d\dZ$/)]);
    expect(replaced.stdout).toContain(`${db}: moved aside to ${join(dir, aside[0]!)}`);
    expect(readFileSync(join(dir, aside[0]!)).equals(bad)).toBe(true);

    const poll = await radar(['poll', '--once'], env);
    expect(poll.status).toBe(0);
    expect(poll.stdout).toContain('▶ Sheinbaum rechaza ataques militares');

    // A working database is never replaced.
    const again = await radar(['migrate', '--force-new'], env);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${db} is a working database`);
    expect(readdirSync(dir).filter((f) => f.startsWith('radar.sqlite.corrupt-'))).toEqual(aside);
  }, 60_000);

  it('creates a database at a new path, as always', async () => {
    const fresh = join(dir, 'new', 'radar.sqlite');
    const run = await radar(['migrate', '--force-new'], { ...env, RADAR_DB: fresh });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/migration\(s\) applied/);
    expect(existsSync(fresh)).toBe(true);
  }, 30_000);
});
