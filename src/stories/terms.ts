/**
 * Text → content terms for fingerprints. Ordering rules: tags out → EN/ES country abbreviations
 * (U.S., EE.UU.) unified while case still tells them from the pronoun "us" → Unicode NFKD with
 * combining marks removed (accent fold) → lowercase → number separators joined → phrases folded
 * (lexicon) → word split → stop words out → lexicon concept or the first six letters of the word.
 *
 * Cutting words to six letters is a language-neutral stemmer (truncation stemming): it folds
 * English and Spanish inflections and most shared cognates (extradites/extraditados → "extrad").
 * Numbers are kept whole; names survive because they are never stop words.
 */
import { CONCEPT_OF, NAME_ALIASES, PHRASES } from './lexicon.ts';
import { STOP_WORDS } from './stop-words.ts';
import type { Language } from './language.ts';

const SPANISH: Language = 2;

const TAG_RE = /<[^>]{0,500}>/g;
/** Quotation marks around an alias ("El Mayo", «El Mayo», ‘El Mayo’), so that phrases and aliases fold across them. */
const QUOTES_RE = /["“”«»„‟‹›]|(?<!\p{L})['‘’]|['‘’](?!\p{L})/gu;
const SPACES_RE = /\s+/g;
/** Wire-service slugs that lead a re-sent headline: "UPDATE 2-", "EXCLUSIVE-", "REFILE-". */
const WIRE_SLUG_RE = /^\s*(?:UPDATE|CORRECTED|REFILE|EXCLUSIVE|ANALYSIS|WRAPUP|BREAKINGVIEWS)(?:\s*\d+)?\s*-/;
const COUNTRY_RE = /\bU\.\s?S\.(?:\s?A\.)?|\bEE\.\s?UU\.?|\bEEUU\b|\bUSA\b|\bUS\b|\bEUA\b/g;
/** In Spanish "EU" is Estados Unidos (the European Union is "UE"); in English it is the European Union. */
const SPANISH_EU_RE = /\bEU\b/g;
const MARKS_RE = /[\u0300-\u036f]/g;
const THOUSANDS_RE = /(\d)[,.](?=\d{3}(?!\d))/g;
const DECIMAL_RE = /(\d)[.,](\d+)/g;
const SPLIT_RE = /[^a-z0-9]+/;
const DIGIT_RE = /^\d/;

/** Small numbers spelled out (EN, ES) → digits, so "five dead" meets "cinco muertos" meets "5". */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  'two dos 2 three tres 3 four cuatro 4 five cinco 5 six seis 6 seven siete 7 eight ocho 8 nine nueve 9 ten diez 10 eleven once 11 twelve doce 12 dozen docena 12 twenty veinte 20'
    .split(' ')
    .reduce<[string, string][]>((acc, w, i, all) => {
      if (!/^\d/.test(w)) {
        const digits = all.slice(i).find((x) => /^\d/.test(x));
        if (digits) acc.push([w, digits]);
      }
      return acc;
    }, []),
);

/** Length terms are cut to; see the module header. */
export const TERM_LENGTH = 6;

/**
 * Accent- and case-folded text with tags removed and numbers joined ("1,200" → "1200"); in a
 * Spanish text (`lang`), "EU" is the United States.
 */
export function foldText(text: string, lang: Language = 0): string {
  let s = text.replace(TAG_RE, ' ').replace(WIRE_SLUG_RE, ' ');
  if (lang === SPANISH) s = s.replace(SPANISH_EU_RE, ' usa ');
  s = s.replace(COUNTRY_RE, ' usa ').replace(QUOTES_RE, ' ').replace(SPACES_RE, ' ');
  s = s.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
  s = s.replace(THOUSANDS_RE, '$1').replace(DECIMAL_RE, (_m, a: string, b: string) => `${a}p${b.replace(/0+$/, '') || '0'}`);
  for (const [re, to] of PHRASES) s = s.replace(re, to);
  for (const [re, to] of NAME_ALIASES) s = s.replace(re, to);
  return s;
}

/** One content term: its text and whether it is a number. */
export interface Term {
  text: string;
  numeric: boolean;
}

/**
 * The content terms of `text`, in order, repeats kept (callers dedupe). At most `limit` terms.
 * `lang`, when known, settles what only the language tells (see {@link foldText}).
 */
export function contentTerms(text: string, limit = Infinity, lang: Language = 0): Term[] {
  const out: Term[] = [];
  if (!text) return out;
  for (const word of foldText(text, lang).split(SPLIT_RE)) {
    if (out.length >= limit) break;
    if (word.length === 0 || STOP_WORDS.has(word)) continue;
    const numeric = DIGIT_RE.test(word);
    if (numeric) {
      out.push({ text: word, numeric });
      continue;
    }
    if (word.length < 2) continue;
    const n = NUMBER_WORDS.get(word);
    if (n) {
      out.push({ text: n, numeric: true });
      continue;
    }
    const concept = CONCEPT_OF.get(word);
    out.push({ text: concept ?? word.slice(0, TERM_LENGTH), numeric: false });
  }
  return out;
}
