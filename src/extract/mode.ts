/**
 * When Radar reads an item's article page (config `feeds[].article`):
 * - `auto` (default): when the feed gives no usable summary (see usable-summary.ts);
 * - `always`: for every new item that may alert; the page's lede then replaces the feed's summary;
 * - `never`: the feed's text only.
 */
export const ARTICLE_MODES = ['auto', 'always', 'never'] as const;

export type ArticleMode = (typeof ARTICLE_MODES)[number];
