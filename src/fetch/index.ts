/**
 * Fetch stage: bounded conditional HTTP GET of a feed, decompression and charset decoding.
 * `createFetcher(options).fetchFeed(req)` is the stage's one entry point; `decodeFeedBytes`
 * is exported for callers that already hold raw bytes (files, tests, the corpus harness).
 */
export { createFetcher } from './create-fetcher.ts';
export { decodeFeedBytes, type DecodedFeed } from './decode.ts';
export { FeedResponse } from './response.ts';
export type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from './types.ts';
export { createFeedFetchers, type FeedFetchers, type FetchSettings } from './feed-fetchers.ts';
