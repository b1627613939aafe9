/**
 * WebSub discovery: the hub and the topic URL a feed names, from the HTTP `Link` header (rel=hub,
 * rel=self; it takes precedence over the document, as the Recommendation says), else from the
 * document: `<link rel="hub">` in Atom, `<atom:link rel="hub">` in RSS (read before the first
 * item or entry only), or a JSON Feed's `hubs` of type WebSub and its `feed_url`. The topic is
 * rel=self when given, else the feed's own URL. Only http(s) URLs count.
 *
 * @see https://www.w3.org/TR/websub/#discovery
 */
import { decodeXML } from 'entities';

export interface HubLink {
  hub: string;
  topic: string;
}

/** A polled document: its text, its `Link` header and the URL it came from (relative links resolve against it). */
export interface FoundDocument {
  text: string;
  link: string | null;
  url: string;
}

/** The hub and topic the document names, or null when it names no hub. */
export function discoverHub(doc: FoundDocument, feedUrl: string): HubLink | null {
  const header = linksFromHeader(doc.link);
  const body = header.hub ? { hub: null, self: null } : linksFromDocument(doc.text);
  const hub = httpUrl(header.hub ?? body.hub, doc.url);
  if (!hub) return null;
  const topic = httpUrl(header.self ?? body.self, doc.url) ?? feedUrl;
  return { hub, topic };
}

interface Links {
  hub: string | null;
  self: string | null;
}

/** rel=hub and rel=self of a `Link` header (RFC 8288): `<url>; rel="hub", <url>; rel="self"`. */
export function linksFromHeader(header: string | null | undefined): Links {
  const links: Links = { hub: null, self: null };
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    addLink(links, rel ? (rel[1] ?? rel[2] ?? '') : '', match[1]!);
  }
  return links;
}

function addLink(links: Links, rel: string, href: string): void {
  const rels = rel.toLowerCase().split(/\s+/);
  if (rels.includes('hub')) links.hub ??= href.trim();
  if (rels.includes('self')) links.self ??= href.trim();
}

/** rel=hub and rel=self of the document's head (XML), or its `hubs` and `feed_url` (JSON Feed). */
function linksFromDocument(text: string): Links {
  const start = text.trimStart();
  if (start.startsWith('{')) return linksFromJson(start);
  const links: Links = { hub: null, self: null };
  const firstEntry = /<(?:[\w.-]+:)?(?:item|entry)[\s>/]/i.exec(text);
  const head = firstEntry ? text.slice(0, firstEntry.index) : text;
  for (const tag of head.matchAll(/<(?:[\w.-]+:)?link\b([^>]*)>/gi)) {
    const attributes = new Map<string, string>();
    for (const a of tag[1]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes.set(a[1]!.toLowerCase(), decodeXML(a[2] ?? a[3] ?? ''));
    const href = attributes.get('href');
    if (href) addLink(links, attributes.get('rel') ?? '', href);
  }
  return links;
}

function linksFromJson(text: string): Links {
  try {
    const feed = JSON.parse(text) as { hubs?: unknown; feed_url?: unknown };
    const hubs = Array.isArray(feed.hubs) ? feed.hubs as Array<{ type?: unknown; url?: unknown }> : [];
    const hub = hubs.find((h) => typeof h?.type === 'string' && h.type.toLowerCase() === 'websub' && typeof h.url === 'string');
    return { hub: (hub?.url as string | undefined) ?? null, self: typeof feed.feed_url === 'string' ? feed.feed_url : null };
  } catch {
    return { hub: null, self: null };
  }
}

/** The absolute http(s) URL of `href` (relative to `base`), or null. */
function httpUrl(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
