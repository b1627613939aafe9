import { describe, expect, it } from 'vitest';
import { parseFeed, parseFeedDetailed } from '../../src/parse/index.ts';
import { toParseError } from '../../src/parse/to-parse-error.ts';
import { ParseError } from '../../src/shared/errors.ts';
import { atomFeed, jsonFeed, rssFeed } from '../helpers/feed-server.ts';

const FETCHED_AT = Date.parse('2026-03-01T12:00:00Z');
const ctx = { url: 'https://news.example.mx/feeds/portada.xml', fetchedAt: FETCHED_AT };

/** The ParseError a parse rejects with. */
async function parseError(text: string): Promise<ParseError> {
  const error = await parseFeed(text, ctx).then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with every FeedItem field', async () => {
    const feed = await parseFeed(
      rssFeed({
        title: 'El Diario',
        link: 'https://news.example.mx/',
        language: 'es-MX',
        items: [
          {
            title: 'Cártel y soberanía',
            link: 'https://news.example.mx/nota/1',
            guid: 'nota-1',
            description: '<p>Resumen <b>breve</b></p>',
            content: '<p>Texto completo</p><script>alert(1)</script>',
            pubDate: new Date('2026-02-28T10:00:00Z'),
            author: 'Redacción',
            categories: ['Seguridad', 'Política'],
          },
        ],
      }),
      ctx,
    );
    expect(feed).toEqual({
      title: 'El Diario',
      link: 'https://news.example.mx/',
      lang: 'es',
      items: [
        {
          key: 'nota-1',
          url: 'https://news.example.mx/nota/1',
          title: 'Cártel y soberanía',
          summary: 'Resumen breve',
          content: 'Texto completo',
          publishedAt: Date.parse('2026-02-28T10:00:00Z'),
          author: 'Redacción',
          categories: ['Seguridad', 'Política'],
          lang: 'es',
        },
      ],
    });
  });

  it('reads Atom 1.0 (xml:lang, summary, content, categories, author)', async () => {
    const feed = await parseFeed(
      atomFeed({
        title: 'Blog',
        language: 'en-GB',
        items: [
          {
            title: 'Hello',
            link: 'https://example.com/hello',
            guid: 'urn:uuid:1',
            description: 'Short',
            content: '<div>Long <em>text</em></div>',
            pubDate: new Date('2026-02-01T00:00:00Z'),
            author: 'Ann',
            categories: ['news'],
          },
        ],
      }),
      ctx,
    );
    expect(feed.lang).toBe('en');
    expect(feed.items).toEqual([
      {
        key: 'urn:uuid:1',
        url: 'https://example.com/hello',
        title: 'Hello',
        summary: 'Short',
        content: 'Long text',
        publishedAt: Date.parse('2026-02-01T00:00:00Z'),
        author: 'Ann',
        categories: ['news'],
        lang: 'en',
      },
    ]);
  });

  it('reads RSS 1.0 (RDF), including items outside a missing channel', async () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.com/"><title>RDF</title><link>https://example.com/</link><dc:language>pt-BR</dc:language></channel>
  <item rdf:about="https://example.com/a"><title>A</title><link>https://example.com/a</link><dc:date>2026-01-02T03:04:05Z</dc:date><dc:creator>Zé</dc:creator></item>
  <item rdf:about="https://example.com/b"><title>B</title><link>https://example.com/b</link></item>
</rdf:RDF>`;
    const feed = await parseFeed(rdf, ctx);
    expect(feed.items.map((i) => [i.key, i.title, i.author])).toEqual([
      ['https://example.com/a', 'A', 'Zé'],
      ['https://example.com/b', 'B', null],
    ]);
    expect(feed.items[0]?.publishedAt).toBe(Date.parse('2026-01-02T03:04:05Z'));

    const noChannel = rdf.replace(/<channel[\s\S]*?<\/channel>/, '');
    expect((await parseFeed(noChannel, ctx)).items).toHaveLength(2);
  });

  it('reads JSON Feed 1.1 and 1.0', async () => {
    const v11 = await parseFeed(
      jsonFeed({
        title: 'JSON',
        language: 'es',
        items: [{ title: 'Uno', link: 'https://example.com/1', guid: '1', content: '<p>Hola</p>', author: 'Ana', categories: ['x'] }],
      }),
      ctx,
    );
    expect(v11).toMatchObject({ title: 'JSON', lang: 'es', items: [{ key: '1', title: 'Uno', content: 'Hola', summary: 'Hola', author: 'Ana', categories: ['x'], lang: 'es' }] });

    const v10 = JSON.stringify({
      version: 'https://jsonfeed.org/version/1',
      title: 'Old',
      author: { name: 'Feed Author' },
      items: [{ id: 7, url: '/rel', content_text: 'a < b & c', date_published: '2026-02-02T00:00:00-06:00' }],
    });
    const feed = await parseFeed(v10, ctx);
    expect(feed.items[0]).toMatchObject({
      key: '7',
      url: 'https://news.example.mx/rel',
      content: 'a < b & c',
      author: 'Feed Author',
      publishedAt: Date.parse('2026-02-02T06:00:00Z'),
    });
  });

  it('reads a minimal RSS 0.91 channel (TypeError in plain rss-parser) as zero items', async () => {
    const minimal = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x">\n<rss version="0.91">\n</rss>';
    await expect(parseFeed(minimal, ctx)).resolves.toMatchObject({ items: [] });
    await expect(parseFeed('<rss/>', ctx)).resolves.toMatchObject({ items: [] });
  });
});

describe('parseFeed: normalization', () => {
  it('resolves relative links against the channel link, the feed URL and xml:base', async () => {
    const rss = rssFeed({
      link: '/es/',
      items: [
        { title: 'rel', link: 'nota/1' },
        { title: 'root', link: '/nota/2' },
        { title: 'js', link: 'javascript:alert(1)' },
        { title: 'mail', link: 'mailto:x@example.com' },
      ],
    });
    const feed = await parseFeed(rss, ctx);
    expect(feed.link).toBe('https://news.example.mx/es/');
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://news.example.mx/es/nota/1',
      'https://news.example.mx/nota/2',
      null,
      null,
    ]);

    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cdn.example.org/blog/">
      <entry xml:base="2026/"><title>t</title><id>e1</id><link href="post.html"/></entry></feed>`;
    expect((await parseFeed(atom, ctx)).items[0]?.url).toBe('https://cdn.example.org/blog/2026/post.html');
  });

  it('uses a permalink guid as the URL when there is no link', async () => {
    const rss = '<rss version="2.0"><channel><item><title>t</title><guid>https://example.com/p/1</guid></item></channel></rss>';
    expect((await parseFeed(rss, ctx)).items[0]?.url).toBe('https://example.com/p/1');
  });

  it('strips HTML from titles and summaries, including script and style content', async () => {
    const rss = rssFeed({
      items: [
        {
          title: '<b>Cártel</b> &amp; “soberanía”&nbsp;hoy',
          description: '<style>p{color:red}</style><p>Uno</p><p>dos<br>tres</p><script>document.write("x")</script>\u0007fin',
        },
      ],
    });
    const [item] = (await parseFeed(rss, ctx)).items;
    expect(item?.title).toBe('Cártel & “soberanía” hoy');
    expect(item?.summary).toBe('Uno dos tres fin');
  });

  it('decodes HTML entities that strict XML rejects (&aacute;, bare &)', async () => {
    const rss = '<rss version="2.0"><channel><item><title>Cr&aacute;nica de AT&T &mdash; a&ntilde;o</title></item></channel></rss>';
    expect((await parseFeed(rss, ctx)).items[0]?.title).toBe('Cránica de AT&T — año');
  });

  it('keeps the other entries when one Atom date is invalid', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>good</title><id>1</id><published>2026-02-01T10:00:00Z</published></entry>
      <entry><title>bad</title><id>2</id><published>2026-13-45T99:00:00Z</published></entry>
      <entry><title>spaces</title><id>3</id><published>2026-02-03 T 01:55:07-05:00</published></entry>
      <entry><title>bad published, good updated</title><id>4</id><published>yesterday</published><updated>2026-02-04T00:00:00Z</updated></entry>
    </feed>`;
    const feed = await parseFeed(atom, ctx);
    expect(feed.items.map((i) => [i.title, i.publishedAt])).toEqual([
      ['good', Date.parse('2026-02-01T10:00:00Z')],
      ['bad', FETCHED_AT],
      ['spaces', Date.parse('2026-02-03T06:55:07Z')],
      ['bad published, good updated', Date.parse('2026-02-04T00:00:00Z')],
    ]);
  });

  it('falls back to fetchedAt for missing dates and clamps dates more than a day ahead', async () => {
    const rss = rssFeed({
      items: [
        { title: 'none', guid: '1' },
        { title: 'future', guid: '2', pubDate: new Date(FETCHED_AT + 3 * 86_400_000) },
        { title: 'soon', guid: '3', pubDate: new Date(FETCHED_AT + 3_600_000) },
        { title: 'spanish', guid: '4', pubDate: 'Lun, 12 Ene 2026 10:00:00 -0600' },
      ],
    });
    const dates = (await parseFeed(rss, ctx)).items.map((i) => i.publishedAt);
    expect(dates).toEqual([FETCHED_AT, FETCHED_AT, FETCHED_AT + 3_600_000, Date.parse('2026-01-12T16:00:00Z')]);
  });

  it('derives keys: guid, else link, else a stable hash of title and date', async () => {
    const rss = rssFeed({
      items: [
        { title: 'a', guid: ' g-1 ' },
        { title: 'b', link: 'https://example.com/b' },
        { title: 'c', description: 'no guid, no link' },
      ],
    });
    const first = await parseFeed(rss, ctx);
    const later = await parseFeed(rss, { ...ctx, fetchedAt: FETCHED_AT + 60_000 });
    expect(first.items.map((i) => i.key).slice(0, 2)).toEqual(['g-1', 'https://example.com/b']);
    expect(first.items[2]?.key).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(later.items[2]?.key).toBe(first.items[2]?.key);
  });

  it('drops entries with no title, summary or URL, and duplicate keys (keeping the first)', async () => {
    const rss = rssFeed({
      items: [
        { title: 'first', guid: 'same' },
        { title: 'second', guid: 'same' },
        { author: 'only an author' },
        { title: 'other', guid: 'other' },
      ],
    });
    const { feed, dropped } = await parseFeedDetailed(rss, ctx);
    expect(feed.items.map((i) => i.title)).toEqual(['first', 'other']);
    expect(dropped).toEqual({ duplicate: 1, empty: 1 });
  });
});

describe('parseFeed: how often the feed asks to be read', () => {
  const rss = (channel: string) => `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>${channel}<item><title>A</title><link>https://a.example/1</link></item></channel></rss>`;

  it('reads RSS <ttl> in minutes', async () => {
    expect(await parseFeed(rss('<ttl>45</ttl>'), ctx)).toMatchObject({ ttlMs: 45 * 60_000 });
    expect((await parseFeed(rss('<ttl>45</ttl>'), ctx)).updatePeriodMs).toBeUndefined();
    for (const bad of ['<ttl>0</ttl>', '<ttl>soon</ttl>', '<ttl>-5</ttl>', '']) expect((await parseFeed(rss(bad), ctx)).ttlMs).toBeUndefined();
  });

  it('reads sy:updatePeriod ÷ sy:updateFrequency, each with its default', async () => {
    const period = async (channel: string) => (await parseFeed(rss(channel), ctx)).updatePeriodMs;
    expect(await period('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>')).toBe(30 * 60_000);
    expect(await period('<sy:updatePeriod> Daily </sy:updatePeriod>')).toBe(24 * 3_600_000);
    expect(await period('<sy:updateFrequency>4</sy:updateFrequency>')).toBe(6 * 3_600_000);
    expect(await period('<sy:updatePeriod>fortnightly</sy:updatePeriod>')).toBeUndefined();
    expect(await period('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency>')).toBeUndefined();
    expect(await period('')).toBeUndefined();
  });

  it('reads the syndication module of an RSS 1.0 channel', async () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel rdf:about="https://a.example/"><title>T</title><link>https://a.example/</link><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency></channel>
<item rdf:about="https://a.example/1"><title>A</title><link>https://a.example/1</link></item></rdf:RDF>`;
    expect(await parseFeed(rdf, ctx)).toMatchObject({ updatePeriodMs: 3_600_000, items: [{ title: 'A' }] });
  });
});

