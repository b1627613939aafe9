/**
 * The plain keyword filter Radar is measured against (what MonitoRSS or Miniflux offer): an item
 * alerts when any bilingual keyword occurs. Scores are 1 or 0, so its ROC-AUC is a single step.
 */
import { compileTerms, type TermSet } from './term-set.ts';
import type { ScoreInput } from './types.ts';

/** The baseline's keywords (case- and accent-insensitive, same-stem inflections match). */
export const BASELINE_KEYWORDS: readonly string[] = [
  'cartel', 'cártel', 'narco*', 'fentanyl', 'fentanilo', 'Sinaloa', 'Culiacán', 'CJNG', 'Jalisco', 'Chapitos',
  'Chapo', 'Zambada', 'Mencho', '"drug trafficking"', 'narcotráfico', '"crimen organizado"', '"organized crime"',
  'extradition', 'extradición', 'DEA',
];

let baseline: TermSet | undefined;

/** 1 when any baseline keyword matches the item, else 0. */
export function keywordBaselineScore(item: ScoreInput): number {
  baseline ??= compileTerms(BASELINE_KEYWORDS);
  return baseline.match(item).length > 0 ? 1 : 0;
}
