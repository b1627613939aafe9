/**
 * Extractive summaries for alerts: the lede sentences of an item, boilerplate out, cut to the
 * platform's budget. Pure functions; no platform types.
 */
export { summarize, DEFAULT_SUMMARY_BUDGET } from './summarize.ts';
export { splitSentences } from './sentences.ts';
export { stripBoilerplate, plainText } from './clean.ts';