describe('parseFeed: errors', () => {
  it('rejects an HTML page clearly', async () => {
    const error = await parseError('<!DOCTYPE html>\n<html><head><title>Inicio</title></head><body></body></html>');
    expect(error.code).toBe('parse_unsupported_format');
    expect(error.message).toContain('looks like an HTML page, not a feed');
  });

  it.each(['', '   \n\t', '\uFEFF'])('rejects an empty body (%j)', async (text) => {
    const error = await parseError(text);
    expect(error.code).toBe('parse_failed');
    expect(error.message).toContain('empty document');
  });

  it('names an unknown root element', async () => {
    const error = await parseError('<?xml version="1.0"?><note><to>x</to></note>');
    expect(error).toMatchObject({ code: 'parse_unsupported_format' });
    expect(error.message).toContain('<note>');
  });

  it('reports malformed XML with a position', async () => {
    const error = await parseError('<rss version="2.0"><channel><title>x</channel></rss>');
    expect(error.code).toBe('parse_failed');
    expect(error.message).toMatch(/not well-formed: Unexpected close tag \(line 1, column \d+\)/);
  });

  it('rejects text that is neither XML nor JSON, and JSON that is not a feed', async () => {
    expect((await parseError('Service Unavailable')).code).toBe('parse_unsupported_format');
    expect((await parseError('{"hello": "world"}')).code).toBe('parse_unsupported_format');
    expect((await parseError('{"items": [}')).message).toContain('invalid JSON');
  });

  it('reports a JSON Feed of nested junk as a parse failure, not as a feed with no items', async () => {
    const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;
    const doc = (items: string) => `{"version": "https://jsonfeed.org/version/1.1", "items": [${items}]}`;
    const arrays = await parseError(doc(nested(10_000, '[', ']')));
    expect(arrays.code).toBe('parse_failed');
    expect(arrays.message).toBe('JSON Feed "items" holds 1 value(s) and none is an item object');
    const objects = await parseError(doc(nested(10_000, '{"a":', '}')));
    expect(objects.message).toBe("none of the JSON Feed's 1 items has a title, a summary or a url");
    // An empty feed is still a quiet feed.
    expect((await parseFeed('{"version": "https://jsonfeed.org/version/1.1", "items": []}', ctx)).items).toEqual([]);
  });

  it('reads pubDate "-1" as no date (the fetch time), not 2001-01-01', async () => {
    const feed = await parseFeed(rssFeed({ items: [{ title: 'A', link: 'https://x.example/a', pubDate: '-1' }] }), ctx);
    expect(feed.items[0]!.publishedAt).toBe(FETCHED_AT);
  });

  it('turns TypeError/RangeError from rss-parser into parse_failed naming the error', () => {
    const error = toParseError(new TypeError("Cannot read properties of undefined (reading '0')"), 'rss');
    expect(error).toBeInstanceOf(ParseError);
    expect(error.code).toBe('parse_failed');
    expect(error.message).toBe("could not read <rss> document: TypeError: Cannot read properties of undefined (reading '0')");
  });

  it('keeps a "billion laughs" document bounded', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`;
    const started = Date.now();
    const outcome = await parseFeed(laughs, ctx).then(
      (feed) => feed.items[0]?.title ?? '',
      (error: unknown) => (error instanceof ParseError ? 'rejected' : 'other error'),
    );
    expect(outcome === 'rejected' || outcome.length < 100).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stays correct after documents with several XML errors (shared parser is reset)', async () => {
    const multiError = '<rss version="2.0"><channel><title>a</b></c></d><item><title>x</e></item></channel></rss>';
    const oneError = '<rss version="2.0"><channel><title>a</b></channel></rss>';
    const good = rssFeed({ items: [{ title: 'ok', guid: '1' }] });
    await expect(parseFeed(multiError, ctx)).rejects.toBeInstanceOf(ParseError);
    await expect(parseFeed(oneError, ctx)).rejects.toBeInstanceOf(ParseError);
    await expect(parseFeed(good, ctx)).resolves.toMatchObject({ items: [{ title: 'ok' }] });
  });

  it('parses good feeds in parallel with bad ones', async () => {
    const docs = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 1 ? '<rss><channel><item></rss>' : rssFeed({ items: [{ title: `item ${i}`, guid: String(i) }] }),
    );
    const outcomes = await Promise.allSettled(docs.map((d) => parseFeed(d, ctx)));
    outcomes.forEach((o, i) => {
      if (i % 3 === 1) expect(o.status === 'rejected' && o.reason instanceof ParseError).toBe(true);
      else expect(o.status === 'fulfilled' && o.value.items[0]?.title).toBe(`item ${i}`);
    });
  });
});
