/**
 * RSS 0.9x/1.0/2.0 and Atom through rss-parser 3.13.0, made safe to share across feeds:
 *
 * - One `Parser` for the process. Its xml2js parser is reset before every document, because
 *   xml2js can leave a shared instance in a state where the next document's callback never
 *   fires (after a document with several sax errors).
 * - The xml2js tree is repaired before rss-parser maps it (see repair-tree.ts), so the known
 *   TypeError/RangeError inputs yield their items.
 * - sax (strict) rejects the HTML entities (`&aacute;`, `&nbsp;`) and bare ampersands that
 *   real feeds are full of. On that error only, the document is parsed once more with those
 *   rewritten to numeric references / `&amp;`. Entities are never expanded from a DTD, so an
 *   entity bomb ("billion laughs") stays literal text.
 */
import Parser from 'rss-parser';
import { decodeHTML } from 'entities';
import type { RawEntry, RawFeed } from './raw-feed.ts';
import { repairTree } from './repair-tree.ts';
import { toParseError } from './to-parse-error.ts';
import { attrsOf, hrefOf, isNode, nonEmpty, textOf } from './xml-values.ts';

type Item = Record<string, unknown>;

/** Extra raw fields we need that rss-parser drops: attributes, categories, guid, Atom dates. */
const ITEM_FIELDS = [
  ['$', 'radarAttrs', { keepArray: true }],
  ['category', 'radarCategories', { keepArray: true }],
  ['guid', 'radarGuid', { keepArray: true }],
  'published',
  'updated',
  ['radar:published', 'radarPublished'],
  ['radar:updated', 'radarUpdated'],
];
/** Channel fields: attributes, and how often the feed asks to be read (RSS ttl, RSS 1.0 syndication module). */
const FEED_FIELDS = [['$', 'radarAttrs', { keepArray: true }], ['ttl', 'radarTtl'], ['sy:updatePeriod', 'radarUpdatePeriod'], ['sy:updateFrequency', 'radarUpdateFrequency']];

const parser = new Parser<Item, Item>({
  defaultRSS: 2, // `<rss>` without a version is read as RSS 2.0 rather than rejected
  customFields: { item: ITEM_FIELDS as never, feed: FEED_FIELDS as never },
});

interface Xml2jsParser {
  reset(): void;
  parseString(xml: string, cb: (err: Error | null, result: unknown) => void): unknown;
}
const xml = (parser as unknown as { xmlParser: Xml2jsParser }).xmlParser;
const xmlParseString = xml.parseString.bind(xml);
xml.parseString = (text, cb) => {
  xml.reset();
  return xmlParseString(text, (err, result) => cb(err, err ? result : repairTree(result)));
};

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** HTML named entities → numeric references; unknown ones and bare `&` → `&amp;`. */
export function escapeStrayEntities(text: string): string {
  return text.replace(/&(?:([a-zA-Z][a-zA-Z0-9]{0,31});|(#(?:\d{1,7}|x[0-9a-fA-F]{1,6});))?/g, (match, name?: string, num?: string) => {
    if (num) return match;
    if (!name) return '&amp;';
    if (XML_ENTITIES.has(name)) return match;
    const decoded = decodeHTML(match);
    if (decoded === match) return `&amp;${name};`;
    return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
  });
}

const isEntityError = (error: unknown): boolean =>
  error instanceof Error && /Invalid character entity|Invalid character in entity name|entity/i.test(error.message);

function categoriesOf(item: Item): string[] {
  const raw = item.radarCategories;
  const list: unknown[] = Array.isArray(raw) ? raw : [];
  return list
    .map((c) => (typeof c === 'string' ? c : (textOf(c) ?? attrsOf(c).term ?? attrsOf(c).label ?? '')))
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

const str = (v: unknown): string | null => nonEmpty(typeof v === 'string' ? v : textOf(v));

function toEntry(item: Item, atom: boolean): RawEntry {
  const attrs = isNode(item.radarAttrs) ? attrsOf({ $: item.radarAttrs }) : {};
  const guidAttrs = attrsOf(item.radarGuid);
  const id = str(item.guid) ?? str(item.id);
  return {
    id,
    idIsPermalink: !atom && item.guid !== undefined && guidAttrs.isPermaLink?.toLowerCase() !== 'false',
    link: nonEmpty(hrefOf(item.link)),
    title: str(item.title),
    // rss-parser puts an RSS <description> into `content`; Atom keeps summary and content apart.
    summary: atom ? str(item.summary) : (str(item.content) ?? str(item.summary)),
    content: atom ? str(item.content) : str(item['content:encoded']),
    // Not rss-parser's `isoDate`: it is `new Date(pubDate)`, which reads "-1" as 2001-01-01.
    dates: [item.published, item.radarPublished, item.pubDate, item.date, item.updated, item.radarUpdated]
      .map(str)
      .filter((d): d is string => d !== null),
    author: str(item.creator) ?? str(item.author),
    categories: categoriesOf(item),
    lang: str(item.language) ?? nonEmpty(attrs['xml:lang']),
    base: nonEmpty(attrs['xml:base']),
  };
}

/**
 * Parses an XML feed document into a {@link RawFeed}.
 * @param root the root element name from sniffing (for format and error messages).
 * @throws ParseError
 */
export async function parseXmlFeed(text: string, root: string): Promise<RawFeed> {
  let output: Item & { items: Item[] };
  try {
    output = await parser.parseString(text);
  } catch (error) {
    if (!isEntityError(error)) throw toParseError(error, root);
    try {
      output = await parser.parseString(escapeStrayEntities(text));
    } catch (retryError) {
      throw toParseError(retryError, root);
    }
  }
  const atom = root === 'feed';
  const feedAttrs = isNode(output.radarAttrs) ? attrsOf({ $: output.radarAttrs }) : {};
  return {
    title: str(output.title),
    link: nonEmpty(hrefOf(output.link)),
    lang: str(output.language) ?? nonEmpty(feedAttrs['xml:lang']),
    base: nonEmpty(feedAttrs['xml:base']),
    ttl: str(output.radarTtl),
    updatePeriod: str(output.radarUpdatePeriod),
    updateFrequency: str(output.radarUpdateFrequency),
    entries: (output.items ?? []).filter(isNode).map((item) => toEntry(item, atom)),
  };
}
