/**
 * Sentence splitting for English and Spanish news text. A sentence ends at `.`, `!`, `?` or `…`
 * (closing quotes and brackets included) followed by a space and an uppercase letter, a digit, an
 * opening quote or `¿`/`¡`, unless the word before the period is an abbreviation (`Sr.`, `Gen.`,
 * `No.`), an initial (`J.`), or a dotted acronym (`EE.UU.`, `U.S.`). Decimals never split: the
 * period has no space after it.
 */

/** Abbreviations that take a period mid-sentence, lowercase, without the period. */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr drs prof gen lt col maj capt cmdr sgt adm gov sen rep pres supt insp det st ste jr sr sra srta ' +
    'no nos num núm art arts fig figs vol vols pp pág págs approx est dept univ assn bros inc corp co ltd llc plc ' +
    'vs etc jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic ' +
    'lic ing arq mtro mtra dra gral gob pdte pte dip ud uds av avda col edo cd sta sto ft mt ' +
    'sin chih jal mich gro oax tamps ver son coah dgo zac ags gto qro hgo mor pue tab tlax camp chis yuc'
  ).split(' '),
);

const END_RE = /[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(¿¡]?[\p{Lu}\d])/gu;

function isAbbreviation(text: string, periodAt: number): boolean {
  if (text[periodAt] !== '.') return false;
  let start = periodAt;
  while (start > 0 && /[\p{L}.]/u.test(text[start - 1]!)) start--;
  const word = text.slice(start, periodAt);
  if (word.length === 0) return false;
  if (word.includes('.')) return true; // EE.UU., U.S., a.m.
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: J. Smith
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** The sentences of `text`, trimmed, in order; text without an end mark is one sentence. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(END_RE)) {
    const at = m.index;
    if (isAbbreviation(text, at) && m[0] === '.') continue;
    const end = at + m[0].length;
    const s = text.slice(from, end).trim();
    if (s) out.push(s);
    from = end;
  }
  const rest = text.slice(from).trim();
  if (rest) out.push(rest);
  return out;
}
