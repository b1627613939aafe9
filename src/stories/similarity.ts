/**
 * Same story or not, for two signatures. The score is the mean of two IDF-weighted cosines, one
 * over title terms and one over title + lede terms: titles carry the event, the lede confirms it.
 * IDF comes from the items in the window (see {@link TermFrequencies}), so actors every outlet
 * names all day ("Sheinbaum", "Trump", "cartel") weigh little and the specific terms of one event
 * ("Atlacomulco", "26", "Erick") weigh much. With an empty window every term weighs the same.
 *
 * The decision ({@link isSameStory}) is conservative in three ways:
 * - at least {@link MIN_SHARED_TERMS} shared terms: two names alone are not an event;
 * - the threshold rises with the time between the items, from {@link STORY_THRESHOLD}.near
 *   (within {@link STORY_THRESHOLD}.nearHours) through {@link STORY_THRESHOLD}.day (at
 *   {@link STORY_THRESHOLD}.dayHours) to {@link STORY_THRESHOLD}.far (near-duplicate text) from
 *   {@link STORY_THRESHOLD}.farHours on;
 * - titles whose numbers all differ (a 6.2 and a 5.4 earthquake, "hoy 3 de septiembre" and "hoy 4")
 *   are different events, unless the texts are near-duplicates within hours (an updated toll).
 */
import { isNumericTerm, type Signature } from './signature.ts';

/**
 * Thresholds, chosen on principles rather than fitted (see `scripts/eval-stories.ts`):
 * `near` is the 99.5th percentile of the score between unrelated items of the same days (a
 * 0.5% false-merge rate per comparison; 0.252 over the 13,793 unlinked pairs of the pair file); `far` is the conventional near-duplicate level (about 0.7
 * resemblance, Broder 1997). Real coverage of one event spreads over its news day across outlets
 * and languages, so the threshold rises slowly through the day (`nearHours` → `day` at `dayHours`)
 * and reaches `far` only by `farHours`, when the next day's recurring format ("Mañanera de hoy…")
 * or reply comes. `conflictHours` is how long an updated figure (a toll) may be the same story.
 */
export const STORY_THRESHOLD = { near: 0.24, day: 0.5, far: 0.7, nearHours: 4, dayHours: 12, farHours: 24, conflictHours: 6 } as const;

/** Shared title + lede terms needed before any score counts. */
export const MIN_SHARED_TERMS = 3;

const HOUR = 3_600_000;

/** Term weights: inverse document frequency over a window of items. */
export interface TermWeights {
  /** The weight of a term hash; same scale for every call in one comparison. */
  weight(term: number): number;
}

/** Every term weighs 1 (an empty window). */
export const UNIFORM_WEIGHTS: TermWeights = { weight: () => 1 };

/** Number of shared values of two sorted arrays. */
export function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** A signature with the sums of the squared weights of its title and of its body terms. */
export interface WeighedNorms {
  readonly sig: Signature;
  readonly titleNorm: number;
  readonly bodyNorm: number;
}

/** A signature with the squared weights of its terms, aligned with its arrays. */
export interface WeighedSignature extends WeighedNorms {
  readonly title: Float64Array;
  readonly body: Float64Array;
}

function squares(terms: Uint32Array, w: TermWeights): [Float64Array, number] {
  const out = new Float64Array(terms.length);
  let norm = 0;
  for (let i = 0; i < terms.length; i++) norm += out[i] = w.weight(terms[i]!) ** 2;
  return [out, norm];
}

/**
 * Looks up the weights of a signature's terms once, for several comparisons. Title terms are
 * body terms too (the body is title + lede), so their weights are taken from the body's.
 */
export function weigh(sig: Signature, w: TermWeights = UNIFORM_WEIGHTS): WeighedSignature {
  const [body, bodyNorm] = squares(sig.body, w);
  const title = new Float64Array(sig.title.length);
  let titleNorm = 0;
  for (let i = 0, j = 0; i < sig.title.length; i++) {
    const x = sig.title[i]!;
    while (j < sig.body.length && sig.body[j]! < x) j++;
    titleNorm += title[i] = j < sig.body.length && sig.body[j] === x ? body[j]! : w.weight(x) ** 2;
  }
  return { sig, title, body, titleNorm, bodyNorm };
}

/**
 * The norms of {@link weigh} without the per-term arrays: what the other side of a comparison
 * needs (a cosine sums the shared weights of one side only). Same sums, added in the same order.
 */
export function weighNorms(sig: Signature, w: TermWeights = UNIFORM_WEIGHTS): WeighedNorms {
  const { title, body } = sig;
  let bodyNorm = 0;
  let titleNorm = 0;
  let i = 0;
  for (let j = 0; j < body.length; j++) {
    const y = body[j]!;
    const sq = w.weight(y) ** 2;
    bodyNorm += sq;
    while (i < title.length && title[i]! < y) titleNorm += w.weight(title[i++]!) ** 2;
    if (i < title.length && title[i] === y) {
      titleNorm += sq;
      i++;
    }
  }
  while (i < title.length) titleNorm += w.weight(title[i++]!) ** 2;
  return { sig, titleNorm, bodyNorm };
}

