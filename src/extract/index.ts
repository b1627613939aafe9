/**
 * Extract stage: the article page of a new item whose feed says too little (a headline, or a lede
 * without one), read once through the guarded fetcher, and its main text used for scoring, story
 * grouping and the summary. `readArticles` is the stage's one entry point.
 */
export { readArticles, noArticles, type ArticleCounts, type ArticleDeps } from './read-articles.ts';
export { articleBudget, type ArticleBudget } from './budget.ts';
export { ARTICLE_MODES, type ArticleMode } from './mode.ts';
export { MIN_SUMMARY_WORDS } from './usable-summary.ts';
