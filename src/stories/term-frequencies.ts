/**
 * Document frequencies of term hashes over the items of a window, for IDF weights. An
 * open-addressing table on typed arrays: a Map of a million numbers costs several times the memory
 * and its lookups dominate the hot path. Keys whose count falls to zero stay until the next resize,
 * which drops them.
 */
import type { Signature } from './signature.ts';
import type { TermWeights } from './similarity.ts';

const EMPTY = 0; // term hashes are never 0 (see hash.ts)
/**
 * IDF is taken as if the window held this many more items, none of them using the term. A window
 * of a few dozen items (a new install, a quiet beat, a day when one event fills the feeds) cannot
 * tell an event's own names from the beat's common words: when most of its items report one
 * event, plain IDF weighs that event's names like "the" and two reports of it share only
 * light terms. With the prior, a term stays heavy until the window holds enough items to show
 * it is common; in a window of thousands of items it moves weights by a few percent.
 */
export const PRIOR_DOCUMENTS = 100;
/** Frequencies whose IDF is remembered: most terms of a window are rare. */
const IDF_CACHE = 1024;

/** Document frequencies, and IDF weights derived from them. */
export class TermFrequencies implements TermWeights {
  // Per cell [term, count], side by side: a lookup reads one cache line, not two.
  private cells = new Uint32Array(2 << 12);
  private used = 0;
  private docs = 0;
  // IDF by frequency, each valid while `docs` equals the count it was computed at: a lookup weighs
  // about seventy terms, mostly of a few small frequencies, and the logarithm is the costly part.
  private readonly idf = new Float64Array(IDF_CACHE);
  private readonly idfDocs = new Float64Array(IDF_CACHE).fill(-1);

  /** Number of documents counted. */
  get documents(): number {
    return this.docs;
  }

  /** How many counted documents hold `term`. */
  frequency(term: number): number {
    const i = this.find(term);
    return this.cells[i] === term ? this.cells[i + 1]! : 0;
  }

  /**
   * Smoothed IDF, ln(1 + (N + P + 1) / (df + 1)) with P = {@link PRIOR_DOCUMENTS}: equal weights
   * when the window is empty.
   */
  weight(term: number): number {
    const f = this.frequency(term);
    if (f >= IDF_CACHE) return Math.log1p((this.docs + PRIOR_DOCUMENTS + 1) / (f + 1));
    if (this.idfDocs[f] !== this.docs) {
      this.idf[f] = Math.log1p((this.docs + PRIOR_DOCUMENTS + 1) / (f + 1));
      this.idfDocs[f] = this.docs;
    }
    return this.idf[f]!;
  }

  /** Counts one document (its title + lede terms). */
  add(sig: Signature): void {
    this.docs++;
    for (const t of sig.body) this.bump(t, 1);
  }

  /** Uncounts a document added before. */
  remove(sig: Signature): void {
    this.removeTerms(sig.body, 0, sig.body.length);
  }

  /** Uncounts a document added before, by its title + lede terms `terms[from..to)`. */
  removeTerms(terms: Uint32Array, from: number, to: number): void {
    this.docs--;
    for (let i = from; i < to; i++) this.bump(terms[i]!, -1);
  }

  /** The index in `cells` of the cell of `term`, or of the empty cell where it would go. */
  private find(term: number): number {
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    let i = term & mask;
    for (;;) {
      const k = cells[2 * i]!;
      if (k === term || k === EMPTY) return 2 * i;
      i = (i + 1) & mask;
    }
  }

  private bump(term: number, by: number): void {
    let i = this.find(term);
    if (this.cells[i] !== term) {
      if (by < 0) return;
      if ((this.used + 1) * 2 > this.cells.length >> 1) {
        this.resize();
        i = this.find(term);
      }
      this.cells[i] = term;
      this.cells[i + 1] = 0;
      this.used++;
    }
    this.cells[i + 1] = Math.max(0, this.cells[i + 1]! + by);
  }

  private resize(): void {
    const old = this.cells;
    let live = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY && old[i + 1]! > 0) live++;
    let size = 1 << 12;
    while (size < live * 4) size *= 2; // live keys fill at most a quarter: the next resize is far off
    this.cells = new Uint32Array(2 * size);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i]!;
      if (k === EMPTY || old[i + 1]! <= 0) continue;
      const j = this.find(k);
      this.cells[j] = k;
      this.cells[j + 1] = old[i + 1]!;
      this.used++;
    }
  }
}
