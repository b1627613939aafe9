/**
 * The items an end-to-end replay publishes: real published items with their text (a file of
 * labelled pairs, `{"a": item, "b": item, …}` per line) and, from a second file, the event each one
 * reports (`{"event", "lang", "url", …}` per line), joined on the URL.
 */
import { readFileSync } from 'node:fs';

export interface ReplayItem {
  /** The news event the item reports (the truth the replay counts against). */
  event: string;
  lang: 'en' | 'es' | null;
  url: string;
  title: string;
  summary: string;
  /** Epoch milliseconds. */
  publishedAt: number;
}

interface PairSide {
  title?: unknown;
  summary?: unknown;
  url?: unknown;
  publishedAt?: unknown;
}

/** Reads both files and joins them; throws an error naming the file and line of the first problem. */
export function loadReplayItems(pairsFile: string, itemsFile: string): ReplayItem[] {
  const texts = new Map<string, { title: string; summary: string; publishedAt: number }>();
  for (const [line, value] of jsonLines(pairsFile)) {
    for (const side of [value.a, value.b] as PairSide[]) {
      if (!side || typeof side.url !== 'string') throw new Error(`${pairsFile}:${line}: each pair needs "a" and "b" items with a "url"`);
      const publishedAt = Date.parse(String(side.publishedAt));
      if (Number.isNaN(publishedAt)) throw new Error(`${pairsFile}:${line}: "publishedAt" of ${side.url} is not an ISO 8601 time`);
      texts.set(side.url, { title: String(side.title ?? ''), summary: String(side.summary ?? ''), publishedAt });
    }
  }
  const items: ReplayItem[] = [];
  for (const [line, value] of jsonLines(itemsFile)) {
    const { event, lang, url } = value as { event?: unknown; lang?: unknown; url?: unknown };
    if (typeof event !== 'string' || !event || typeof url !== 'string') throw new Error(`${itemsFile}:${line}: each line needs an "event" and a "url"`);
    const text = texts.get(url);
    if (!text) throw new Error(`${itemsFile}:${line}: ${url} has no title or summary in ${pairsFile}`);
    items.push({ event, lang: lang === 'en' || lang === 'es' ? lang : null, url, ...text });
  }
  return items;
}

function* jsonLines(file: string): Generator<[number, Record<string, unknown>]> {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}:${i + 1}: not JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null) throw new Error(`${file}:${i + 1}: expected a JSON object`);
    yield [i + 1, value as Record<string, unknown>];
  }
}
