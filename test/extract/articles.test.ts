/**
 * Article pages, end to end: feeds and their article pages served on 127.0.0.1, read by the real
 * pipeline into a SQLite file and the console adapter. A headline-only item is scored, grouped and
 * summarised from its page; a huge page, a redirect to a private address (chat-added feed) and a
 * page with no article leave the item as the feed gave it and the alert still goes out; `never`
 * reads no page; the cycle's budget bounds the pages read.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { rssFeed } from '../helpers/feed-server.ts';
import { useTestRadars, type TestFeed, type TestRadar, type TestRadarOptions } from '../helpers/radar.ts';

const NOW = Date.UTC(2026, 11, 2, 12);
const at = (minutes: number) => new Date(NOW - 60 * 60_000 + minutes * 60_000);

/** A headline that says too little to alert on its own (score about 0.2). */
const LAB_TITLE = 'Soldiers make a discovery in the mountains of Durango';
const LAB_LEDE = 'Mexican army soldiers dismantled a fentanyl laboratory run by the Sinaloa Cartel in the mountains of Tamazula, Durango, the Defense Ministry said on Tuesday.';
const LAB_BODY = 'Troops seized 300 kilograms of precursor chemicals that officials said were bound for the United States, and detained two men who guarded the site. The ministry said the laboratory could produce several tonnes of synthetic drugs a month.';
/** A title that alerts on its own. */
const EXTRADITION_TITLE = 'Sinaloa Cartel leader extradited to the United States on fentanyl trafficking charges';

