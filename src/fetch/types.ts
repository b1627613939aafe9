/**
 * Public types of the fetch stage. Kept apart from the implementation so that callers (the
 * pipeline, the scheduler, benchmarks) can import them without pulling in undici.
 */
import type { Dispatcher } from 'undici';

/** How the fetcher talks to the network. All limits apply per call to `fetchFeed`. */
export interface FetcherOptions {
  /** Sent as `User-Agent`, e.g. "Radar/0.1 (+https://github.com/newsroom-radar)". */
  userAgent: string;
  /** TCP/TLS connect timeout, in milliseconds. */
  connectTimeoutMs: number;
  /** Total time for one feed: every redirect hop, headers and the whole body. */
  timeoutMs: number;
  /** Cap on the body size after decompression (and on the raw body), in bytes. */
  maxBytes: number;
  /** Redirects followed before failing with `fetch_too_many_redirects`. */
  maxRedirects: number;
  /** At most this many requests to one host at once. */
  perHostConcurrency: number;
  /**
   * Injectable transport (tests, benchmarks, a proxy agent). When given, `close()` leaves it
   * open: its owner closes it. Default: a keep-alive undici `Agent` built from these options.
   */
  dispatcher?: Dispatcher;
  /**
   * Refuse non-public addresses (after DNS and on every redirect hop), except these hosts. For feeds
   * added from chat; feeds from the config file are trusted. Ignored when `dispatcher` is given.
   */
  publicOnly?: { allowHosts: readonly string[] };
}

/** One conditional GET of a feed (or an article page). `etag`/`lastModified` come from the previous 200. */
export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  /** Sent as `Accept` instead of the feed formats (article pages ask for HTML). */
  accept?: string;
  /** Aborting it rejects the fetch with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Refuse a redirect to another host (`fetch_blocked_address`): for links found in a trusted
   * feed, read through the unguarded fetcher, so that a link on the feed's own host cannot lead
   * the fetcher anywhere else.
   */
  stayOnHost?: boolean;
  /**
   * Sent as an `application/x-www-form-urlencoded` POST instead of a GET (a WebSub hub's
   * subscription request), under the same limits and address checks; a redirect is not followed
   * (it fails with `fetch_http_status`).
   */
  form?: Readonly<Record<string, string>>;
}

/** Cache validators and freshness, shared by both outcomes. */
interface FetchCacheInfo {
  /** URL after redirects. */
  finalUrl: string;
  etag: string | null;
  lastModified: string | null;
  /** Freshness lifetime from `Cache-Control: max-age` (or `Expires`), null when absent. */
  maxAgeMs: number | null;
  /** The `Link` header (RFC 8288), repeated ones joined with ", "; null when absent. A WebSub hub may be named there. */
  link?: string | null;
}

/** `not_modified` for a 304 (no body read); `ok` with the decoded text otherwise. */
export type FetchResult =
  | ({ status: 'not_modified' } & FetchCacheInfo)
  | ({
      status: 'ok';
      /** Body decoded to a JS string (BOM stripped, XML prolog encoding rewritten to utf-8). */
      text: string;
      /** The charset used to decode the body, lower-case (e.g. "utf-8", "windows-1252"). */
      charset: string;
      contentType: string | null;
      /** Body size in bytes after decompression. */
      bytes: number;
    } & FetchCacheInfo);

/** The fetch stage: one method per feed, plus `close()` to release sockets. */
export interface Fetcher {
  /**
   * Fetches one feed. Rejects with a `FetchError` (`fetch_*` code) on any network, HTTP,
   * size, redirect or timeout problem; never with anything else unless `req.signal` aborts.
   */
  fetchFeed(req: FetchRequest): Promise<FetchResult>;
  /** Closes the default agent's sockets. An injected dispatcher is left to its owner. */
  close(): Promise<void>;
}
