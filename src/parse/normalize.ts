/**
 * Raw entries → `FeedItem`s: plain text, absolute http(s) URLs, epoch dates, 2-letter
 * languages, stable keys, and no duplicates or empty entries.
 *
 * Keys: guid/id, else the entry's URL, else `sha1:` of title, raw date string and summary.
 * The raw date string is used rather than `publishedAt` because a missing date falls back to
 * the fetch time, which would give the same entry a new key on every fetch.
 */
import { createHash } from 'node:crypto';
import type { FeedItem, ParsedFeed } from '../shared/types.ts';
import { pickPublishedAt } from './dates.ts';
import { foldWhitespace, htmlToText, truncateText } from './plain-text.ts';
import type { RawEntry, RawFeed } from './raw-feed.ts';

/** Where a summary comes from the content, its length in characters. */
const SUMMARY_FROM_CONTENT_CHARS = 500;
/** Keys longer than this (some feeds put whole URLs with tracking junk in guids) are hashed. */
const MAX_KEY_CHARS = 512;

/** What normalization left out, for diagnostics and the corpus test. */
export interface DropCounts {
  /** Entries with the key of an earlier entry in the same document. */
  duplicate: number;
  /** Entries with no title, no summary and no URL. */
  empty: number;
}

export interface NormalizeContext {
  url: string;
  fetchedAt: number;
}

/** `value` resolved against `base`, if the result is an http(s) URL. */
export function absoluteHttpUrl(value: string | null, base: string | null): string | null {
  if (!value) return null;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A base URL of any scheme (xml:base may be a tag: or file: URI we merely carry along). */
function resolveBase(value: string | null, base: string): string {
  if (!value) return base;
  try {
    return new URL(value, base).href;
  } catch {
    return base;
  }
}

/** "es-MX" → "es"; null unless the primary subtag is two letters. */
export function toLang2(value: string | null | undefined): string | null {
  const primary = value?.trim().toLowerCase().split(/[-_\s]/)[0];
  return primary && /^[a-z]{2}$/.test(primary) ? primary : null;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

function keyOf(entry: RawEntry, url: string | null, title: string, summary: string): string {
  const key = foldWhitespace(entry.id ?? '') || url || foldWhitespace(entry.link ?? '');
  if (key) return key.length > MAX_KEY_CHARS ? `sha1:${sha1(key)}` : key;
  return `sha1:${sha1(`${title}\n${entry.dates[0] ?? ''}\n${summary}`)}`;
}

function toItem(entry: RawEntry, base: string, feedLang: string | null, ctx: NormalizeContext): FeedItem | null {
  const entryBase = resolveBase(entry.base, base);
  const url =
    absoluteHttpUrl(entry.link, entryBase) ?? (entry.idIsPermalink ? absoluteHttpUrl(entry.id, null) : null);
  const title = htmlToText(entry.title);
  const content = htmlToText(entry.content);
  const summary = htmlToText(entry.summary) || truncateText(content, SUMMARY_FROM_CONTENT_CHARS);
  if (!title && !summary && !url) return null;
  return {
    key: keyOf(entry, url, title, summary),
    url,
    title,
    summary,
    content,
    publishedAt: pickPublishedAt(entry.dates, ctx.fetchedAt),
    author: entry.author ? foldWhitespace(htmlToText(entry.author)) || null : null,
    categories: [...new Set(entry.categories.map((c) => htmlToText(c)).filter((c) => c !== ''))],
    lang: toLang2(entry.lang) ?? feedLang,
  };
}

/** Normalizes a raw feed; see the module comment for the rules. */
export function normalizeFeed(raw: RawFeed, ctx: NormalizeContext): { feed: ParsedFeed; dropped: DropCounts } {
  const link = absoluteHttpUrl(raw.link, ctx.url);
  const base = resolveBase(raw.base, link ?? ctx.url);
  const lang = toLang2(raw.lang);
  const dropped: DropCounts = { duplicate: 0, empty: 0 };
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const entry of raw.entries) {
    const item = toItem(entry, base, lang, ctx);
    if (!item) {
      dropped.empty++;
    } else if (seen.has(item.key)) {
      dropped.duplicate++;
    } else {
      seen.add(item.key);
      items.push(item);
    }
  }
  const title = htmlToText(raw.title);
  const ttl = ttlMs(raw.ttl);
  const period = updatePeriodMs(raw.updatePeriod, raw.updateFrequency);
  // Present only when the feed says something (most feeds do not).
  const hints = { ...(ttl === null ? {} : { ttlMs: ttl }), ...(period === null ? {} : { updatePeriodMs: period }) };
  return { feed: { title: title || null, link, lang, items, ...hints }, dropped };
}

const MINUTE = 60_000;
const PERIODS: Readonly<Record<string, number>> = { hourly: 60 * MINUTE, daily: 1440 * MINUTE, weekly: 7 * 1440 * MINUTE, monthly: 30 * 1440 * MINUTE, yearly: 365 * 1440 * MINUTE };

/** RSS `<ttl>`: whole minutes; null when absent, zero or not a number. */
function ttlMs(ttl: string | null | undefined): number | null {
  const minutes = ttl && /^\s*\d{1,7}\s*$/.test(ttl) ? Number(ttl) : 0;
  return minutes > 0 ? minutes * MINUTE : null;
}

/**
 * The syndication module's period ÷ frequency (RSS 1.0 `sy:`; the frequency defaults to 1, an
 * unknown period to none). Null when the feed says nothing usable.
 */
function updatePeriodMs(period: string | null | undefined, frequency: string | null | undefined): number | null {
  if (!period && !frequency) return null;
  const length = PERIODS[(period ?? 'daily').trim().toLowerCase()];
  if (!length) return null;
  const times = frequency && /^\s*\d{1,6}\s*$/.test(frequency) ? Number(frequency) : 1;
  return times > 0 ? Math.round(length / times) : null;
}
