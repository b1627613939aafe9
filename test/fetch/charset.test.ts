/**
 * Charset decoding, end to end through the loopback server and unit-level on decodeFeedBytes.
 * Spanish strings from Latin-American outlets must come out exactly right in every encoding.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, decodeFeedBytes, type Fetcher } from '../../src/fetch/index.ts';
import { parseFeed } from '../../src/parse/index.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';

const TITLE = 'Cártel “comillas” — soberanía, Año, ñandú';
const ASCII_SAFE_TITLE = 'Cártel soberanía Año ñ'; // representable in ISO-8859-1 proper

const doc = (title: string, encoding: string | null): string =>
  `${encoding === null ? '' : `<?xml version="1.0" encoding="${encoding}"?>\n`}<rss version="2.0"><channel><title>Radar</title>` +
  `<item><title>${title}</title><link>https://example.com/a</link></item></channel></rss>`;

/** The document as UTF-8 with one invalid byte (after a space) at the end of the item's title. */
const withBadByte = (source: string, byte: number): Buffer => {
  const at = source.indexOf('</title><link>');
  return Buffer.concat([Buffer.from(`${source.slice(0, at)} `), Buffer.from([byte]), Buffer.from(source.slice(at))]);
};

const BOM = {
  utf8: Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]),
  utf16be: Buffer.from([0xfe, 0xff]),
  utf32le: Buffer.from([0xff, 0xfe, 0x00, 0x00]),
};

interface Case {
  name: string;
  body: Buffer;
  contentType: string;
  title: string;
  charset: string;
  /** U+FFFD characters expected in the decoded text (default 0). */
  replaced?: number;
}

const CASES: Case[] = [
  {
    name: 'ISO-8859-1 declared only in the XML prolog',
    body: iconv.encode(doc(ASCII_SAFE_TITLE, 'ISO-8859-1'), 'latin1'),
    contentType: 'application/rss+xml',
    title: ASCII_SAFE_TITLE,
    charset: 'windows-1252',
  },
  {
    name: 'ISO-8859-1 label with windows-1252 curly quotes (WHATWG rule)',
    body: iconv.encode(doc(TITLE, 'iso-8859-1'), 'windows-1252'),
    contentType: 'text/xml',
    title: TITLE,
    charset: 'windows-1252',
  },
  {
    name: 'windows-1252 via the Content-Type header only',
    body: iconv.encode(doc(TITLE, null), 'windows-1252'),
    contentType: 'application/rss+xml; charset=windows-1252',
    title: TITLE,
    charset: 'windows-1252',
  },
  {
    name: 'header charset wins over a wrong prolog',
    body: iconv.encode(doc(TITLE, 'utf-8'), 'windows-1252'),
    contentType: 'application/xml; charset="Windows-1252"',
    title: TITLE,
    charset: 'windows-1252',
  },
  {
    name: 'UTF-16LE with BOM',
    body: Buffer.concat([BOM.utf16le, iconv.encode(doc(TITLE, 'UTF-16'), 'utf-16le')]),
    contentType: 'application/rss+xml',
    title: TITLE,
    charset: 'utf-16le',
  },
  {
    name: 'UTF-16BE with BOM',
    body: Buffer.concat([BOM.utf16be, iconv.encode(doc(TITLE, 'UTF-16'), 'utf-16be')]),
    contentType: 'application/rss+xml; charset=utf-8',
    title: TITLE,
    charset: 'utf-16be',
  },
  {
    name: 'UTF-16BE without BOM',
    body: iconv.encode(doc(TITLE, 'UTF-16BE'), 'utf-16be'),
    contentType: 'application/rss+xml',
    title: TITLE,
    charset: 'utf-16be',
  },
  {
    name: 'UTF-16LE without BOM',
    body: iconv.encode(doc(TITLE, 'UTF-16'), 'utf-16le'),
    contentType: 'text/xml',
    title: TITLE,
    charset: 'utf-16le',
  },
  {
    name: 'UTF-32LE with BOM',
    body: Buffer.concat([BOM.utf32le, iconv.encode(doc(TITLE, 'UTF-32'), 'utf-32le')]),
    contentType: 'text/xml',
    title: TITLE,
    charset: 'utf-32le',
  },
  {
    name: 'UTF-8 with BOM',
    body: Buffer.concat([BOM.utf8, Buffer.from(doc(TITLE, 'utf-8'))]),
    contentType: 'application/rss+xml; charset=iso-8859-1',
    title: TITLE,
    charset: 'utf-8',
  },
  {
    name: 'declared UTF-8 but Latin-1 bytes (fallback to windows-1252)',
    body: iconv.encode(doc(TITLE, 'UTF-8'), 'windows-1252'),
    contentType: 'application/rss+xml; charset=utf-8',
    title: TITLE,
    charset: 'windows-1252',
  },
  {
    name: 'no declaration at all, Latin-1 bytes',
    body: iconv.encode(doc(ASCII_SAFE_TITLE, null), 'latin1'),
    contentType: 'application/rss+xml',
    title: ASCII_SAFE_TITLE,
    charset: 'windows-1252',
  },
  {
    name: 'UTF-8 with one invalid byte (U+FFFD for that byte, the rest intact)',
    body: withBadByte(doc(TITLE, 'UTF-8'), 0xe1),
    contentType: 'application/rss+xml; charset=utf-8',
    title: `${TITLE} \uFFFD`,
    charset: 'utf-8',
    replaced: 1,
  },
  {
    name: 'UTF-8 without any declaration and with one invalid byte',
    body: withBadByte(doc(TITLE, null), 0x97),
    contentType: 'application/rss+xml',
    title: `${TITLE} \uFFFD`,
    charset: 'utf-8',
    replaced: 1,
  },
  {
    name: 'labelled ISO-8859-1 in the header, bytes are UTF-8',
    body: Buffer.from(doc('Niños y soberanía', null)),
    contentType: 'application/rss+xml; charset=ISO-8859-1',
    title: 'Niños y soberanía',
    charset: 'utf-8',
  },
  {
    name: 'labelled ISO-8859-1 in the prolog, bytes are UTF-8',
    body: Buffer.from(doc(TITLE, 'ISO-8859-1')),
    contentType: 'text/xml',
    title: TITLE,
    charset: 'utf-8',
  },
  {
    name: 'labelled windows-1252 in the header, bytes are UTF-8 with one invalid byte',
    body: withBadByte(doc(TITLE, null), 0xf1),
    contentType: 'application/rss+xml; charset=windows-1252',
    title: `${TITLE} \uFFFD`,
    charset: 'utf-8',
    replaced: 1,
  },
  {
    // Ú then an em dash (0xDA 0x97) happens to be a valid UTF-8 pair; the other accents are not.
    name: 'true Latin-1 with one byte pair that is accidentally valid UTF-8 stays Latin-1',
    body: iconv.encode(doc(`PERÚ— ${TITLE}`, 'ISO-8859-1'), 'windows-1252'),
    contentType: 'application/rss+xml',
    title: `PERÚ— ${TITLE}`,
    charset: 'windows-1252',
  },
  {
    name: 'true Latin-1 declared as UTF-8 with an accidental UTF-8 pair stays Latin-1',
    body: iconv.encode(doc(`PERÚ— ${TITLE}`, 'UTF-8'), 'windows-1252'),
    contentType: 'application/rss+xml; charset=utf-8',
    title: `PERÚ— ${TITLE}`,
    charset: 'windows-1252',
  },
  {
    name: 'bogus charset name in header and prolog (falls back to UTF-8)',
    body: Buffer.from(doc(TITLE, 'x-bogus')),
    contentType: 'text/xml; charset=bogus',
    title: TITLE,
    charset: 'utf-8',
  },
];

