/**
 * The text fingerprint of an item: two sorted sets of 32-bit term hashes, one for the title and
 * one for title + lede. Sets are exact (not MinHash estimates) because they are tiny: at most
 * {@link MAX_TITLE_TERMS} and {@link MAX_BODY_TERMS} terms, so an exact intersection costs less than
 * computing a MinHash signature and has no estimation noise near the threshold.
 *
 * The low bit of each hash says "this term is a number", so similarity can weigh numbers without
 * a second array. Serialized form (little-endian): `u8 version, u8 titleCount, u8 bodyCount,
 * u8 reserved`, then the title hashes, then the body hashes, as u32 each. The reserved byte holds the item's language
 * ({@link Language}; 0, unknown, in signatures stored before it was recorded).
 */
import { hashString } from './hash.ts';
import { detectLanguage, UNKNOWN_LANGUAGE, type Language } from './language.ts';
import { LEXICON_TERMS } from './lexicon.ts';
import { nameTerms } from './names.ts';
import { contentTerms } from './terms.ts';

/** Title terms kept. */
export const MAX_TITLE_TERMS = 24;
/** Title + lede terms kept; the lede is where outlets agree, later paragraphs diverge. */
export const MAX_BODY_TERMS = 40;
const FORMAT_VERSION = 2;

/** A text fingerprint; both arrays sorted ascending, without repeats. */
export interface Signature {
  readonly title: Uint32Array;
  readonly body: Uint32Array;
  /** The language of the item's text; unknown (0) when absent. */
  readonly lang?: Language;
  /** The body terms that are names of the headline (see names.ts), in headline order; empty when unknown. */
  readonly names?: Uint32Array;
}

function termHash(text: string, numeric: boolean): number {
  return ((hashString(text) & ~1) | (numeric ? 1 : 0)) >>> 0;
}

function sortedSet(values: number[]): Uint32Array {
  const a = Uint32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i]!;
  return a.slice(0, n);
}

/** Hashes of the lexicon's shared terms (see {@link isLexiconTerm}). */
const LEXICON_HASHES: ReadonlySet<number> = new Set([...LEXICON_TERMS].map((t) => termHash(t, false)));

/** Whether a term hash is one of the lexicon's shared terms: common vocabulary, not evidence of one event. */
export function isLexiconTerm(hash: number): boolean {
  return LEXICON_HASHES.has(hash);
}

/** Whether a term hash stands for a number. */
export function isNumericTerm(hash: number): boolean {
  return (hash & 1) === 1;
}

/** The fingerprint of a title and a summary (plain text; leftover tags tolerated). */
export function computeSignature(title: string, summary: string): Signature {
  const lang = detectLanguage(`${title}\n${summary}`);
  const t = contentTerms(title, MAX_TITLE_TERMS, lang).map((x) => termHash(x.text, x.numeric));
  const s = contentTerms(summary, MAX_BODY_TERMS, lang).map((x) => termHash(x.text, x.numeric));
  const body: number[] = [];
  const seen = new Set<number>();
  for (const h of [...t, ...s]) {
    if (body.length >= MAX_BODY_TERMS) break;
    if (!seen.has(h)) {
      seen.add(h);
      body.push(h);
    }
  }
  const named = nameTerms(title, summary, lang);
  const bodySet = sortedSet(body);
  const names = Uint32Array.from(
    new Set([...named].map((x) => termHash(x, false)).filter((h) => bodySet.includes(h) && !LEXICON_HASHES.has(h))),
  );
  return { title: sortedSet(t), body: bodySet, lang, names };
}

/** A compact byte form of a signature, for the store. */
export function encodeSignature(sig: Signature): Uint8Array {
  const nt = Math.min(sig.title.length, 255);
  const nb = Math.min(sig.body.length, 255);
  const nn = Math.min(sig.names?.length ?? 0, 255);
  const out = new Uint8Array(8 + 4 * (nt + nb + nn));
  const view = new DataView(out.buffer);
  out[0] = FORMAT_VERSION;
  out[1] = nt;
  out[2] = nb;
  out[3] = sig.lang ?? UNKNOWN_LANGUAGE;
  out[4] = nn;
  let o = 8;
  for (let i = 0; i < nt; i++, o += 4) view.setUint32(o, sig.title[i]!, true);
  for (let i = 0; i < nb; i++, o += 4) view.setUint32(o, sig.body[i]!, true);
  for (let i = 0; i < nn; i++, o += 4) view.setUint32(o, sig.names![i]!, true);
  return out;
}

/**
 * The signature stored by {@link encodeSignature}; throws on bytes it did not write. Format 1
 * (4-byte header, no language, no names) still reads, as an item of unknown language and names.
 */
export function decodeSignature(bytes: Uint8Array): Signature {
  const version = bytes[0];
  if (bytes.length < 4 || (version !== 1 && version !== FORMAT_VERSION)) throw new RangeError('decodeSignature: unknown signature format');
  const header = version === 1 ? 4 : 8;
  if (bytes.length < header) throw new RangeError('decodeSignature: truncated signature');
  const nt = bytes[1]!;
  const nb = bytes[2]!;
  const lang = version === 1 ? 0 : bytes[3]!;
  const nn = version === 1 ? 0 : bytes[4]!;
  if (lang > 2) throw new RangeError('decodeSignature: unknown language byte');
  if (bytes.length !== header + 4 * (nt + nb + nn)) throw new RangeError('decodeSignature: truncated signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (n: number, at: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => view.getUint32(at + 4 * i, true));
  const title = read(nt, header);
  const body = read(nb, header + 4 * nt);
  const names = read(nn, header + 4 * (nt + nb));
  return { title, body, lang: lang as Language, names };
}
