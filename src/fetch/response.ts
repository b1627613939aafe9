/**
 * HTTP cache semantics of one response, in one place: validators for the next conditional
 * request, freshness for the next check, and back-off for 429/503. The scheduler feeds these
 * values into the next-check time; nothing here decides policy.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9111 HTTP Caching
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3 Retry-After
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Header values as undici returns them: lower-case names, repeated headers as arrays. */
export type ResponseHeaders = IncomingHttpHeaders | Record<string, string | string[] | undefined>;

/** A read-only view over a response's status and headers. */
export class FeedResponse {
  constructor(
    readonly statusCode: number,
    private readonly headers: ResponseHeaders,
    /** The clock used for Retry-After/Expires dates; injectable for tests. */
    private readonly now: number = Date.now(),
  ) {}

  /** First value of a header, trimmed; null when absent or empty. */
  header(name: string): string | null {
    const raw = this.headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const trimmed = value?.trim();
    return trimmed ? trimmed : null;
  }

  /** The entity tag to send back as If-None-Match (weak tags kept verbatim). */
  etag(): string | null {
    return this.header('etag');
  }

  /** The Last-Modified date to send back as If-Modified-Since, verbatim. */
  lastModified(): string | null {
    return this.header('last-modified');
  }

  contentType(): string | null {
    return this.header('content-type');
  }

  /** Content codings in the order they were applied, lower-case, without `identity`. */
  contentEncodings(): string[] {
    const value = this.header('content-encoding');
    if (!value) return [];
    return value
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '' && c !== 'identity');
  }

  /** Declared Content-Length, or null when absent or not a number. */
  contentLength(): number | null {
    const value = this.header('content-length');
    if (!value || !/^\d+$/.test(value)) return null;
    return Number(value);
  }

  /** Every `Link` header value, joined with ", " (RFC 8288 allows repeating it); null when absent. */
  link(): string | null {
    const raw = this.headers['link'];
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => v?.trim()).filter((v): v is string => !!v);
    return values.length ? values.join(', ') : null;
  }

  location(): string | null {
    return this.header('location');
  }

  /** True for 304 Not Modified: the cached copy is still current. */
  isNotModified(): boolean {
    return this.statusCode === 304;
  }

  /** True for the redirect statuses Radar follows (301, 302, 303, 307, 308). */
  isRedirect(): boolean {
    return [301, 302, 303, 307, 308].includes(this.statusCode);
  }

  /**
   * Milliseconds to wait before retrying, from `Retry-After` as delay-seconds or an
   * HTTP-date (measured against the response's own `Date` header when present, which
   * cancels clock skew). Null when absent or unparseable; never negative.
   */
  retryAfterMs(): number | null {
    const value = this.header('retry-after');
    if (!value) return null;
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    return Math.max(0, at - this.serverNow());
  }

  /**
   * Freshness lifetime: `Cache-Control: max-age` (0 for `no-cache`/`no-store`), else
   * `Expires` minus `Date`. Null when the response says nothing.
   */
  maxAgeMs(): number | null {
    const cacheControl = this.header('cache-control')?.toLowerCase() ?? '';
    const maxAge = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/.exec(cacheControl);
    if (maxAge?.[1] !== undefined) return Number(maxAge[1]) * 1000;
    if (/(?:^|[,\s])(?:no-cache|no-store)(?:$|[,\s=])/.test(cacheControl)) return 0;
    const expires = this.header('expires');
    if (!expires) return null;
    const at = Date.parse(expires);
    // An invalid Expires (often "0" or "-1") means "already expired" (RFC 9111 §5.3).
    if (Number.isNaN(at)) return 0;
    return Math.max(0, at - this.serverNow());
  }

  private serverNow(): number {
    const date = this.header('date');
    const parsed = date ? Date.parse(date) : Number.NaN;
    return Number.isNaN(parsed) ? this.now : parsed;
  }
}
