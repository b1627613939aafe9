/**
 * A map from numbers to non-negative integers, as an open-addressing table on one typed array
 * (linear probing, deletion by backward shift, so no tombstones). The story index keeps one entry
 * per story in the window, a million in a 1M-item window: a `Map` that size costs two or three
 * cache misses per lookup and rehashes as entries come and go; this costs about one. Keys compare
 * as in a `Map` (SameValueZero: -0 is 0, NaN is NaN).
 */
import { fmix32 } from './hash.ts';

const ABSENT = -1;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function hashKey(key: number): number {
  if (key === (key | 0)) return fmix32(key | 0);
  bits[0] = key !== key ? NaN : key;
  return fmix32(words[0]! ^ Math.imul(words[1]!, 0x9e3779b1));
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

/** Number → non-negative integer (below 2^53), with -1 for "absent". */
export class NumberMap {
  // Per cell [key, value]; value ABSENT marks an empty cell.
  private cells = emptyCells(1 << 10);
  private count = 0;

  /** Entries in the map. */
  get size(): number {
    return this.count;
  }

  /** The value of `key`, or -1 when it has none. */
  get(key: number): number {
    return this.cells[this.find(key) + 1]!;
  }

  /** Sets the value of `key` (`value` ≥ 0). */
  set(key: number, value: number): void {
    let i = this.find(key);
    if (this.cells[i + 1] === ABSENT) {
      if ((this.count + 1) * 4 > this.cells.length) {
        this.grow();
        i = this.find(key);
      }
      this.cells[i] = key;
      this.count++;
    }
    this.cells[i + 1] = value;
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: number): boolean {
    const cells = this.cells;
    let i = this.find(key);
    if (cells[i + 1] === ABSENT) return false;
    const mask = (cells.length >> 1) - 1;
    // Backward shift: move later entries of the probe run into the hole when their home allows.
    let hole = i >> 1;
    for (let j = (hole + 1) & mask; cells[2 * j + 1] !== ABSENT; j = (j + 1) & mask) {
      const home = hashKey(cells[2 * j]!) & mask;
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (between) continue;
      cells[2 * hole] = cells[2 * j]!;
      cells[2 * hole + 1] = cells[2 * j + 1]!;
      hole = j;
    }
    i = 2 * hole;
    cells[i] = 0;
    cells[i + 1] = ABSENT;
    this.count--;
    return true;
  }

  /** The index in `cells` of the cell of `key`, or of the empty cell where it would go. */
  private find(key: number): number {
    const cells = this.cells;
    const mask = (cells.length >> 1) - 1;
    for (let i = hashKey(key) & mask; ; i = (i + 1) & mask) {
      if (cells[2 * i + 1] === ABSENT || same(cells[2 * i]!, key)) return 2 * i;
    }
  }

  private grow(): void {
    const old = this.cells;
    this.cells = emptyCells(old.length); // twice the cells: `old` holds two numbers per cell
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === ABSENT) continue;
      const j = this.find(old[i]!);
      this.cells[j] = old[i]!;
      this.cells[j + 1] = old[i + 1]!;
    }
  }
}

function emptyCells(n: number): Float64Array {
  const cells = new Float64Array(2 * n);
  for (let i = 1; i < cells.length; i += 2) cells[i] = ABSENT;
  return cells;
}
