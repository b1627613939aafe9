/**
 * The bookkeeping of one feed's redirects: only http(s) URLs, no URL visited twice, at most
 * `maxRedirects` hops. Redirects are followed by hand so that every hop is checked this way.
 */
import { FetchError } from '../shared/errors.ts';

/** Parses `raw` (relative to `base`) and accepts only http(s) URLs. */
export function httpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new FetchError('fetch_invalid_url', raw, 'not a valid URL', {}, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('fetch_invalid_url', url.href, `only http: and https: URLs can be fetched, not ${url.protocol}`);
  }
  url.hash = '';
  return url;
}

export interface RedirectChain {
  /** The URL to request next: the start URL, then each redirect's target. */
  readonly url: URL;
  /** Moves on to `location` (relative to the current URL); throws on a loop, a bad URL or too many hops. */
  follow(location: string): URL;
}

/** @param start the feed's URL as configured, for messages. */
export function createRedirectChain(start: string, maxRedirects: number): RedirectChain {
  let url = httpUrl(start);
  let redirects = 0;
  const visited = new Set<string>([url.href]);
  return {
    get url() {
      return url;
    },
    follow(location) {
      if (redirects >= maxRedirects) {
        throw new FetchError('fetch_too_many_redirects', start, `more than ${maxRedirects} redirects (last: ${url.href})`);
      }
      redirects++;
      const next = httpUrl(location, url);
      if (visited.has(next.href)) {
        throw new FetchError('fetch_too_many_redirects', start, `redirect loop: ${url.href} sends back to ${next.href}`);
      }
      visited.add(next.href);
      url = next;
      return next;
    },
  };
}
