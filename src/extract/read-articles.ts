/**
 * The extract stage's entry: reads the article pages of a feed's new items that need them (see
 * usable-summary.ts and mode.ts), newest first while the cycle's budget lasts, through the guarded
 * fetcher the pipeline chooses for each page (its byte cap, timeouts, redirect and address checks,
 * per-host limit), and all of a feed's pages within one `fetch.timeout`. An item whose page is
 * read gets the page's text as its content, the page's lede as its summary when the feed's says
 * too little (or always, in `always` mode), and the page's headline when the feed gave none. A page
 * that fails (refused, too large, not HTML, no article in it) leaves the item as the feed gave it.
 */
import type { Fetcher } from '../fetch/index.ts';
import { truncateText } from '../parse/index.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { FeedItem } from '../shared/types.ts';
import type { ArticleBudget } from './budget.ts';
import { extractArticle, type ExtractedArticle } from './extract-text.ts';
import type { ArticleMode } from './mode.ts';
import { summaryTooShort, wantsArticle } from './usable-summary.ts';

/** Length of a summary taken from the page, as for a feed's summary taken from its content. */
const LEDE_CHARS = 500;
const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';
const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\b/i;

/** What a feed's (or a cycle's) article reads came to. */
export interface ArticleCounts {
  /** Pages requested. */
  fetched: number;
  /** Pages whose article text was used. */
  extracted: number;
  /** Pages that failed or had no article (the items kept the feed's text). */
  failed: number;
  /** Items that needed their page but found the cycle's budget spent. */
  skipped: number;
}

export const noArticles = (): ArticleCounts => ({ fetched: 0, extracted: 0, failed: 0, skipped: 0 });

export interface ArticleDeps {
  mode: ArticleMode;
  budget: ArticleBudget;
  /** The fetcher for a page's URL. */
  fetcherFor(url: string): Fetcher;
  /** Time for all of the feed's pages together. */
  timeoutMs: number;
  logger: Logger;
}

/** `items` with the article text of those that needed it, in the same order, and the counts. */
export async function readArticles(items: readonly FeedItem[], deps: ArticleDeps): Promise<{ items: FeedItem[]; counts: ArticleCounts }> {
  const counts = noArticles();
  const wanted = items.filter((item) => wantsArticle(item, deps.mode)).sort((a, b) => b.publishedAt - a.publishedAt);
  if (wanted.length === 0) return { items: [...items], counts };
  const signal = AbortSignal.timeout(deps.timeoutMs);
  const read = new Map<FeedItem, FeedItem>();
  await Promise.all(wanted.map(async (item) => {
    if (!deps.budget.take()) {
      counts.skipped += 1;
      return;
    }
    counts.fetched += 1;
    const url = item.url!;
    try {
      const article = await fetchArticle(url, deps.fetcherFor(url), signal);
      read.set(item, withArticle(item, article, deps.mode));
      counts.extracted += 1;
    } catch (error) {
      counts.failed += 1;
      deps.logger.info({ url, reason: describeError(error) }, 'article not read; the item keeps the feed text');
    }
  }));
  if (counts.skipped) deps.logger.info({ skipped: counts.skipped }, 'article budget of the cycle spent');
  return { items: items.map((item) => read.get(item) ?? item), counts };
}

async function fetchArticle(url: string, fetcher: Fetcher, signal: AbortSignal): Promise<ExtractedArticle> {
  const response = await fetcher.fetchFeed({ url, accept: ACCEPT_HTML, signal });
  if (response.status !== 'ok') throw new Error('the server answered 304 Not Modified to an unconditional request');
  if (!response.contentType || !HTML_TYPE.test(response.contentType)) throw new Error(`not an HTML page (${response.contentType ?? 'no Content-Type'})`);
  const article = await extractArticle(response.text);
  if (!article) throw new Error('no article text on the page');
  return article;
}

function withArticle(item: FeedItem, article: ExtractedArticle, mode: ArticleMode): FeedItem {
  const useLede = mode === 'always' || summaryTooShort(item);
  return {
    ...item,
    title: item.title || article.title,
    summary: useLede ? truncateText(article.text, LEDE_CHARS) : item.summary,
    content: article.text,
  };
}
