/**
 * JSON Feed 1.0 and 1.1 (rss-parser has no support for it).
 *
 * @see https://www.jsonfeed.org/version/1.1/
 */
import { ParseError } from '../shared/errors.ts';
import type { RawEntry, RawFeed } from './raw-feed.ts';
import { isNode, nonEmpty, type Node } from './xml-values.ts';

const str = (v: unknown): string | null => (typeof v === 'string' ? nonEmpty(v) : typeof v === 'number' ? String(v) : null);

function authorOf(item: Node, feed: Node): string | null {
  for (const source of [item, feed]) {
    const authors: unknown[] = Array.isArray(source.authors) ? source.authors : [source.author];
    for (const author of authors) {
      const name = isNode(author) ? str(author.name) : null;
      if (name) return name;
    }
  }
  return null;
}

function toEntry(item: Node, feed: Node): RawEntry {
  const contentHtml = str(item.content_html);
  return {
    id: str(item.id),
    idIsPermalink: false,
    link: str(item.url) ?? str(item.external_url),
    title: str(item.title),
    summary: str(item.summary),
    // content_text is plain text; escaping `<` keeps htmlToText from eating "a <b" as a tag.
    content: contentHtml ?? str(item.content_text)?.replace(/&/g, '&amp;').replace(/</g, '&lt;') ?? null,
    dates: [str(item.date_published), str(item.date_modified)].filter((d): d is string => d !== null),
    author: authorOf(item, feed),
    categories: (Array.isArray(item.tags) ? item.tags : []).filter((t): t is string => typeof t === 'string' && t.trim() !== ''),
    lang: str(item.language),
    base: null,
  };
}

/**
 * Parses a JSON Feed document.
 * @throws ParseError `parse_failed` for invalid JSON, `parse_unsupported_format` for JSON
 *   that is not a JSON Feed.
 */
export function parseJsonFeed(text: string): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ParseError('parse_failed', `invalid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!isNode(doc)) throw new ParseError('parse_unsupported_format', 'JSON document is not a JSON Feed (not an object)');
  const version = str(doc.version) ?? '';
  if (!/^https?:\/\/jsonfeed\.org\/version\//.test(version) && !Array.isArray(doc.items)) {
    throw new ParseError(
      'parse_unsupported_format',
      'JSON document is not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1" and no "items" array)',
    );
  }
  const items: unknown[] = Array.isArray(doc.items) ? doc.items : [];
  const entries = items.filter(isNode);
  if (entries.length < items.length && entries.length === 0) {
    throw new ParseError('parse_failed', `JSON Feed "items" holds ${items.length} value(s) and none is an item object`);
  }
  return {
    title: str(doc.title),
    link: str(doc.home_page_url),
    lang: str(doc.language),
    base: null,
    entries: entries.map((item) => toEntry(item, doc)),
  };
}
