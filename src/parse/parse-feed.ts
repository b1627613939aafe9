/**
 * The parse stage: detects the format of a decoded document and dispatches to the JSON Feed
 * reader or to rss-parser (RSS 0.9x/1.0/2.0, Atom), then normalizes the entries.
 * Every failure, whatever the underlying library threw, surfaces as a `ParseError`.
 */
import { ParseError } from '../shared/errors.ts';
import type { ParsedFeed } from '../shared/types.ts';
import { parseJsonFeed } from './json-feed.ts';
import { normalizeFeed, type DropCounts, type NormalizeContext } from './normalize.ts';
import type { RawFeed } from './raw-feed.ts';
import { sniffDocument } from './sniff.ts';
import { toParseError } from './to-parse-error.ts';
import { parseXmlFeed } from './xml-feed.ts';

/** Where the document came from: `url` resolves relative links, `fetchedAt` backs missing dates. */
export type ParseContext = NormalizeContext;

async function readRaw(text: string): Promise<{ raw: RawFeed; root: string }> {
  const sniffed = sniffDocument(text);
  switch (sniffed.kind) {
    case 'empty':
      throw new ParseError('parse_failed', 'empty document: the response body has no content');
    case 'html':
      throw new ParseError('parse_unsupported_format', 'looks like an HTML page, not a feed (the URL may point at a web page; look for its RSS link)');
    case 'unknown':
      throw new ParseError('parse_unsupported_format', `neither XML nor JSON: the document starts with ${JSON.stringify(sniffed.start)}`);
    case 'json':
      return { raw: parseJsonFeed(text), root: 'json' };
    case 'xml':
      return { raw: await parseXmlFeed(text.trimStart(), sniffed.root), root: sniffed.root };
  }
}

/** {@link parseFeed} plus counts of the entries it dropped (duplicates, empty entries). */
export async function parseFeedDetailed(
  text: string,
  ctx: ParseContext,
): Promise<{ feed: ParsedFeed; dropped: DropCounts }> {
  let root = 'unknown';
  try {
    const read = await readRaw(text);
    root = read.root;
    const normalized = normalizeFeed(read.raw, ctx);
    // A JSON Feed whose items all come out empty (nested junk, no fields) is broken, not quiet.
    // (XML entries with one stray field are common enough in the wild to stay a quiet feed.)
    const entries = read.raw.entries.length;
    if (root === 'json' && entries > 0 && normalized.feed.items.length === 0) {
      throw new ParseError('parse_failed', `none of the JSON Feed's ${entries} items has a title, a summary or a url`);
    }
    return normalized;
  } catch (error) {
    throw toParseError(error, root);
  }
}

/**
 * Parses a decoded feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1).
 * @throws ParseError `parse_failed` (empty, malformed) or `parse_unsupported_format`
 *   (HTML page, unknown root element, JSON that is not a JSON Feed).
 */
export async function parseFeed(text: string, ctx: ParseContext): Promise<ParsedFeed> {
  return (await parseFeedDetailed(text, ctx)).feed;
}
