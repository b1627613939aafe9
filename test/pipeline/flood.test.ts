/**
 * A feed seen before that suddenly carries hundreds of new relevant items (a CMS migration, changed
 * guids, a hostile feed) posts a few alerts and one "… and N more" line, through real parts: feeds
 * on 127.0.0.1, real SQLite files, the console adapter. What an uncapped Radar would have posted for
 * the same feed is the reference: nothing is lost, the earliest published alert.
 */
import { describe, expect, it } from 'vitest';
import { burst } from '../helpers/burst.ts';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { useTestRadars, type TestRadarOptions } from '../helpers/radar.ts';

const T0 = Date.parse('2025-09-03T18:00:00Z');
const MINUTE = 60_000;

const SEED: FeedEntrySpec = { title: 'Lluvias ligeras en Monterrey este fin de semana', link: 'https://wire.example/clima', guid: 'wire-clima', pubDate: new Date(T0 - 3 * 3_600_000) };
const alerted = (out: string) => [...out.matchAll(/^▶ (.*)$/gm)].map((m) => m[1]!);
const overflow = (out: string) => [...out.matchAll(/^… and ([\d,]+) more from (.*): (.*)$/gm)].map((m) => ({ count: Number(m[1]!.replace(/,/g, '')), source: m[2], command: m[3] }));

describe('a flood from one feed', () => {
  const radars = useTestRadars();

  /** A Radar on the wire feed (seeded with one quiet item) that polls once per step, with the step's items served; each step's console output. */
  async function run(steps: Array<{ at: number; items: FeedEntrySpec[]; restart?: boolean }>, options: TestRadarOptions = {}) {
    const { server } = radars;
    let now = T0 - 60 * MINUTE;
    const feeds = [{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'es' as const }];
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [SEED] }));
    let test = await radars.start(feeds, { clock: () => now, ...options });
    await test.radar.pollOnce();
    const outputs: string[] = [];
    let items = [SEED];
    for (const step of steps) {
      if (step.restart) {
        await test.radar.stop();
        test = await radars.start(feeds, { clock: () => now, ...options, dir: test.dir });
      }
      items = [...step.items, ...items];
      server.serve('/wire.xml', rssFeed({ title: 'Wire', items }));
      now = step.at;
      const before = test.output().length;
      await test.radar.pollOnce();
      outputs.push(test.output().slice(before));
    }
    return { outputs, test };
  }

  it('posts five alerts and one line for the rest of 300 new items; every item stays stored and searchable', async () => {
    const items = burst([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], T0);
    expect(items).toHaveLength(300);
    const uncapped = await run([{ at: T0, items }], { extraYaml: 'alerts: { perFeedPerPoll: 1000, perChannelPerHour: 1000 }' });
    const reference = alerted(uncapped.outputs[0]!);
    expect(reference.length).toBeGreaterThan(100);

    const { outputs: [out], test } = await run([{ at: T0, items }]); // the default limits
    expect(alerted(out!)).toEqual(reference.slice(0, 5)); // the earliest published
    expect(overflow(out!)).toEqual([{ count: reference.length - 5, source: 'Wire Service', command: '/radar search source:wire' }]);
    expect(out!.trimEnd().split('\n').at(-1)).toMatch(/^… and [\d,]+ more from Wire Service/); // after the feed's alerts

    expect(await test.radar.store.counts(0)).toMatchObject({ items: 301, alertsSince: 5, pendingOutbox: 0 });
    const ask = (text: string) => test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text });
    const fromWire = await ask('search source:wire');
    expect(fromWire.ok).toBe(true);
    expect(fromWire.blocks.filter((b) => b.type === 'item')).toHaveLength(10);
    expect(fromWire.text).toContain('Search for source:wire: 10 results');
    const held = reference.at(-1)!;
    const found = await ask(`search source:wire "${held.split(' ').slice(0, 4).join(' ')}"`);
    expect(found.text).toContain(held);
    expect((await ask('search source:elsewhere fentanilo')).text).toContain('No stored items match');
  }, 60_000);

  it('holds the per-channel limit across polls and a restart, and sums up what it held in one paced line', async () => {
    const steps = [
      { at: T0, items: burst([0], T0) },
      { at: T0 + 10 * MINUTE, items: burst([1], T0 + 10 * MINUTE), restart: true },
      { at: T0 + 30 * MINUTE, items: burst([2], T0 + 30 * MINUTE) },
      { at: T0 + 61 * MINUTE, items: [] },
    ];
    const uncapped = (await run(steps, { extraYaml: 'alerts: { perFeedPerPoll: 1000, perChannelPerHour: 1000 }' })).outputs.map((o) => alerted(o));
    expect(uncapped.slice(0, 3).map((a) => a.length >= 5)).toEqual([true, true, true]);

    const { outputs } = await run(steps, { extraYaml: 'alerts: { perFeedPerPoll: 5, perChannelPerHour: 8 }' });
    // 10:00: five alerts (the feed's limit per poll) and the line for the rest.
    expect(alerted(outputs[0]!)).toEqual(uncapped[0]!.slice(0, 5));
    expect(overflow(outputs[0]!).map((o) => o.count)).toEqual([uncapped[0]!.length - 5]);
    // 10:10, after a restart: three more make eight in the hour; the next line waits an hour after the first.
    expect(alerted(outputs[1]!)).toEqual(uncapped[1]!.slice(0, 3));
    expect(overflow(outputs[1]!)).toEqual([]);
    // 10:30: none (eight in the last hour); what it held joins the waiting line.
    expect(alerted(outputs[2]!)).toEqual([]);
    expect(overflow(outputs[2]!)).toEqual([]);
    // 11:01: the waiting line, with everything held since the first.
    expect(overflow(outputs[3]!).map((o) => o.count)).toEqual([uncapped[1]!.length - 3 + uncapped[2]!.length]);
    expect(alerted(outputs[3]!)).toEqual([]);
  }, 60_000);
});
