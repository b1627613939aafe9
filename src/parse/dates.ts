/**
 * Feed dates: RFC 822 in RSS (often sloppy), RFC 3339 in Atom and JSON Feed, Spanish or
 * Portuguese month and day names from Latin-American CMSs ("Lun, 12 Ene 2024 10:00:00 -0600"), and
 * long Spanish dates ("lunes, 3 de marzo de 2025", "3 de marzo de 2025 10:30 hrs"; UTC when no
 * zone is given). Nonsense ("-1", "0001", the Unix epoch CMSs write for "no date") counts as no
 * date, so the item falls back to its fetch time.
 */

const DAY_MS = 86_400_000;

/** Spanish/Portuguese month abbreviations to English, for `Date.parse`. */
const MONTHS: Record<string, string> = {
  ene: 'Jan', enero: 'Jan', janeiro: 'Jan', febrero: 'Feb', fev: 'Feb', fevereiro: 'Feb', marzo: 'Mar', mar: 'Mar',
  abr: 'Apr', abril: 'Apr', mayo: 'May', mai: 'May', maio: 'May', junio: 'Jun', junho: 'Jun', julio: 'Jul', julho: 'Jul',
  marco: 'Mar', março: 'Mar', ago: 'Aug', agosto: 'Aug', sept: 'Sep', set: 'Sep', septiembre: 'Sep', setembro: 'Sep', octubre: 'Oct', out: 'Oct',
  outubro: 'Oct', noviembre: 'Nov', novembro: 'Nov', dic: 'Dec', diciembre: 'Dec', dez: 'Dec', dezembro: 'Dec',
};

/** "lunes, 3 de marzo de 2025", "3 de marzo del 2025, 10:30 hrs", "3 de março de 2025 10:30 -03:00". */
const LONG_DATE = /^(?:\p{L}+\.?,?\s+)?(\d{1,2})\s+de\s+(\p{L}+)\s+(?:de|del)\s+(\d{4})(?:\s*,?\s*(?:a\s+las\s+)?(\d{1,2}):(\d\d)(?::(\d\d))?\s*(?:h|hs|hrs|horas)?\.?)?\s*(Z|GMT|UTC|[+-]\d\d:?\d\d)?$/iu;

/** Rewrites forms `Date.parse` rejects into ones it accepts; returns the input when none applies. */
function repair(text: string): string {
  // "2003-07-01 T 01:55:07-05:00" and "2003-07-01 01:55:07": ISO date with spaces for "T".
  const iso = /^(\d{4}-\d\d-\d\d)\s*T?\s*(\d\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(Z|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (iso) return `${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`;
  const long = LONG_DATE.exec(text);
  const month = long ? MONTHS[(long[2] as string).toLowerCase()] : undefined;
  if (long && month) {
    const [, day, , year, hour = '0', minute = '00', second = '00', zone = 'GMT'] = long;
    return `${day} ${month} ${year} ${hour}:${minute}:${second} ${zone}`;
  }
  // Leading day name in any language ("Lun,", "Seg,", "Tuesday,"), then translate month names.
  return text
    .replace(/^[^\d,]*,\s*/, '')
    .replace(/[a-záéíóúç]+\.?/gi, (word) => MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? word);
}

/** Dates from before this are placeholders ("Thu, 01 Jan 1970"), not publication times. */
const EARLIEST = Date.UTC(1971, 0, 1);

/**
 * Whether a parsed time is believable for `text`: not a placeholder, and in a year the text
 * names when it names one (V8 reads "Sat, 1 Jan 0001" as 2001; a year off by one is a time zone).
 */
function plausible(time: number, text: string): boolean {
  if (Number.isNaN(time) || time < EARLIEST) return false;
  const years = text.match(/(?<!\d)\d{4}(?!\d)/g);
  if (!years) return true;
  const year = new Date(time).getUTCFullYear();
  return years.some((y) => Math.abs(Number(y) - year) <= 1);
}

/** Epoch ms of a feed date string, or null when it is missing or not a date. */
export function parseFeedDate(value: string | null | undefined): number | null {
  const text = value?.trim();
  // Very short strings ("1", "2024") parse as years in V8, which is never what a feed meant.
  if (!text || text.length < 8 || !/\d/.test(text)) return null;
  let time = Date.parse(text);
  if (Number.isNaN(time)) time = Date.parse(repair(text));
  return plausible(time, text) ? time : null;
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
