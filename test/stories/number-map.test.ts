import { describe, expect, it } from 'vitest';
import { NumberMap } from '../../src/stories/number-map.ts';
import { weigh, weighNorms } from '../../src/stories/similarity.ts';
import { TermFrequencies } from '../../src/stories/term-frequencies.ts';
import { computeSignature } from '../../src/stories/index.ts';
import { rng } from '../helpers/rng.ts';


describe('NumberMap', () => {
  it('agrees with a Map through random sets and deletes, across growth and backward shifts', () => {
    const r = rng(1);
    const map = new NumberMap();
    const ref = new Map<number, number>();
    // Few distinct keys among many operations: long probe runs, deletions inside them.
    const keyOf = (): number => {
      const k = Math.floor(r() * 5_000);
      return k % 3 === 0 ? k : k % 3 === 1 ? k + 0.5 : k * 1e6;
    };
    for (let op = 0; op < 200_000; op++) {
      const key = keyOf();
      const x = r();
      if (x < 0.5) {
        const value = Math.floor(r() * 2 ** 31);
        map.set(key, value);
        ref.set(key, value);
      } else if (x < 0.8) {
        expect(map.delete(key)).toBe(ref.delete(key));
      } else {
        expect(map.get(key)).toBe(ref.get(key) ?? -1);
      }
    }
    expect(map.size).toBe(ref.size);
    for (const [k, v] of ref) expect(map.get(k)).toBe(v);
  });

  it('compares keys as a Map does: -0 is 0, NaN is NaN', () => {
    const map = new NumberMap();
    map.set(0, 1);
    expect(map.get(-0)).toBe(1);
    map.set(NaN, 2);
    expect(map.get(NaN)).toBe(2);
    map.set(NaN, 3);
    expect(map.size).toBe(2);
    expect(map.delete(-0)).toBe(true);
    expect(map.get(0)).toBe(-1);
  });
});

describe('weighNorms', () => {
  it('gives exactly the norms of weigh', () => {
    const df = new TermFrequencies();
    const texts = [
      ['Sheinbaum y Rubio acuerdan crear grupo de seguridad', 'La presidenta Claudia Sheinbaum y el secretario Marco Rubio acordaron un grupo de seguridad.'],
      ['Rubio, Sheinbaum agree to form security group', 'Marco Rubio and Claudia Sheinbaum agreed on Wednesday to set up a security group.'],
      ['Magnitude 6.2 earthquake strikes off Oaxaca coast', ''],
      ['', 'Only a lede, no title at all.'],
    ];
    const sigs = texts.map(([t, s]) => computeSignature(t!, s!));
    for (const s of sigs) df.add(s);
    // A title term missing from the body, as a stored signature may have.
    sigs.push({ title: Uint32Array.from([3, 8, 4_000_000_000]), body: Uint32Array.from([3, 5, 9]) });
    for (const s of sigs) {
      const full = weigh(s, df);
      const norms = weighNorms(s, df);
      expect(norms.titleNorm).toBe(full.titleNorm);
      expect(norms.bodyNorm).toBe(full.bodyNorm);
    }
  });
});
