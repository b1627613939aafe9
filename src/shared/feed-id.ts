/** A readable id for a feed without one (a config entry without `id:`, a feed added from chat): host and path, e.g. "insightcrime.org-feed". */
export function feedIdFromUrl(url: string): string {
  const u = new URL(url);
  const text = `${u.hostname.replace(/^www\./, '')}${u.pathname}${u.search}`.toLowerCase();
  return text.replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'feed';
}
