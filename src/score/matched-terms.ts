/** Short lists of matched terms for alert lines ("Sinaloa", "extradition", "Rubio"). */
import type { Explanation } from './types.ts';

/**
 * The most telling matched terms, strongest facet first, one per distinct term (title hits
 * before summary hits), prefixes shown as the word that matched. At most `max` (default 5).
 */
export function matchedTermsSummary(explanation: Explanation, max = 5): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const rounds = Math.max(0, ...explanation.facets.map((f) => f.terms.length));
  // Round-robin over facets so a list shows breadth (actor, organization, action) before depth.
  for (let r = 0; r < rounds && out.length < max; r += 1) {
    for (const facet of explanation.facets) {
      const sorted = [...facet.terms].sort((a, b) => b.weight - a.weight);
      const term = sorted[r];
      if (!term) continue;
      const text = term.matched ?? term.term;
      const key = text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(text);
      if (out.length >= max) break;
    }
  }
  return out;
}
