/**
 * The main text of an article page: Mozilla's Readability (the algorithm of Firefox's reader view)
 * on a linkedom document, then the same HTML-to-text as feed entries. A page whose main text has
 * fewer than MIN_ARTICLE_CHARS in paragraphs of PARAGRAPH_CHARS or more (a section front of links,
 * a login or cookie wall, an error page) has no article: null. Both libraries are loaded on the
 * first page (linkedom takes most of a second to load), so that Radar starts as fast without them.
 */
import { htmlToText, truncateText } from '../parse/index.ts';

type Libraries = [typeof import('@mozilla/readability'), typeof import('linkedom')];
let libraries: Promise<Libraries> | null = null;
const load = () => (libraries ??= Promise.all([import('@mozilla/readability'), import('linkedom')]));

export const MIN_ARTICLE_CHARS = 250;
/** A paragraph shorter than this (a link, a caption, a teaser line) is not prose. */
const PARAGRAPH_CHARS = 80;
/** Longest article text kept (stored, and read by the summary). */
export const MAX_ARTICLE_CHARS = 20_000;
const MAX_TITLE_CHARS = 300;
/** Pages with more elements are not analysed (Readability gives up with an error). */
const MAX_ELEMENTS = 100_000;

export interface ExtractedArticle {
  /** The page's headline (plain text), '' when it has none. */
  title: string;
  /** Plain text of the article body. */
  text: string;
}

export async function extractArticle(html: string): Promise<ExtractedArticle | null> {
  const [{ Readability }, { parseHTML }] = await load();
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { maxElemsToParse: MAX_ELEMENTS, charThreshold: MIN_ARTICLE_CHARS }).parse();
  if (!article?.content || proseChars(article.content, parseHTML) < MIN_ARTICLE_CHARS) return null;
  const text = htmlToText(article.content);
  return { title: truncateText(htmlToText(article.title), MAX_TITLE_CHARS), text: truncateText(text, MAX_ARTICLE_CHARS) };
}

/** Characters of the main text that are in paragraphs of prose. */
function proseChars(html: string, parseHTML: Libraries[1]['parseHTML']): number {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  let chars = 0;
  for (const p of document.querySelectorAll('p')) {
    const length = htmlToText(p.textContent).length;
    if (length >= PARAGRAPH_CHARS) chars += length;
  }
  return chars;
}