/** Weighted cosine of two sorted term sets; a term's weight is the same on both sides. */
function cosine(a: Uint32Array, aw: Float64Array, aNorm: number, b: Uint32Array, bNorm: number): number {
  if (aNorm <= 0 || bNorm <= 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared += aw[i]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / Math.sqrt(aNorm * bNorm);
}

function scores(a: WeighedSignature, b: WeighedNorms): { mean: number; body: number } {
  const body = cosine(a.sig.body, a.body, a.bodyNorm, b.sig.body, b.bodyNorm);
  if (a.sig.title.length === 0 || b.sig.title.length === 0) return { mean: body, body };
  const title = cosine(a.sig.title, a.title, a.titleNorm, b.sig.title, b.titleNorm);
  return { mean: (body + title) / 2, body };
}

/** Similarity in [0, 1] of two signatures under term weights `w`. */
export function similarity(a: Signature, b: Signature, w: TermWeights = UNIFORM_WEIGHTS): number {
  return scores(weigh(a, w), weigh(b, w)).mean;
}

/** Whether a sorted term set holds `x`. */
export function sortedHas(a: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const y = a[mid]!;
    if (y === x) return true;
    if (y < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Whether both titles carry numbers and neither item mentions a number of the other's title
 * anywhere in its title + lede: a 6.2 and a 5.4 earthquake, "hoy 3 de septiembre" and "hoy 4". A
 * report titled "Caro Quintero and 28 others" is no conflict with "29 sent" when either one also
 * says the other's figure.
 */
export function numbersConflict(a: Signature, b: Signature): boolean {
  let na = 0;
  let nb = 0;
  for (const h of a.title) {
    if (!isNumericTerm(h)) continue;
    na++;
    if (sortedHas(b.body, h)) return false;
  }
  for (const h of b.title) {
    if (!isNumericTerm(h)) continue;
    nb++;
    if (sortedHas(a.body, h)) return false;
  }
  return na > 0 && nb > 0;
}

/** The score two items `gapMs` apart must reach to be one story; Infinity when they cannot be. */
export function thresholdFor(gapMs: number, conflict: boolean): number {
  const h = Math.abs(gapMs) / HOUR;
  const { near, day, far, nearHours, dayHours, farHours } = STORY_THRESHOLD;
  if (conflict) return h <= STORY_THRESHOLD.conflictHours ? far : Infinity;
  if (h <= nearHours) return near;
  if (h <= dayHours) return near + ((day - near) * (h - nearHours)) / (dayHours - nearHours);
  if (h >= farHours) return far;
  return day + ((far - day) * (h - dayHours)) / (farHours - dayHours);
}

/**
 * The full decision for two signatures `gapMs` apart; `score` is {@link similarity}. Past
 * `nearHours` the title + lede score must clear the threshold on its own too: a recurring
 * format repeats its title every day ("Morning briefing: …"), never its lede.
 */
export function isSameStory(a: Signature, b: Signature, gapMs: number, w: TermWeights = UNIFORM_WEIGHTS): { same: boolean; score: number } {
  if (sharedCount(a.body, b.body) < MIN_SHARED_TERMS) return { same: false, score: 0 };
  return decide(weigh(a, w), weigh(b, w), gapMs);
}

/**
 * {@link isSameStory} on signatures weighed beforehand (the index weighs a lookup once).
 *
 * With `storyAgeMs` (the time from the first item of b's story to a), a must also clear the
 * threshold of the story's age: the story is open to loose matches for its first `nearHours`, while
 * outlets and languages pick it up, and from then on only to closer and closer text, whichever of
 * its items a resembles. Without this, a chain of loose matches (C like B, B like A) would let a
 * story drift to a different event hours later. Number conflicts are judged against b alone: an
 * updated toll is still the same story if it nearly repeats b.
 */
export function decide(a: WeighedSignature, b: WeighedNorms, gapMs: number, storyAgeMs = 0): { same: boolean; score: number } {
  const { mean, body } = scores(a, b);
  return verdict(mean, body, numbersConflict(a.sig, b.sig), gapMs, storyAgeMs);
}

/**
 * The decision of {@link decide} from its parts: the mean and title + lede scores and whether the
 * titles' numbers conflict (for callers that compute them another way, from the same terms).
 */
export function verdict(mean: number, body: number, conflict: boolean, gapMs: number, storyAgeMs = 0): { same: boolean; score: number } {
  const threshold = Math.max(thresholdFor(gapMs, conflict), thresholdFor(storyAgeMs, false));
  const late = Math.max(Math.abs(gapMs), Math.abs(storyAgeMs)) > STORY_THRESHOLD.nearHours * HOUR;
  return { same: mean >= threshold && (!late || body >= threshold), score: mean };
}
