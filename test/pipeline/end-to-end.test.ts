/**
 * One feed item's whole path through real parts: an HTTP feed server on 127.0.0.1 → fetch → parse →
 * score → route → SQLite file → outbox → console adapter.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { rssFeed, atomFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { useTestRadars, type TestRadar } from '../helpers/radar.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000);

const WIRE: FeedEntrySpec[] = [
  {
    title: 'Sheinbaum rejects any US military strike against cartels on Mexican soil',
    link: 'https://wire.example/sheinbaum-strikes',
    guid: 'wire-1',
    description: '<p>Mexico&#8217;s president said sovereignty is <b>not negotiable</b> after Washington floated drone strikes on fentanyl labs in Sinaloa.</p>',
    pubDate: minutesAgo(30),
  },
  {
    title: 'OPEC+ cartel agrees to cut oil output',
    link: 'https://wire.example/opec',
    guid: 'wire-2',
    description: 'Saudi Arabia and Russia led the decision.',
    pubDate: minutesAgo(40),
  },
];

describe('end to end: HTTP feed to console alert', () => {
  const radars = useTestRadars();
  let test: TestRadar;

  it('prints relevant items readably, stores every item, and keeps going past broken feeds', async () => {
    const { server } = radars;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: WIRE }), { etag: '"w1"' });
    const spanish = rssFeed({
      title: 'Diario',
      items: [{
        title: 'Extraditan a Estados Unidos a líder del Cártel de Sinaloa',
        link: 'https://diario.example/extradicion',
        description: 'La FGR entregó al detenido en Toluca; la soberanía y la cooperación de seguridad, en la agenda.',
        pubDate: minutesAgo(10),
      }],
    }).replace('encoding="UTF-8"', 'encoding="windows-1252"');
    server.serve('/diario.xml', iconv.encode(spanish, 'windows-1252'), { 'content-type': 'application/rss+xml; charset=windows-1252' });
    server.route('/down.xml', (_req, res) => void res.writeHead(500).end('boom'));
    server.serve('/html.xml', '<!doctype html><html><body>Not a feed</body></html>', { 'content-type': 'text/html' });

    test = await radars.start([
      { id: 'down', name: 'Down Outlet', url: server.url('/down.xml') },
      { id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' },
      { id: 'html', name: 'HTML Outlet', url: server.url('/html.xml') },
      { id: 'diario', name: 'El Diario', url: server.url('/diario.xml'), lang: 'es' },
    ], { clock: () => NOW });

    const results = await test.radar.pollOnce();
    const status = Object.fromEntries(results.map((r) => [r.feedId, r.status]));
    expect(status).toEqual({ down: 'failed', wire: 'ok', html: 'failed', diario: 'ok' });

    const out = test.output();
    expect(out).toContain('▶ Sheinbaum rejects any US military strike against cartels on Mexican soil');
    expect(out).toContain('Wire Service · EN · 2026-11-24 11:30 UTC · score');
    expect(out).toContain('https://wire.example/sheinbaum-strikes');
    expect(out).toContain('Mexico’s president said sovereignty is not negotiable');
    expect(out).toContain('▶ Extraditan a Estados Unidos a líder del Cártel de Sinaloa');
    expect(out).toContain('La FGR entregó al detenido en Toluca');
    expect(out).toMatch(/matched: [^\n]*cartel/i);
    expect(out).not.toContain('OPEC');

    const counts = await test.radar.store.counts(0);
    expect(counts).toMatchObject({ items: 3, alertsSince: 2, pendingOutbox: 0, failingFeeds: 2 });
    const feeds = Object.fromEntries((await test.radar.store.listFeeds()).map((f) => [f.id, f]));
    expect(feeds.down).toMatchObject({ consecutiveFailures: 1, seeded: false });
    expect(feeds.down!.lastError).toContain('500');
    expect(feeds.html!.lastError).toMatch(/html/i);
    expect(feeds.wire).toMatchObject({ consecutiveFailures: 0, etag: '"w1"', lastSuccessAt: NOW, seeded: true });
  });

  it('stops once however often stop() is called (a second signal during shutdown)', async () => {
    const { server } = radars;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: WIRE }));
    test = await radars.start([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' }], { clock: () => NOW });
    await test.radar.pollOnce();
    const first = test.radar.stop();
    const second = test.radar.stop();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    await expect(test.radar.stop()).resolves.toBeUndefined();
    expect(test.output()).toContain('▶ ');
  });

  it('answers a 304 with no parsing and no writes but the feed state, then alerts once on a new item', async () => {
    const { server } = radars;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: WIRE }), { etag: '"w1"' });
    let now = NOW;
    test = await radars.start([{ id: 'wire', name: 'Wire Service', url: server.url('/wire.xml') }], { clock: () => now });
    await test.radar.pollOnce();
    const before = test.output();
    expect(before.match(/▶/g)).toHaveLength(1);

    now += 10 * 60_000;
    const [second] = await test.radar.pollOnce();
    expect(second).toMatchObject({ status: 'not_modified', parsed: 0, fresh: 0 });
    expect(server.requests('/wire.xml').at(-1)!.headers['if-none-match']).toBe('"w1"');
    expect(await test.radar.store.counts(0)).toMatchObject({ items: 2, alertsSince: 1 });
    const feed = (await test.radar.store.listFeeds())[0]!;
    expect(feed).toMatchObject({ lastSuccessAt: now, nextPollAt: now + 5 * 60_000 });
    expect(test.output()).toBe(before);

    const fresh: FeedEntrySpec = {
      title: 'Pentagon prepares options for strikes on cartels in Mexico',
      link: 'https://wire.example/pentagon',
      guid: 'wire-3',
      description: 'Officials said plans include special forces.',
      pubDate: new Date(now),
    };
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [fresh, ...WIRE] }), { etag: '"w2"' });
    now += 10 * 60_000;
    const [third] = await test.radar.pollOnce();
    expect(third).toMatchObject({ status: 'ok', parsed: 3, fresh: 1 });
    const after = test.output().slice(before.length);
    expect(after.match(/▶/g)).toHaveLength(1);
    expect(after).toContain('Pentagon prepares options for strikes on cartels in Mexico');
  });

  it('stores every item of a new feed but alerts only on its newest three, and never again after a restart', async () => {
    const { server } = radars;
    const headlines = [
      'Detienen en Culiacán a operador financiero del Cártel de Sinaloa',
      'Marina asegura narcolaboratorio del CJNG en Michoacán',
      'FGR extradita a Estados Unidos a lugarteniente de Los Chapitos',
      'Sheinbaum rechaza intervención militar de EU contra cárteles',
      'Aseguran 300 kilos de fentanilo en Sonora; detienen a dos',
      'Harfuch presenta balance de homicidios dolosos en Sinaloa',
      'EU designa a seis cárteles mexicanos como organizaciones terroristas',
      'Trasladan a 26 narcotraficantes a Estados Unidos, confirma Seguridad',
    ];
    const items: FeedEntrySpec[] = headlines.map((title, i) => ({
      title,
      link: `https://atom.example/nota-${i + 1}`,
      description: 'Información del Gabinete de Seguridad.',
      pubDate: minutesAgo(100 - i * 10),
    }));
    server.serve('/atom.xml', atomFeed({ title: 'Atom', items }), { 'content-type': 'application/atom+xml' });
    test = await radars.start([{ id: 'atom', name: 'Atom Noticias', url: server.url('/atom.xml'), lang: 'es' }], { clock: () => NOW });
    const [first] = await test.radar.pollOnce();
    expect(first).toMatchObject({ parsed: 8, fresh: 8 });
    const titles = [...test.output().matchAll(/▶ (.*)/g)].map((m) => m[1]);
    expect(titles.sort()).toEqual(headlines.slice(5).sort());
    expect(await test.radar.store.counts(0)).toMatchObject({ items: 8, alertsSince: 3 });

    const dir = test.dir;
    await test.radar.stop();
    const printed = test.output();
    test = await radars.start([{ id: 'atom', name: 'Atom Noticias', url: server.url('/atom.xml'), lang: 'es' }], { clock: () => NOW + 3_600_000, dir });
    const [again] = await test.radar.pollOnce();
    expect(again).toMatchObject({ parsed: 8, fresh: 0, alerts: [] });
    expect(test.output()).toBe('');
    expect(printed.match(/▶/g)).toHaveLength(3);
  });
});
