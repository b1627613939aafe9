/**
 * Canonical URL identity: two links that open the same article compare equal after this.
 *
 * Order matters: parse → host folding (`www.`, `m.`, `amp.`) → tracking parameters out → AMP
 * markers out of the path and query → remaining parameters sorted → fragment and trailing slash
 * dropped. Scheme is folded to `https:` because outlets serve one article on both.
 */

/** Query parameters that only track the reader; exact names. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid',
  'ocid', 'cmpid', 'cmp', 'icid', 'ito', 'ref', 'ref_src', 'ref_url', 'referrer', 'smid', 'smtyp', 'sr_share',
  'share', 'partner', 'taid', 'rss', 'feed', 'source', 'src', 'outputtype', 'amp', 'amp_js_v', 'usqp', '_ga', '_gl',
  'mkt_tok', 'spm', 'vero_id', 'oly_anon_id', 'oly_enc_id', '__twitter_impression', 'at_medium', 'at_campaign',
  'xtor', 'ns_mchannel', 'ns_source', 'ns_campaign', 'ns_linkname', 'ns_fee', 'soc_src', 'soc_trk', 'guccounter',
]);

/** Query parameter prefixes that only track the reader. */
const TRACKING_PREFIXES = ['utm_', 'hsa_', 'pk_', 'mtm_', 'at_', 'ga_'];

const HOST_PREFIX_RE = /^(?:www\d*|m|mobile|amp)\./;

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  if (TRACKING_PARAMS.has(n)) return true;
  return TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/** Removes AMP markers from a path: `/amp` segments, a trailing `/amp`, `.amp.html`, `.amp`. */
function stripAmpPath(path: string): string {
  let p = path.replace(/\.amp(\.html?)?$/i, (_m, ext: string | undefined) => ext ?? '');
  p = p.replace(/\/amp(?=\/|$)/gi, '');
  return p === '' ? '/' : p;
}

/**
 * The canonical form of an article URL, or null when `url` is not an absolute http(s) URL.
 *
 * @example canonicalUrl('https://www.Example.com/a/amp/?utm_source=x&b=2&a=1#top') === 'https://example.com/a?a=1&b=2'
 */
export function canonicalUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/\.$/, '').replace(HOST_PREFIX_RE, '');
  if (host === '') return null;
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';

  const kept: [string, string][] = [];
  for (const [k, v] of u.searchParams) if (!isTracking(k)) kept.push([k, v]);
  kept.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';

  let path = stripAmpPath(u.pathname).replace(/\/{2,}/g, '/');
  path = path.replace(/\/(?:index\.html?)?$/i, '');
  return `https://${host}${port}${path}${query}`;
}