describe('charset decoding through the fetcher', () => {
  let server: FeedServer;
  let fetcher: Fetcher;
  beforeAll(async () => {
    server = await startFeedServer();
    fetcher = createFetcher({
      userAgent: 'Radar-test',
      connectTimeoutMs: 2_000,
      timeoutMs: 2_000,
      maxBytes: 1_000_000,
      maxRedirects: 2,
      perHostConcurrency: 4,
    });
  });
  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  it.each(CASES)('$name', async ({ name, body, contentType, title, charset, replaced = 0 }) => {
    const path = `/${name.replace(/\W+/g, '-')}.xml`;
    server.serve(path, body, { 'content-type': contentType });
    const result = await fetcher.fetchFeed({ url: server.url(path) });
    if (result.status !== 'ok') throw new Error('expected a body');
    expect(result.charset).toBe(charset);
    expect(result.text.startsWith('\uFEFF')).toBe(false);
    expect(result.text.split('\uFFFD').length - 1).toBe(replaced);
    const feed = await parseFeed(result.text, { url: result.finalUrl, fetchedAt: Date.now() });
    expect(feed.items[0]?.title).toBe(title);
  });
});

describe('decodeFeedBytes', () => {
  it('rewrites a non-UTF-8 prolog encoding so the text is not decoded twice', () => {
    const { text } = decodeFeedBytes(iconv.encode(doc('Año', 'ISO-8859-1'), 'latin1'), null);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(text).toContain('<title>Año</title>');
  });

  it('leaves a UTF-8 prolog untouched', () => {
    const source = doc('Año', 'UTF-8');
    expect(decodeFeedBytes(Buffer.from(source), null).text).toBe(source);
  });

  it('reads <meta charset> of an HTML page, even after the first 1024 bytes', () => {
    const html = `<!DOCTYPE html><html><head>${' '.repeat(2000)}<meta charset="iso-8859-1"><title>Año</title></head></html>`;
    expect(decodeFeedBytes(iconv.encode(html, 'latin1'), 'text/html')).toMatchObject({ charset: 'windows-1252' });
    expect(decodeFeedBytes(iconv.encode(html, 'latin1'), 'text/html').text).toContain('<title>Año</title>');
  });

  it('decodes other legacy codecs named in the prolog (KOI8-R)', () => {
    const bytes = iconv.encode(doc('Новости', 'KOI8-R'), 'koi8-r');
    expect(decodeFeedBytes(bytes, null)).toMatchObject({ charset: 'koi8-r' });
    expect(decodeFeedBytes(bytes, null).text).toContain('Новости');
  });

  it('ignores a UTF-16 label on plainly 8-bit bytes', () => {
    expect(decodeFeedBytes(Buffer.from(doc('Año', 'UTF-16')), 'text/xml; charset=utf-16')).toMatchObject({ charset: 'utf-8' });
  });

  it('never throws on empty or tiny input', () => {
    expect(decodeFeedBytes(new Uint8Array(0), null)).toEqual({ text: '', charset: 'utf-8' });
    expect(decodeFeedBytes(new Uint8Array([0xff]), 'text/xml; charset=')).toEqual({ text: 'ÿ', charset: 'windows-1252' });
  });
});
