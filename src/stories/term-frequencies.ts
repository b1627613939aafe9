/**
 * Document frequencies of term hashes over the items of a window, for IDF weights. An
 * open-addressing table on typed arrays: a Map of a million numbers costs several times the memory
 * and its lookups dominate the hot path. Keys whose count falls to zero stay until the next resize,
 * which drops them.
 */
import type { Signature } from './signature.ts';
import type { TermWeights } from './similarity.ts';

const EMPTY = 0; // term hashes are never 0 (see hash.ts)

/** Document frequencies, and IDF weights derived from them. */
export class TermFrequencies implements TermWeights {
  private keys = new Uint32Array(1 << 12);
  private counts = new Int32Array(1 << 12);
  private used = 0;
  private docs = 0;

  /** Number of documents counted. */
  get documents(): number {
    return this.docs;
  }

  /** How many counted documents hold `term`. */
  frequency(term: number): number {
    const i = this.find(term);
    return this.keys[i] === term ? this.counts[i]! : 0;
  }

  /** Smoothed IDF, ln(1 + (N + 1) / (df + 1)): equal weights when the window is empty. */
  weight(term: number): number {
    return Math.log1p((this.docs + 1) / (this.frequency(term) + 1));
  }

  /** Counts one document (its title + lede terms). */
  add(sig: Signature): void {
    this.docs++;
    for (const t of sig.body) this.bump(t, 1);
  }

  /** Uncounts a document added before. */
  remove(sig: Signature): void {
    this.docs--;
    for (const t of sig.body) this.bump(t, -1);
  }

  private find(term: number): number {
    const mask = this.keys.length - 1;
    let i = term & mask;
    for (;;) {
      const k = this.keys[i]!;
      if (k === term || k === EMPTY) return i;
      i = (i + 1) & mask;
    }
  }

  private bump(term: number, by: number): void {
    let i = this.find(term);
    if (this.keys[i] !== term) {
      if (by < 0) return;
      if ((this.used + 1) * 2 > this.keys.length) {
        this.resize();
        i = this.find(term);
      }
      this.keys[i] = term;
      this.counts[i] = 0;
      this.used++;
    }
    this.counts[i] = Math.max(0, this.counts[i]! + by);
  }

  private resize(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    let live = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY && oldCounts[i]! > 0) live++;
    let size = 1 << 12;
    while (size < live * 4) size *= 2; // live keys fill at most a quarter: the next resize is far off
    this.keys = new Uint32Array(size);
    this.counts = new Int32Array(size);
    this.used = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === EMPTY || oldCounts[i]! <= 0) continue;
      const j = this.find(k);
      this.keys[j] = k;
      this.counts[j] = oldCounts[i]!;
      this.used++;
    }
  }
}
