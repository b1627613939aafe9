/**
 * What a chat user sees when a command fails inside Radar: a fixed sentence with an error id, never
 * the internal message; the log line with that id carries the error. Through the real command core
 * over a real SQLite file that has lost a table.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLog, shownErrorId } from '../helpers/capture-log.ts';
import { startFeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestRadar, stopTestRadar } from '../helpers/radar.ts';

describe('a command that fails inside Radar', () => {
  let test: TestRadar | null = null;
  afterEach(async () => {
    await stopTestRadar(test);
    test = null;
  });

  it('answers with a fixed sentence and an error id; the log line with that id has the internal error', async () => {
    const log = captureLog();
    test = await startTestRadar([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/feed.xml' }], { logger: log.logger });
    const db = new Database(join(test.dir, 'radar.sqlite'));
    db.exec('DROP TABLE items_fts');
    db.close();

    const answer = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: 'search cartel' });
    expect(answer).toMatchObject({ ok: false, ephemeral: true });
    const errorId = shownErrorId(answer.text);
    expect(errorId, answer.text).not.toBeNull();
    expect(JSON.stringify(answer)).not.toMatch(/items_fts|no such table|sqlite/i);

    const lines = log.lines().filter((l) => l.errorId === errorId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'command failed', channel: 'newsroom', user: 'U1', err: { message: expect.stringContaining('items_fts') } });
  });

  it('still shows a bad command line to the user as it is, with the usage, and logs nothing', async () => {
    const log = captureLog();
    test = await startTestRadar([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/feed.xml' }], { logger: log.logger });
    const answer = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: 'top 3w' });
    expect(answer).toMatchObject({ ok: false, text: 'unknown window "3w": use 24h or 7d. Usage: /radar top [24h|7d]' });
    expect(log.lines().filter((l) => l.level >= 50)).toEqual([]);
  });

  it('says why a feed cannot be added, without the escape codes its server sent', async () => {
    const server = await startFeedServer();
    // A reason phrase Node's own server would refuse to send: written to the socket by hand.
    server.route('/hostile.xml', (_req, res) => void res.socket!.end('HTTP/1.1 503 \u001b[2J\u001b[31mGo away\u009b1m now\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
    try {
      test = await startTestRadar([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/feed.xml' }], { extraYaml: 'fetch: { allowPrivateHosts: ["127.0.0.1"] }' });
      const url = server.url('/hostile.xml');
      const answer = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: `feeds add ${url}` });
      expect(answer).toMatchObject({ ok: false, text: `Cannot add ${url}: HTTP 503 Go away now (${url})` });
    } finally {
      await server.close();
    }
  });
});
