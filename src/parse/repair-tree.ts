/**
 * Repairs applied to the xml2js tree before rss-parser maps it, for the inputs that make
 * rss-parser 3.13.0 throw and lose the whole feed (see corpus README):
 *
 * - `<rss>` / `<rdf:RDF>` without a `<channel>` (minimal RSS 0.9x/1.0 documents): TypeError
 *   "reading '0'". We add an empty channel, so RDF items (which live outside the channel)
 *   are still read and an empty RSS document yields zero items instead of an error.
 * - One Atom `<published>`/`<updated>` that `new Date()` cannot read: RangeError "Invalid
 *   time value" from `toISOString()`, rejecting every entry. We move such a value to
 *   `radar:published` / `radar:updated`, which rss-parser ignores and our own, more lenient
 *   date parser still tries (see dates.ts). The other entries are unaffected.
 * - Atom `<link>` without attributes (`<link>http://…</link>`): TypeError "reading 'rel'".
 *   We turn it into `<link href="…"/>`.
 *
 * Pre-cleaning the tree (rather than catching and retrying) keeps one parse per document.
 */
import { isNode, textOf, type Node } from './xml-values.ts';

/** Ensures `parent[key]` is `[{…}]`: an array whose first element is an object. */
function ensureElement(parent: Node, key: string): void {
  const value = parent[key];
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  if (!isNode(first)) parent[key] = [{}];
}

/** Rewrites text-only `<link>` elements into `{ $: { href } }`. */
function repairLinks(node: Node): void {
  const links = node.link;
  if (!Array.isArray(links)) return;
  node.link = links.map((link: unknown) => {
    if (isNode(link) && isNode(link.$)) return link;
    return { $: { href: (textOf(link) ?? '').trim() } };
  });
}

const isValidDate = (text: string): boolean => !Number.isNaN(new Date(text).getTime());

/** Moves dates rss-parser would choke on out of its way (same test as its own code). */
function repairDates(entry: Node): void {
  for (const key of ['published', 'updated'] as const) {
    const values = entry[key];
    const first: unknown = Array.isArray(values) ? values[0] : undefined;
    if (typeof first === 'string' && first.length > 0 && !isValidDate(first)) {
      entry[`radar:${key}`] = values;
      delete entry[key];
    }
  }
}

/** Repairs `tree` in place (and returns it). Unknown shapes are left alone. */
export function repairTree(tree: unknown): unknown {
  if (!isNode(tree)) return tree;
  if ('rss' in tree) {
    if (!isNode(tree.rss)) tree.rss = {};
    ensureElement(tree.rss as Node, 'channel');
  }
  if ('rdf:RDF' in tree) {
    if (!isNode(tree['rdf:RDF'])) tree['rdf:RDF'] = {};
    ensureElement(tree['rdf:RDF'] as Node, 'channel');
  }
  if ('feed' in tree) {
    if (!isNode(tree.feed)) tree.feed = {};
    const feed = tree.feed as Node;
    repairLinks(feed);
    const entries: unknown[] = Array.isArray(feed.entry) ? feed.entry : [];
    feed.entry = entries.map((entry) => {
      if (!isNode(entry)) return {};
      repairLinks(entry);
      repairDates(entry);
      return entry;
    });
  }
  return tree;
}