/** An article page as outlets serve them: navigation, the story, related links, a footer, scripts. */
function articlePage(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Wire</title>
<script>window.dataLayer = [{"page":"article"}];</script></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>${title}</h1><p class="byline">By Ana López</p>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Stocks rally on rate hopes</a></li><li><a href="/b">Storm hits coast</a></li></ul></aside></main>
<footer><p>© 2026 Wire. All rights reserved.</p></footer><script>trackPageView();</script></body></html>`;
}

/** A page with no article in it: a section front of links. */
const SECTION_FRONT = `<!doctype html><html><head><title>World | Wire</title></head><body><nav><a href="/">Home</a></nav>
<ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/story/${i}">Story number ${i} of the day</a></li>`).join('')}</ul>
<footer>Sign in to read more</footer></body></html>`;

interface Row { item_key: string; title: string; summary: string; content: string; story_id: number }

describe('article pages', () => {
  const radars = useTestRadars();
  let server = null as unknown as typeof radars.server;
  let test: TestRadar | null = null;
  beforeEach(() => {
    server = radars.server;
  });

  const html = (path: string, body: string) => server.serve(path, body, { 'content-type': 'text/html; charset=utf-8' });
  const start = async (feeds: TestFeed[], options: TestRadarOptions = {}) => (test = await radars.start(feeds, { clock: () => NOW, articles: true, ...options }));
  const rows = (): Row[] => {
    const db = new Database(join(test!.dir, 'radar.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT item_key, title, summary, content, story_id FROM items ORDER BY id').all() as Row[];
    } finally {
      db.close();
    }
  };
  const alerts = () => test!.output().split(/^(?=▶ )/m).filter((a) => a.startsWith('▶ '));

  it('scores, groups and summarises a headline-only item from its page, and fills in the headline of a lede-only item', async () => {
    html('/world/lab', articlePage(LAB_TITLE, [LAB_LEDE, LAB_BODY]));
    const ledeOnly = 'The government of Mexico handed 37 prisoners linked to drug cartels over to the United States on Tuesday, the third such transfer this year.';
    html('/world/transfer', articlePage('Mexico sends 37 cartel prisoners to the United States', [ledeOnly, 'Among them were leaders of the Sinaloa Cartel and the Jalisco New Generation Cartel wanted on drug trafficking charges in U.S. courts, officials said.']));
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items: [
      { title: LAB_TITLE, link: server.url('/world/lab'), guid: 'lab', pubDate: at(0) },
      { link: server.url('/world/transfer'), guid: 'transfer', description: ledeOnly, pubDate: at(5) },
    ] }));
    // Another outlet reports the lab later, with a summary: the same story, a follow-up.
    server.serve('/daily.xml', rssFeed({ title: 'Daily', language: 'en', items: [{
      title: 'Army seizes Sinaloa Cartel fentanyl laboratory in Tamazula, Durango',
      link: 'https://daily.example/lab', guid: 'daily-lab', pubDate: at(30),
      description: 'Soldiers dismantled a fentanyl laboratory of the Sinaloa Cartel in the mountains of Tamazula, Durango, and seized 300 kilograms of precursor chemicals, the Defense Ministry said.',
    }] }));
    await start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), article: 'auto' }, { id: 'daily', name: 'Daily', url: server.url('/daily.xml'), article: 'auto' }]);

    const results = await test!.radar.pollOnce();
    expect(results.find((r) => r.feedId === 'wire')!.articles).toEqual({ fetched: 2, extracted: 2, failed: 0, skipped: 0 });
    // The daily's item says enough: its page is not read.
    expect(results.find((r) => r.feedId === 'daily')!.articles.fetched).toBe(0);
    expect(server.requests('/world/lab')[0]!.headers.accept).toMatch(/^text\/html/);

    const stored = rows();
    const lab = stored.find((r) => r.item_key === 'lab')!;
    expect(lab.title).toBe(LAB_TITLE);
    expect(lab.summary).toContain(LAB_LEDE);
    expect(lab.content).toContain('300 kilograms of precursor chemicals');
    expect(lab.content).not.toMatch(/Subscribe|Most read|All rights reserved|trackPageView/);
    // Same story as the later report.
    expect(stored.find((r) => r.item_key === 'daily-lab')!.story_id).toBe(lab.story_id);
    const transfer = stored.find((r) => r.item_key === 'transfer')!;
    expect(transfer.title).toBe('Mexico sends 37 cartel prisoners to the United States');
    expect(transfer.summary).toBe(ledeOnly);

    const out = alerts();
    const labAlert = out.find((a) => a.startsWith(`▶ ${LAB_TITLE}`))!;
    expect(labAlert).toBeDefined();
    expect(labAlert).toContain('\n  Mexican army soldiers dismantled a fentanyl laboratory');
    expect(out.some((a) => a.startsWith('▶ Mexico sends 37 cartel prisoners'))).toBe(true);
    expect(out.some((a) => a.startsWith('▶ Army seizes'))).toBe(false);
  }, 30_000);

  it('stops reading a huge page at the byte cap and alerts from the headline', async () => {
    let sent = 0;
    let closed = false;
    server.route('/world/huge', async (_req, res) => {
      res.on('close', () => { closed = true; });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write(`<!doctype html><html><body><article><p>${LAB_LEDE}</p>`);
      const chunk = `<p>${'x'.repeat(64 * 1024)}</p>`;
      while (sent < 50 * 1024 * 1024 && !closed) {
        sent += chunk.length;
        if (!res.write(chunk)) await new Promise((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      }
      res.end('</article></body></html>');
    });
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items: [{ title: EXTRADITION_TITLE, link: server.url('/world/huge'), guid: 'huge', pubDate: at(0) }] }));
    await start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), article: 'auto' }], { extraYaml: 'fetch: { maxBytes: 1MB }' });

    const [result] = await test!.radar.pollOnce();
    expect(result!.articles).toEqual({ fetched: 1, extracted: 0, failed: 1, skipped: 0 });
    expect(sent).toBeLessThan(10 * 1024 * 1024);
    expect(alerts().map((a) => a.split('\n')[0])).toEqual([`▶ ${EXTRADITION_TITLE}`]);
    expect(rows()[0]!.content).toBe('');
  }, 30_000);

  it('refuses a page of a chat-added feed that redirects to a private address, and alerts from the headline', async () => {
    html('/secret', articlePage('Internal admin page', [LAB_LEDE, LAB_BODY]));
    const port = new URL(server.origin).port;
    server.route('/world/moved', (_req, res) => void res.writeHead(302, { location: `http://localhost:${port}/secret` }).end());
    server.serve('/chat.xml', rssFeed({ title: 'Chat Wire', language: 'en', items: [{ title: EXTRADITION_TITLE, link: server.url('/world/moved'), guid: 'moved', pubDate: at(0) }] }));
    server.serve('/empty.xml', rssFeed({ title: 'Empty', items: [] }));
    const log = new PassThrough();
    let logged = '';
    log.on('data', (chunk: Buffer) => { logged += chunk.toString('utf8'); });
    await start([{ id: 'empty', name: 'Empty', url: server.url('/empty.xml'), article: 'auto' }], {
      extraYaml: 'fetch: { allowPrivateHosts: ["127.0.0.1"] }',
      logger: pino({ level: 'info' }, log),
    });
    const added = await test!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: `feeds add ${server.url('/chat.xml')}` });
    expect(added.ok).toBe(true);

    const results = await test!.radar.pollOnce();
    expect(results.find((r) => r.feedId !== 'empty')!.articles).toEqual({ fetched: 1, extracted: 0, failed: 1, skipped: 0 });
    expect(server.requests('/world/moved')).toHaveLength(1);
    expect(server.requests('/secret')).toHaveLength(0);
    const refusal = logged.split('\n').find((line) => line.includes('article not read'));
    expect(refusal).toMatch(/localhost resolves to 127\.0\.0\.1, which is not a public address/);
    expect(alerts().map((a) => a.split('\n')[0])).toEqual([`▶ ${EXTRADITION_TITLE}`]);
    expect(rows()[0]!.content).toBe('');
  }, 30_000);

  it('reads a config feed\'s page on its own host but refuses a redirect off that host, and alerts from the headline', async () => {
    html('/secret', articlePage('Internal admin page', [LAB_LEDE, LAB_BODY]));
    const port = new URL(server.origin).port;
    server.route('/go', (_req, res) => void res.writeHead(302, { location: `http://localhost:${port}/secret` }).end());
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items: [{ title: EXTRADITION_TITLE, link: server.url('/go'), guid: 'open-redirect', pubDate: at(0) }] }));
    const log = new PassThrough();
    let logged = '';
    log.on('data', (chunk: Buffer) => { logged += chunk.toString('utf8'); });
    await start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), article: 'auto' }], { logger: pino({ level: 'info' }, log) });

    const [result] = await test!.radar.pollOnce();
    expect(result!.articles).toEqual({ fetched: 1, extracted: 0, failed: 1, skipped: 0 });
    expect(server.requests('/go')).toHaveLength(1);
    expect(server.requests('/secret')).toHaveLength(0);
    expect(logged.split('\n').find((line) => line.includes('article not read'))).toMatch(/to another host refused/);
    expect(alerts().map((a) => a.split('\n')[0])).toEqual([`▶ ${EXTRADITION_TITLE}`]);
    expect(rows()[0]!.content).toBe('');
  }, 30_000);

  it('refuses a page served without a Content-Type', async () => {
    server.route('/world/untyped', (_req, res) => void res.writeHead(200).end(articlePage(LAB_TITLE, [LAB_LEDE, LAB_BODY])));
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items: [{ title: EXTRADITION_TITLE, link: server.url('/world/untyped'), guid: 'untyped', pubDate: at(0) }] }));
    await start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), article: 'auto' }]);

    const [result] = await test!.radar.pollOnce();
    expect(result!.articles).toEqual({ fetched: 1, extracted: 0, failed: 1, skipped: 0 });
    expect(rows()[0]!.content).toBe('');
  }, 30_000);

  it('keeps the feed text when the page has no article, reads no page with `never`, and stays within the cycle budget', async () => {
    html('/world/front', SECTION_FRONT);
    html('/world/lab', articlePage(LAB_TITLE, [LAB_LEDE, LAB_BODY]));
    for (const n of [1, 2, 3]) html(`/world/lab${n}`, articlePage(LAB_TITLE, [LAB_LEDE, LAB_BODY]));
    server.serve('/front.xml', rssFeed({ title: 'Front', language: 'en', items: [{ title: EXTRADITION_TITLE, link: server.url('/world/front'), guid: 'front', pubDate: at(0) }] }));
    server.serve('/never.xml', rssFeed({ title: 'Never', language: 'en', items: [{ title: LAB_TITLE, link: server.url('/world/lab'), guid: 'never', pubDate: at(1) }] }));
    server.serve('/many.xml', rssFeed({ title: 'Many', language: 'en', items: [1, 2, 3].map((n) => ({ title: `${LAB_TITLE} (${n})`, link: server.url(`/world/lab${n}`), guid: `many-${n}`, pubDate: at(10 + n) })) }));
    await start([
      { id: 'front', name: 'Front', url: server.url('/front.xml'), article: 'auto' },
      { id: 'never', name: 'Never', url: server.url('/never.xml'), article: 'never' },
      { id: 'many', name: 'Many', url: server.url('/many.xml'), article: 'auto' },
    ], { extraYaml: 'fetch: { articlesPerCycle: 3 }' });

    const results = new Map((await test!.radar.pollOnce()).map((r) => [r.feedId, r]));
    expect(results.get('front')!.articles).toEqual({ fetched: 1, extracted: 0, failed: 1, skipped: 0 });
    expect(results.get('never')!.articles).toEqual({ fetched: 0, extracted: 0, failed: 0, skipped: 0 });
    expect(server.requests('/world/lab')).toHaveLength(0);
    // Three pages for the cycle: the front's, and the newest two of the many.
    expect(results.get('many')!.articles).toEqual({ fetched: 2, extracted: 2, failed: 0, skipped: 1 });
    expect(server.requests('/world/lab1')).toHaveLength(0);

    const stored = new Map(rows().map((r) => [r.item_key, r]));
    expect(stored.get('front')).toMatchObject({ title: EXTRADITION_TITLE, summary: '', content: '' });
    expect(stored.get('never')).toMatchObject({ summary: '', content: '' });
    expect(stored.get('many-3')!.content).toContain('300 kilograms');
    const heads = alerts().map((a) => a.split('\n')[0]);
    expect(heads).toContain(`▶ ${EXTRADITION_TITLE}`);
    // The headline alone does not make the lab story relevant: no page, no alert; with the page it alerts.
    expect(heads).not.toContain(`▶ ${LAB_TITLE}`);
    expect(heads).toContain(`▶ ${LAB_TITLE} (2)`); // the story's first report read; (3) follows it
    const db = new Database(join(test!.dir, 'radar.sqlite'), { readonly: true });
    const score = (key: string) => (db.prepare('SELECT score FROM scores JOIN items ON items.id = scores.item_id WHERE item_key = ?').get(key) as { score: number }).score;
    expect(score('never')).toBeLessThan(0.5);
    expect(score('many-3')).toBeGreaterThan(0.5);
    db.close();
  }, 30_000);

  it('reads the page of every new item with `always`, its lede replacing the summary the feed gave', async () => {
    html('/world/lab', articlePage(LAB_TITLE, [LAB_LEDE, LAB_BODY]));
    const teaser = 'Our correspondents report from the mountains where soldiers made a discovery this week, in a story you can read in full on our site today.';
    server.serve('/always.xml', rssFeed({ title: 'Always', language: 'en', items: [{ title: LAB_TITLE, link: server.url('/world/lab'), guid: 'always', description: teaser, pubDate: at(0) }] }));
    await start([{ id: 'always', name: 'Always', url: server.url('/always.xml'), article: 'always' }]);

    const [result] = await test!.radar.pollOnce();
    expect(result!.articles).toMatchObject({ fetched: 1, extracted: 1 });
    const [row] = rows();
    expect(row!.summary).toContain(LAB_LEDE);
    expect(row!.summary).not.toContain('Our correspondents');
    expect(alerts().map((a) => a.split('\n')[0])).toEqual([`▶ ${LAB_TITLE}`]);
  }, 30_000);

  it('names the key of a bad article setting', () => {
    const yaml = (extra: string) => `
topics: [{ id: t, file: ${JSON.stringify(join(import.meta.dirname, '../../config/topics/cartel-sovereignty.yaml'))} }]
channels: [{ id: c, adapter: console, topics: [t] }]
${extra}`;
    expect(() => parseConfig(yaml('feeds: [{ url: "https://a.example/rss", article: sometimes }]'), '/tmp/radar.yaml'))
      .toThrow(/feeds\[0\]\.article: expected one of "auto", "always", "never"/);
    expect(() => parseConfig(yaml('fetch: { articlesPerCycle: -1 }'), '/tmp/radar.yaml')).toThrow(/fetch\.articlesPerCycle: expected 0 or more pages/);
    const config = parseConfig(yaml('feeds: [{ url: "https://a.example/rss" }, { url: "https://b.example/rss", article: always }]'), '/tmp/radar.yaml');
    expect(config.feeds.map((f) => f.article)).toEqual(['auto', 'always']);
    expect(config.fetch.articlesPerCycle).toBe(30);
  });
});
