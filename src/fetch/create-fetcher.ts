/**
 * The fetch stage: one polite, bounded, conditional HTTP GET per feed.
 *
 * Bounded in every dimension a hostile or broken server can stretch: connect time, total time
 * (headers and every body byte, across all redirect hops, so a body that drips one byte per
 * second still fails on time), raw and decompressed size, redirects, and requests per host.
 * Redirects are followed by hand so each hop is checked (scheme, loop, count, address) and
 * counted against the same deadline. The deadline starts when the feed first gets a slot of
 * its host, so time spent queueing behind other feeds of that host is not charged to it; a
 * redirect on the same host continues in the slot the feed holds, and a redirect to another
 * host gives that slot up and waits for one of the other host's.
 */
import { STATUS_CODES } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { FetchError } from '../shared/errors.ts';
import { createAddressGuard } from './address-guard.ts';
import { decodeFeedBytes } from './decode.ts';
import { createHostLimiter } from './host-limiter.ts';
import { readBody } from './read-body.ts';
import { createRedirectChain } from './redirect-chain.ts';
import { FeedResponse } from './response.ts';
import { toFetchError } from './to-fetch-error.ts';
import type { FetchRequest, FetchResult, Fetcher, FetcherOptions } from './types.ts';

/** Feed formats first; generic XML/JSON accepted at lower weight; anything else last. */
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** Statuses whose Retry-After is meaningful back-off advice. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

type HopOutcome = { kind: 'redirect'; location: string } | { kind: 'done'; result: FetchResult };

/** Creates a fetcher; see {@link FetcherOptions} for the limits it enforces. */
export function createFetcher(options: FetcherOptions): Fetcher {
  const { userAgent, timeoutMs, maxBytes, maxRedirects } = options;
  const guard = options.publicOnly && !options.dispatcher ? createAddressGuard(options.publicOnly.allowHosts) : null;
  const ownAgent = options.dispatcher
    ? null
    : new Agent({
        connect: guard ? { timeout: options.connectTimeoutMs, lookup: guard.lookup } : { timeout: options.connectTimeoutMs },
        keepAliveTimeout: 30_000,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? ownAgent!;
  const limitHost = createHostLimiter(Math.max(1, options.perHostConcurrency));

  /** One request/response exchange; the body is read (or discarded) before returning. */
  async function hop(url: URL, req: FetchRequest, signal: AbortSignal): Promise<HopOutcome> {
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: req.accept ?? ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified;
    const body = req.form ? new URLSearchParams(req.form).toString() : undefined;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';

    const res = await request(url, { method: body === undefined ? 'GET' : 'POST', headers, body, dispatcher, signal });
    const response = new FeedResponse(res.statusCode, res.headers);
    const discard = (): Promise<void> => res.body.dump({ limit: 64 * 1024, signal }).catch(() => undefined);
    const cache = {
      finalUrl: url.href,
      etag: response.etag(),
      lastModified: response.lastModified(),
      maxAgeMs: response.maxAgeMs(),
      link: response.link(),
    };

    if (response.isRedirect() && !req.form) {
      await discard();
      const location = response.location();
      if (location) return { kind: 'redirect', location };
      throw new FetchError('fetch_http_status', url.href, `HTTP ${res.statusCode} redirect without a Location header`, {
        status: res.statusCode,
      });
    }
    if (response.isNotModified() && !req.form) {
      await discard();
      // A 304 may omit validators; keep the ones the caller sent so they are not lost.
      const etag = cache.etag ?? req.etag ?? null;
      const lastModified = cache.lastModified ?? req.lastModified ?? null;
      return { kind: 'done', result: { status: 'not_modified', ...cache, etag, lastModified } };
    }
    if (res.statusCode < 200 || res.statusCode >= 300 || (req.form && response.isRedirect())) {
      await discard();
      const retryAfterMs = RETRY_AFTER_STATUSES.has(res.statusCode) ? response.retryAfterMs() : null;
      const reason = res.statusText || STATUS_CODES[res.statusCode] || 'error';
      throw new FetchError('fetch_http_status', url.href, `HTTP ${res.statusCode} ${reason}`, {
        status: res.statusCode,
        ...(retryAfterMs === null ? {} : { retryAfterMs }),
      });
    }

    const declared = response.contentLength();
    const encodings = response.contentEncodings();
    if (declared !== null && declared > maxBytes) {
      res.body.destroy();
      throw new FetchError('fetch_too_large', url.href, `Content-Length ${declared} exceeds the ${maxBytes}-byte limit`);
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(res.body, encodings, maxBytes, signal);
    } finally {
      if (!res.body.destroyed) res.body.destroy();
    }
    const contentType = response.contentType();
    const { text, charset } = decodeFeedBytes(bytes, contentType);
    return { kind: 'done', result: { status: 'ok', ...cache, text, charset, contentType, bytes: bytes.length } };
  }

  async function fetchFeed(req: FetchRequest): Promise<FetchResult> {
    const chain = createRedirectChain(req.url, maxRedirects);
    req.signal?.throwIfAborted();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const startDeadline = (): void => {
      timer ??= setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    };
    const onCallerAbort = (): void => controller.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });

    /** Runs in a slot of `host`: hops until the result, or until a redirect leaves the host. */
    async function hopsOn(host: string): Promise<FetchResult | null> {
      startDeadline();
      for (;;) {
        controller.signal.throwIfAborted();
        const outcome = await hop(chain.url, req, controller.signal);
        if (outcome.kind === 'done') return outcome.result;
        if (chain.follow(outcome.location).host !== host) return null;
      }
    }

    try {
      for (;;) {
        const { host } = chain.url;
        guard?.checkUrl(chain.url);
        const result = await limitHost(host, () => hopsOn(host));
        if (result) return result;
        if (req.stayOnHost) {
          throw new FetchError('fetch_blocked_address', chain.url.href, `redirect from ${host} to another host refused: a link may only be read on its own host`);
        }
      }
    } catch (error) {
      if (req.signal?.aborted && !timedOut) throw req.signal.reason;
      throw toFetchError(error, chain.url.href, timeoutMs, timedOut);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    fetchFeed,
    async close() {
      await ownAgent?.close();
    },
  };
}
