/**
 * Feed dates: RFC 822 in RSS (often sloppy), RFC 3339 in Atom and JSON Feed, and Spanish or
 * Portuguese month and day names from Latin-American CMSs ("Lun, 12 Ene 2024 10:00:00 -0600").
 */

const DAY_MS = 86_400_000;

/** Spanish/Portuguese month abbreviations to English, for `Date.parse`. */
const MONTHS: Record<string, string> = {
  ene: 'Jan', enero: 'Jan', janeiro: 'Jan', febrero: 'Feb', fev: 'Feb', fevereiro: 'Feb', marzo: 'Mar', mar: 'Mar',
  abr: 'Apr', abril: 'Apr', mayo: 'May', mai: 'May', maio: 'May', junio: 'Jun', junho: 'Jun', julio: 'Jul', julho: 'Jul',
  ago: 'Aug', agosto: 'Aug', sept: 'Sep', set: 'Sep', septiembre: 'Sep', setembro: 'Sep', octubre: 'Oct', out: 'Oct',
  outubro: 'Oct', noviembre: 'Nov', novembro: 'Nov', dic: 'Dec', diciembre: 'Dec', dez: 'Dec', dezembro: 'Dec',
};

/** Rewrites forms `Date.parse` rejects into ones it accepts; returns the input when none applies. */
function repair(text: string): string {
  // "2003-07-01 T 01:55:07-05:00" and "2003-07-01 01:55:07": ISO date with spaces for "T".
  const iso = /^(\d{4}-\d\d-\d\d)\s*T?\s*(\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(Z|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (iso) return `${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`;
  // Leading day name in any language ("Lun,", "Seg,", "Tuesday,"), then translate month names.
  return text
    .replace(/^[^\d,]*,\s*/, '')
    .replace(/[a-záéíóúç]+\.?/gi, (word) => MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? word);
}

/** Epoch ms of a feed date string, or null when it is missing or not a date. */
export function parseFeedDate(value: string | null | undefined): number | null {
  const text = value?.trim();
  // Very short strings ("1", "2024") parse as years in V8, which is never what a feed meant.
  if (!text || text.length < 8 || !/\d/.test(text)) return null;
  let time = Date.parse(text);
  if (Number.isNaN(time)) time = Date.parse(repair(text));
  return Number.isNaN(time) ? null : time;
}

/**
 * The first parseable candidate; `fetchedAt` when there is none, and also when the date is
 * more than a day in the future (bad clocks or time zones would otherwise pin an item to the
 * top of every "latest" list for days).
 */
export function pickPublishedAt(candidates: readonly string[], fetchedAt: number): number {
  for (const candidate of candidates) {
    const time = parseFeedDate(candidate);
    if (time !== null) return time > fetchedAt + DAY_MS ? fetchedAt : time;
  }
  return fetchedAt;
}
