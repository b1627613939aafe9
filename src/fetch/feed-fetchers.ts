/**
 * The two fetchers a run uses, from the `fetch:` settings: one for configured feeds (trusted), and
 * one for feeds added from chat, which reaches public addresses only (see address-guard.ts).
 */
import { createFetcher } from './create-fetcher.ts';
import type { Fetcher } from './types.ts';

/** The `fetch:` section of the config file. */
export interface FetchSettings {
  userAgent: string;
  connectTimeout: number;
  timeout: number;
  maxBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  /** Hosts that chat-added feeds may reach although they are not public. */
  allowPrivateHosts: string[];
}

export interface FeedFetchers {
  /** For feeds of the config file; `feeds` may be given instead (tests). */
  feeds: Fetcher;
  /** For feeds added from chat. */
  chat: Fetcher;
  close(): Promise<void>;
}

export function createFeedFetchers(settings: FetchSettings, feeds?: Fetcher): FeedFetchers {
  const options = {
    userAgent: settings.userAgent,
    connectTimeoutMs: settings.connectTimeout,
    timeoutMs: settings.timeout,
    maxBytes: settings.maxBytes,
    maxRedirects: settings.maxRedirects,
    perHostConcurrency: settings.perHostConcurrency,
  };
  const configured = feeds ?? createFetcher(options);
  const chat = createFetcher({ ...options, publicOnly: { allowHosts: settings.allowPrivateHosts } });
  return {
    feeds: configured,
    chat,
    async close() {
      await configured.close();
      await chat.close();
    },
  };
}
