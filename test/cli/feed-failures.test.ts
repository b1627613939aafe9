/**
 * What the operator sees of failing feeds, through the real binary: hostile servers (escape codes
 * in an HTTP reason phrase, in a body that a JSON parser quotes), a JSON Feed of nested junk, and
 * the exit status of `radar poll --once` when every feed failed or only some did.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { testConfigYaml, type TestFeed } from '../helpers/radar.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

/** Any C0/C1 control byte but newline (ESC, BEL, CSI…). */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const HOSTILE = '\u001b[2J\u001b[31mGo away\u001b]0;pwned\u0007\u009b1m now';

describe('failing feeds, as the operator sees them', () => {
  let server: FeedServer;
  let dir: string;
  let failing: TestFeed[];

  const config = (name: string, feeds: TestFeed[]): string => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, testConfigYaml(join(dir, name), feeds));
    return file;
  };

  beforeAll(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'radar-failures-'));
    // A reason phrase Node's own server would refuse to send: written to the socket by hand.
    server.route('/reason.xml', (_req, res) => {
      res.socket!.end(`HTTP/1.1 503 ${HOSTILE}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    });
    server.serve('/body.json', `{"version": "https://jsonfeed.org/version/1.1", "items": [${HOSTILE}]}`, { 'content-type': 'application/feed+json' });
    const depth = 5_000;
    server.serve('/nested.json', `{"version": "https://jsonfeed.org/version/1.1", "items": [${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]}`, { 'content-type': 'application/feed+json' });
    server.serve('/good.xml', rssFeed({ title: 'Good', items: [{ title: 'Tomateros de Culiacán ganan la serie', link: 'https://good.example/1', pubDate: new Date() }] }));
    failing = [
      { id: 'reason', name: 'Reason', url: server.url('/reason.xml') },
      { id: 'body', name: 'Body', url: server.url('/body.json') },
      { id: 'nested', name: 'Nested', url: server.url('/nested.json') },
    ];
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores and prints feed errors without control bytes, and exits 3 when every feed failed', async () => {
    const env = { RADAR_CONFIG: config('all-failing', failing) };
    const poll = await spawnRadar(['poll', '--once'], env);
    expect(poll.stderr).toContain('polled 3 feeds: 0 ok, 0 not modified, 3 failed');
    expect(poll.status).toBe(3);
    expect(poll.stderr).not.toMatch(CONTROL);
    expect(poll.stderr).toMatch(/✗ reason: HTTP 503 .*Go away/);
    expect(poll.stderr).toMatch(/✗ body: invalid JSON/);
    // Nested junk is a parse failure that names the feed, not an "ok" feed with no items.
    expect(poll.stderr).toContain("✗ nested: none of the JSON Feed's 1 items has a title, a summary or a url");

    const db = new Database(join(dir, 'all-failing', 'radar.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT id, last_error FROM feeds ORDER BY id').all() as Array<{ id: string; last_error: string }>;
    db.close();
    expect(stored.map((f) => f.id)).toEqual(['body', 'nested', 'reason']);
    for (const f of stored) {
      expect(f.last_error, f.id).toBeTruthy();
      expect(f.last_error, f.id).not.toMatch(CONTROL);
      expect(f.last_error.length, f.id).toBeLessThanOrEqual(500);
    }

    const feeds = await spawnRadar(['cmd', 'feeds'], env);
    expect(feeds.status).toBe(0);
    expect(feeds.stdout).toContain('3 feeds, 3 failing');
    expect(feeds.stdout).toContain('Go away');
    expect(feeds.stdout).not.toMatch(CONTROL);
  }, 60_000);

  it('exits 0 when at least one feed was read, and says which failed', async () => {
    const poll = await spawnRadar(['poll', '--once'], { RADAR_CONFIG: config('some-failing', [{ id: 'good', name: 'Good', url: server.url('/good.xml') }, failing[0]!]) });
    expect(poll.stderr).toContain('polled 2 feeds: 1 ok, 0 not modified, 1 failed');
    expect(poll.stderr).toMatch(/✗ reason: HTTP 503/);
    expect(poll.status).toBe(0);
  }, 60_000);
});
