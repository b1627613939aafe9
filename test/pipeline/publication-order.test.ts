/**
 * Which report of a story becomes the alert: within one poll, the earliest published, whichever
 * feed is read first. Real feeds on 127.0.0.1 (RSS and JSON Feed), real SQLite, console adapter.
 */
import { describe, expect, it } from 'vitest';
import { jsonFeed, rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { useTestRadars, TEST_POLL_YAML, type TestRadar } from '../helpers/radar.ts';

const T0 = Date.parse('2025-09-03T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const QUIET = (id: string): FeedEntrySpec => ({
  title: `Rain expected in Monterrey this weekend (${id})`,
  link: `https://${id}.example/weather`,
  description: 'Forecasters expect light rain and mild temperatures.',
  pubDate: at(-120),
});

const WIRE: FeedEntrySpec = {
  title: 'Rubio and Sheinbaum agree on new US-Mexico security group to fight cartels',
  link: 'https://wire.example/world/rubio-sheinbaum-security-group/',
  guid: 'wire-1001',
  description: 'MEXICO CITY (Wire) - U.S. Secretary of State Marco Rubio and Mexican President Claudia Sheinbaum agreed on Wednesday to set up a high-level security group to fight cartels and fentanyl trafficking.',
  pubDate: at(-3),
};

const DIGITAL: FeedEntrySpec = {
  title: 'Rubio, Sheinbaum launch US-Mexico security group, rule out US strikes in Mexico',
  link: 'https://digital.example/article/rubio-sheinbaum-mexico-security-group',
  description: 'Secretary of State Marco Rubio and President Claudia Sheinbaum announced a security cooperation group in Mexico City on Wednesday; Sheinbaum said US strikes on Mexican soil were ruled out.',
  pubDate: at(-1),
};

describe('the earliest report of a story in a poll is its alert', () => {
  const radars = useTestRadars();
  let test: TestRadar;

  it('alerts the wire published three minutes before, not the JSON feed read first and published one minute before', async () => {
    const { server } = radars;
    server.serve('/digital.json', jsonFeed({ title: 'Digital Desk', items: [QUIET('digital')] }), { 'content-type': 'application/feed+json' });
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [QUIET('wire')] }));
    let now = T0 - 30 * 60_000;
    // One feed at a time, in id order: the JSON feed ("digital") is read and decided before the wire.
    test = await radars.start([
      { id: 'digital', name: 'Digital Desk', url: server.url('/digital.json'), lang: 'en' },
      { id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' },
    ], { clock: () => now, pollYaml: `${TEST_POLL_YAML}, concurrency: 1`, extraYaml: 'stories: { window: 72h, followUpEvery: 10m }' });
    await test.radar.pollOnce();
    expect(test.output()).toBe('');

    server.serve('/digital.json', jsonFeed({ title: 'Digital Desk', items: [DIGITAL, QUIET('digital')] }), { 'content-type': 'application/feed+json' });
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [WIRE, QUIET('wire')] }));
    now = T0;
    const results = await test.radar.pollOnce();
    expect(results.map((r) => [r.feedId, r.status, r.fresh])).toEqual([['digital', 'ok', 1], ['wire', 'ok', 1]]);
    expect([...test.output().matchAll(/^▶ (.*)$/gm)].map((m) => m[1])).toEqual([WIRE.title]);
    expect(test.output()).toContain('Wire Service · EN · 2025-09-03 17:57 UTC');

    // The later report is the story's follow-up, once the pacing allows it.
    now = T0 + 11 * 60_000;
    await test.radar.pollOnce();
    expect(test.output()).toMatch(/↳ Also reported by Digital Desk \(Rubio and Sheinbaum agree/);
    expect(test.output().match(/^▶ /gm)).toHaveLength(1);

    // `/radar top` names the same report as the alert.
    const top = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text: 'top 24h' });
    expect(top.blocks[1]).toMatchObject({ type: 'item', title: WIRE.title });
    expect(top.text).toContain('2 outlets');
  });
});
