/**
 * Turns a feed body's bytes into text. Feeds lie about their encoding often enough that the
 * order of evidence matters; Radar uses, first match wins:
 *
 * 1. a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE);
 * 2. the UTF-16/UTF-32 byte pattern of a leading `<` or whitespace (`<\0?\0`, `\0<\0?`), which
 *    no ASCII-compatible charset can produce, so it wins over any 8-bit label;
 * 3. the `charset` parameter of Content-Type;
 * 4. the XML prolog's `encoding="…"`;
 * 5. for an HTML page, `<meta charset>` / `<meta http-equiv content="…charset=…">`;
 * 6. UTF-8.
 *
 * Unknown labels are skipped (never thrown on), and UTF-16/32 labels are ignored when the
 * bytes are plainly 8-bit. The bytes then get the last word between UTF-8 and Latin-1, the
 * two that Latin-American CMSs mix up in both directions:
 *
 * - bytes that are mostly UTF-8 (valid multi-byte characters outnumber invalid sequences at
 *   least two to one) are UTF-8, each invalid sequence becoming U+FFFD, even under a Latin-1 or
 *   windows-1252 label: true Latin-1 text almost never forms valid multi-byte sequences, since
 *   its accented letters stand alone between ASCII bytes;
 * - UTF-8 (declared or by default) that is not mostly UTF-8 is Latin-1 served under a UTF-8
 *   label: the prolog's 8-bit charset is used if it names one, else windows-1252.
 *
 * The result has the BOM removed and the prolog's encoding rewritten to "utf-8", so that a
 * downstream XML parser does not try to decode the already decoded text again.
 */
import iconv from 'iconv-lite';
import { isWideCharset, normalizeCharset } from './charset-label.ts';

/** Decoded text and the charset that produced it (lower-case codec name). */
export interface DecodedFeed {
  text: string;
  charset: string;
}

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function sniffBom(bytes: Uint8Array): string | null {
  for (const [bom, charset] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return charset;
  }
  return null;
}

/** UTF-16/32 without a BOM, from the zero bytes around the first (ASCII) character. */
function sniffWidePattern(bytes: Uint8Array): string | null {
  if (bytes.length < 4) return null;
  const z = [0, 1, 2, 3].map((i) => bytes[i] === 0);
  if (z[0] && z[1] && z[2] && !z[3]) return 'utf-32be';
  if (!z[0] && z[1] && z[2] && z[3]) return 'utf-32le';
  if (z[0] && !z[1] && z[2] && !z[3]) return 'utf-16be';
  if (!z[0] && z[1] && !z[2] && z[3]) return 'utf-16le';
  return null;
}

const PROLOG_ENCODING = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/i;
const LOOKS_HTML = /<!doctype\s+html|<html[\s>]/i;
const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;

/** The first `limit` bytes as Latin-1 text: enough to read ASCII declarations. */
const asciiHead = (bytes: Uint8Array, limit: number): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, limit)).toString('latin1');

/** An 8-bit label from a declaration (wide labels make no sense on 8-bit bytes). */
function narrow(label: string | null | undefined): string | null {
  const charset = normalizeCharset(label);
  return charset && !isWideCharset(charset) ? charset : null;
}

function contentTypeCharset(contentType: string | null): string | null {
  const match = /;\s*charset\s*=\s*("[^"]*"|[^;\s]*)/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Labels that UTF-8 bodies are often served under by mistake. */
const LATIN_LABELS = new Set(['windows-1252', 'iso-8859-15']);

/** The bytes read as UTF-8 (U+FFFD for each invalid sequence), with the counts that weigh the reading. */
function readUtf8(bytes: Uint8Array): { text: string; multiByte: number; invalid: number } {
  let text: string;
  let strict = true;
  try {
    text = utf8Strict.decode(bytes);
  } catch {
    text = utf8Lenient.decode(bytes);
    strict = false;
  }
  let multiByte = 0;
  let invalid = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || (code >= 0xdc00 && code <= 0xdfff)) continue; // ASCII, or the second half of a pair
    if (code === 0xfffd && !strict) invalid++;
    else multiByte++;
  }
  return { text, multiByte, invalid };
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return utf8Lenient.decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, { stripBOM: false });
}

/** Removes the BOM and makes the prolog's encoding attribute agree with the (decoded) text. */
function tidy(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])([^"']*)\2/i, (decl, head: string, q: string, label: string) =>
    /^utf-?8$/i.test(label) ? decl : `${head}${q}utf-8${q}`,
  );
}

/**
 * Decodes a feed body; see the module comment for the order of evidence. Never throws.
 * @param contentType the response's Content-Type header, or null.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType: string | null): DecodedFeed {
  const bom = sniffBom(bytes);
  const wide = bom ?? sniffWidePattern(bytes);
  if (wide) return { text: tidy(decodeWith(bytes, wide)), charset: wide };

  const head = asciiHead(bytes, 1024);
  const prolog = narrow(PROLOG_ENCODING.exec(head)?.[1]);
  let declared = narrow(contentTypeCharset(contentType)) ?? prolog;
  if (!declared && LOOKS_HTML.test(head)) declared = narrow(META_CHARSET.exec(asciiHead(bytes, 64 * 1024))?.[1]);
  const charset = declared ?? 'utf-8';
  if (charset !== 'utf-8' && !LATIN_LABELS.has(charset)) return { text: tidy(decodeWith(bytes, charset)), charset };

  const utf8 = readUtf8(bytes);
  const mostlyUtf8 = utf8.multiByte > 0 && utf8.invalid * 2 <= utf8.multiByte;
  if (mostlyUtf8 || (charset === 'utf-8' && utf8.invalid === 0)) return { text: tidy(utf8.text), charset: 'utf-8' };
  const fallback = charset !== 'utf-8' ? charset : prolog && prolog !== 'utf-8' ? prolog : 'windows-1252';
  return { text: tidy(decodeWith(bytes, fallback)), charset: fallback };
}
