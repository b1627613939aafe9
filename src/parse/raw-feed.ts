/**
 * The format-neutral shape between the format readers (rss-parser for XML, our own JSON Feed
 * reader) and normalization. Values are as found in the document: HTML not yet stripped,
 * links not yet resolved, dates not yet parsed.
 */

export interface RawEntry {
  /** guid (RSS) / id (Atom, JSON Feed). */
  id: string | null;
  /** RSS `<guid isPermaLink>` other than "false": the guid may serve as the link. */
  idIsPermalink: boolean;
  link: string | null;
  title: string | null;
  /** description / summary, possibly HTML. */
  summary: string | null;
  /** content:encoded / Atom content / JSON content_html, possibly HTML. */
  content: string | null;
  /** Date strings in order of preference (published first). */
  dates: string[];
  author: string | null;
  categories: string[];
  lang: string | null;
  /** xml:base in effect on the entry, if declared on it. */
  base: string | null;
}

export interface RawFeed {
  title: string | null;
  link: string | null;
  lang: string | null;
  base: string | null;
  /** RSS `<ttl>` (minutes), as written; absent in formats without it. */
  ttl?: string | null;
  /** `sy:updatePeriod` (hourly, daily…) and `sy:updateFrequency` (times per period), as written. */
  updatePeriod?: string | null;
  updateFrequency?: string | null;
  entries: RawEntry[];
}
