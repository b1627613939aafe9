/**
 * The adaptive schedule through real parts: feeds on a server on 127.0.0.1, polled by a Radar on a
 * SQLite file with an injected clock. Each feed's next poll follows what its documents show — a busy
 * wire soon, a quiet column late, a burst sooner — and what the server asks (Cache-Control, RSS
 * ttl); `/radar feeds` shows each interval and why.
 */
import { describe, expect, it } from 'vitest';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { useTestRadars } from '../helpers/radar.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Any moment works: every time below is relative to it. */
const T0 = Date.parse('2026-11-23T16:00:00Z');

/** `count` items, `everyMs` apart, the newest `newestAgoMs` before `now`. */
function entries(prefix: string, count: number, everyMs: number, now: number, newestAgoMs = 0): FeedEntrySpec[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `${prefix} ${i}`,
    link: `https://${prefix}.example/${now - newestAgoMs - i * everyMs}`,
    pubDate: new Date(now - newestAgoMs - i * everyMs),
  }));
}

describe('the adaptive schedule', () => {
  const radars = useTestRadars();

  it('polls each feed by its rhythm and what its server asks, adapts to a burst, and says why in /radar feeds', async () => {
    const { server } = radars;
    let now = T0;
    // Weekly, in the small hours: nothing due now.
    const quietItems = entries('column', 4, 7 * 24 * HOUR, now, 3 * 24 * HOUR + 7 * HOUR);
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: entries('wire', 40, 5 * MINUTE, now) }));
    server.serve('/column.xml', rssFeed({ title: 'Column', items: quietItems }));
    server.serve('/cached.xml', rssFeed({ title: 'Cached', items: entries('cached', 40, 5 * MINUTE, now) }), { 'cache-control': 'public, max-age=1200' });
    server.serve('/ttl.xml', rssFeed({ title: 'Slow', items: entries('slow', 40, 5 * MINUTE, now) }).replace('<channel>', '<channel><ttl>90</ttl>'));
    const test = await radars.start([
      { id: 'wire', name: 'Wire', url: server.url('/wire.xml') },
      { id: 'column', name: 'Column', url: server.url('/column.xml') },
      { id: 'cached', name: 'Cached', url: server.url('/cached.xml') },
      { id: 'slow', name: 'Slow', url: server.url('/ttl.xml') },
    ], { clock: () => now, pollYaml: 'jitter: 0, firstPollAlerts: 0' });

    const feeds = async () => Object.fromEntries((await test.radar.store.listFeeds()).map((f) => [f.id, f]));
    await test.radar.pollOnce();
    let by = await feeds();
    // 12 an hour (its latest hour weighs most): pace 6m ÷ √12 is under the 2-minute floor.
    expect(by.wire).toMatchObject({ pollIntervalMs: 2 * MINUTE, nextPollAt: now + 2 * MINUTE });
    expect(by.wire!.pollReason).toMatch(/^(rhythm|burst): ~1\d items\/h \(minimum\)$/);
    expect(by.column, by.column!.pollReason!).toMatchObject({ pollIntervalMs: HOUR, nextPollAt: now + HOUR });
    expect(by.column!.pollReason).toMatch(/\(maximum\)$/);
    expect(by.cached).toMatchObject({ pollIntervalMs: 20 * MINUTE, pollReason: 'server: Cache-Control/Expires' });
    expect(by.slow).toMatchObject({ pollIntervalMs: 90 * MINUTE, pollReason: 'feed: RSS ttl' });

    // An hour on, the column breaks news: five items in twenty minutes. It is polled again within minutes.
    now += HOUR;
    server.serve('/column.xml', rssFeed({ title: 'Column', items: [...entries('breaking', 5, 4 * MINUTE, now, MINUTE), ...quietItems] }));
    await test.radar.pollOnce();
    by = await feeds();
    expect(by.column!.pollIntervalMs).toBeLessThan(10 * MINUTE);
    expect(by.column!.pollReason).toMatch(/^burst: ~\d\.\d items\/h$/);
    expect(by.column!.nextPollAt).toBe(now + by.column!.pollIntervalMs!);

    const reply = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text: 'feeds' });
    expect(reply.ok).toBe(true);
    const line = (name: string) => reply.text.split('•').find((block) => block.includes(`✓ ${name} `)) ?? '';
    // The wire, quiet for the hour, is polled a little less often.
    expect(line('Wire')).toMatch(/every 2m \(rhythm: ~\d\.\d items\/h\)/);
    expect(line('Cached')).toContain('every 20m (server: Cache-Control/Expires)');
    expect(line('Slow')).toContain('every 1h 30m (feed: RSS ttl)');
    expect(line('Column')).toMatch(/every \dm \(burst: ~\d\.\d items\/h\)/);
  });
});
