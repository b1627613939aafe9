/**
 * Charset label handling: maps the many spellings found in Content-Type headers, XML prologs
 * and `<meta>` tags to a codec name Radar can decode with, following the WHATWG Encoding
 * Standard where it matters (ISO-8859-1 and US-ASCII are decoded as windows-1252, so the
 * curly quotes and dashes that publishers put in 0x80–0x9F come out right).
 *
 * @see https://encoding.spec.whatwg.org/#names-and-labels
 */
import iconv from 'iconv-lite';

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-unicode20utf8': 'utf-8',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'iso_8859-1:1987': 'windows-1252',
  'iso-ir-100': 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  l1: 'windows-1252',
  cp819: 'windows-1252',
  ibm819: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'ansi_x3.4-1968': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'windows-1252': 'windows-1252',
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-32': 'utf-32le',
  utf32: 'utf-32le',
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
  'x-mac-cyrillic': 'maccyrillic',
  'mac-cyrillic': 'maccyrillic',
};

/**
 * The codec for a charset label, lower-case ("utf-8", "windows-1252", "koi8-r", …), or null
 * when the label is empty or names nothing iconv-lite knows ("bogus", "x-fake").
 */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (!name) return null;
  const alias = ALIASES[name];
  if (alias) return alias;
  return iconv.encodingExists(name) ? name : null;
}

/** True for UTF-16/UTF-32: labels that only make sense when the bytes look wide. */
export const isWideCharset = (charset: string): boolean => /^utf-(?:16|32)/.test(charset);
