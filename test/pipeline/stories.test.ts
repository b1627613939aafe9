/**
 * One alert per story, through the real pipeline: the same event from five outlets (two in Spanish)
 * and a republished item give one alert and one aggregated follow-up, also across a restart.
 */
import { describe, expect, it } from 'vitest';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { useTestRadars, type TestFeed, type TestRadar } from '../helpers/radar.ts';

const T0 = Date.parse('2025-09-03T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const OUTLETS: Array<TestFeed & { entry: FeedEntrySpec }> = [
  {
    id: 'wire', name: 'Wire Service', url: '', lang: 'en',
    entry: {
      title: 'Rubio and Sheinbaum agree on new US-Mexico security group to fight cartels',
      link: 'https://wire.example/world/rubio-sheinbaum-security-group-2025-09-03/',
      guid: 'wire-1001',
      description: 'MEXICO CITY (Wire) - U.S. Secretary of State Marco Rubio and Mexican President Claudia Sheinbaum agreed on Wednesday to set up a high-level security group to fight cartels and fentanyl trafficking.',
      pubDate: at(0),
    },
  },
  {
    id: 'press', name: 'Associated Press', url: '', lang: 'en',
    entry: {
      title: 'Rubio, Sheinbaum launch US-Mexico security group, rule out US strikes in Mexico',
      link: 'https://press.example/article/rubio-sheinbaum-mexico-security-group',
      description: 'Secretary of State Marco Rubio and President Claudia Sheinbaum announced a security cooperation group in Mexico City on Wednesday; Sheinbaum said US strikes on Mexican soil were ruled out.',
      pubDate: at(12),
    },
  },
  {
    id: 'globe', name: 'The Globe', url: '', lang: 'en',
    entry: {
      title: 'US and Mexico form high-level security group after Rubio meets Sheinbaum in Mexico City',
      link: 'https://globe.example/news/2025/09/03/us-mexico-security-group?utm_source=rss',
      description: 'The security group agreed by Rubio and Sheinbaum will meet regularly to coordinate action against cartels, arms trafficking and fentanyl.',
      pubDate: at(25),
    },
  },
  {
    id: 'universal', name: 'El Universal', url: '', lang: 'es',
    entry: {
      title: 'Sheinbaum y Rubio acuerdan grupo de seguridad de alto nivel entre México y EU contra cárteles',
      link: 'https://universal.example/nacion/sheinbaum-rubio-grupo-seguridad/',
      description: 'La presidenta Claudia Sheinbaum y el secretario de Estado Marco Rubio acordaron en Palacio Nacional un grupo de seguridad de alto nivel contra los cárteles y el tráfico de fentanilo.',
      pubDate: at(30),
    },
  },
  {
    id: 'milenio', name: 'Milenio', url: '', lang: 'es',
    entry: {
      title: 'Rubio y Sheinbaum pactan grupo de seguridad México-EU; descartan ataques de EU en territorio mexicano',
      link: 'https://milenio.example/politica/rubio-sheinbaum-grupo-seguridad',
      description: 'Marco Rubio y Claudia Sheinbaum anunciaron un grupo de seguridad entre México y Estados Unidos contra cárteles y fentanilo.',
      pubDate: at(41),
    },
  },
];

describe('one alert per story', () => {
  const radars = useTestRadars();
  let test: TestRadar;

  it('five outlets and a republished item give one alert and one aggregated follow-up, across a restart', async () => {
    const { server } = radars;
    const feeds = OUTLETS.map((o) => {
      server.serve(`/${o.id}.xml`, rssFeed({ title: o.name, items: [o.entry] }), { etag: `"${o.id}-1"` });
      return { ...o, url: server.url(`/${o.id}.xml`) };
    });
    let now = T0 + 45 * 60_000;
    const clock = () => now;
    const extraYaml = 'stories: { window: 72h, followUpEvery: 10m }';

    // The first outlet alerts; five minutes later the other four report the same event.
    test = await radars.start(feeds.slice(0, 1), { clock, extraYaml });
    await test.radar.pollOnce();
    expect(test.output().match(/^▶ /gm)).toHaveLength(1);
    await test.radar.stop();
    const dir = test.dir;
    let printed = test.output();

    now += 5 * 60_000; // a restart in between: the story index comes back from the store
    test = await radars.start(feeds, { clock, extraYaml, dir });
    await test.radar.pollOnce();
    printed += test.output();
    expect(printed.match(/^▶ /gm)).toHaveLength(1);
    expect(printed).not.toContain('↳'); // the follow-up waits for the 10-minute pacing

    // The wire republishes its story with a new guid and an edited title: same story, no alert.
    server.serve('/wire.xml', rssFeed({
      title: 'Wire Service',
      items: [{ ...OUTLETS[0]!.entry, guid: 'wire-1002', title: `UPDATE 1-${OUTLETS[0]!.entry.title}`, pubDate: at(50) }, OUTLETS[0]!.entry],
    }), { etag: '"wire-2"' });
    now += 6 * 60_000;
    const results = await test.radar.pollOnce();
    expect(results.find((r) => r.feedId === 'wire')).toMatchObject({ status: 'ok', fresh: 1 });

    const out = printed + test.output();
    expect(out.match(/^▶ /gm)).toHaveLength(1);
    expect(out).toContain('▶ Rubio and Sheinbaum agree on new US-Mexico security group to fight cartels');
    const followUps = out.match(/↳ Also reported by (.*) \(/g) ?? [];
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toContain('Associated Press, The Globe, El Universal, Milenio');
    expect(out).toContain('    - El Universal: Sheinbaum y Rubio acuerdan grupo de seguridad');
    expect(out).not.toContain('UPDATE 1-');

    // Later reports of the story make another follow-up, never a second alert.
    const counts = await test.radar.store.counts(0);
    expect(counts).toMatchObject({ items: 6, alertsSince: 1, pendingOutbox: 0 });
  });

  it('keeps two different events about the same people apart', async () => {
    const { server } = radars;
    const other: FeedEntrySpec = {
      title: 'Sheinbaum says Rubio call covered tariffs on Mexican steel and tomatoes',
      link: 'https://press.example/article/sheinbaum-rubio-tariffs-steel',
      description: 'President Claudia Sheinbaum said she spoke with Marco Rubio about US tariffs on Mexican steel, aluminum and tomatoes, and about the USMCA review.',
      pubDate: at(20),
    };
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [OUTLETS[0]!.entry] }));
    server.serve('/press.xml', rssFeed({ title: 'Press', items: [other] }));
    test = await radars.start([
      { id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' },
      { id: 'press', name: 'Associated Press', url: server.url('/press.xml'), lang: 'en' },
    ], { clock: () => T0 + 30 * 60_000 });
    await test.radar.pollOnce();
    const out = test.output();
    expect(out).toContain('▶ Rubio and Sheinbaum agree on new US-Mexico security group');
    expect(out).not.toContain('↳');
  });
});
