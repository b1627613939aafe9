/** Short lists of matched terms for alert lines ("Cártel de Sinaloa", "extradition", "Rubio"). */
import { tokenize, type Lang } from '../text/index.ts';
import type { Explanation } from './types.ts';

/** A term's content words as stems in `lang` ("Cártel de Sinaloa" → {cartel, sinalo}). */
function stemsOf(text: string, lang: Lang): Set<string> {
  const words = tokenize(text).filter((w) => w.acronym || !(lang === 'es' ? w.stopEs : w.stopEn));
  return new Set(words.map((w) => w.stem(lang)));
}

/**
 * Terms whose words all lie within another listed term are left out, so "Sinaloa Cartel, Sinaloa,
 * cartel" reads "Sinaloa Cartel": the most specific term, once. Of two terms with the same words
 * ("cartel", "cártel") the first stays.
 */
function mostSpecific(terms: string[], lang: Lang): string[] {
  const stems = terms.map((t) => stemsOf(t, lang));
  const within = (a: Set<string>, b: Set<string>): boolean => [...a].every((s) => b.has(s));
  return terms.filter((_, i) => !stems.some((other, j) => j !== i && within(stems[i]!, other) && (other.size > stems[i]!.size || j < i)));
}

/**
 * The most telling matched terms, strongest facet first, one per distinct term (title hits
 * before summary hits), prefixes shown as the word that matched, terms inside a longer matched
 * term left out. At most `max` (default 5).
 */
export function matchedTermsSummary(explanation: Explanation, max = 5): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const rounds = Math.max(0, ...explanation.facets.map((f) => f.terms.length));
  // Round-robin over facets so a list shows breadth (actor, organization, action) before depth.
  for (let r = 0; r < rounds; r += 1) {
    for (const facet of explanation.facets) {
      const sorted = [...facet.terms].sort((a, b) => b.weight - a.weight);
      const term = sorted[r];
      if (!term) continue;
      const text = term.matched ?? term.term;
      const key = text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(text);
    }
  }
  return mostSpecific(out, explanation.lang).slice(0, max);
}
