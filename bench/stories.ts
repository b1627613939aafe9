/**
 * Story-grouping speed: per-item cost of `match` + `add` with 10k, 100k and 1M items of history
 * in the window. Synthetic items draw their terms from a Zipf–Mandelbrot vocabulary (the words
 * of the hand-written pairs plus made-up names and places, 200k terms), calibrated on the
 * hand-written items (about 16 distinct terms per item; the commonest term in ~40% of items), so
 * buckets crowd the way a real window does; one item in ten re-reports a recent item. Fingerprinting is measured
 * apart (it runs once per new item, before the index).
 *
 *   node bin/run-ts.js bench/stories.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeSignature, fingerprintItem, StoryIndex, DEFAULT_STORY_WINDOW_MS, type Signature } from '../src/stories/index.ts';
import { rng } from '../test/helpers/rng.ts';

const HISTORY_SIZES = [10_000, 100_000, 1_000_000];
const MEASURED = 50_000;

function vocabulary(): number[] {
  const here = fileURLToPath(new URL('../test/stories/pairs.jsonl', import.meta.url));
  const words = new Set<string>();
  for (const line of readFileSync(here, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as { a: { title: string; summary: string }; b: { title: string; summary: string } };
    for (const t of [p.a.title, p.a.summary, p.b.title, p.b.summary]) for (const w of t.split(/\s+/)) words.add(w);
  }
  const hashes = new Set<number>();
  for (const w of words) for (const h of computeSignature(w, '').title) hashes.add(h);
  const r = rng(7);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  while (hashes.size < 200_000) {
    let w = '';
    const n = 4 + Math.floor(r() * 3); // made-up names and places, at most six letters (the term length)
    for (let i = 0; i < n; i++) w += letters[Math.floor(r() * letters.length)];
    for (const h of computeSignature(w, '').title) hashes.add(h);
  }
  return [...hashes];
}

function sorted(values: number[]): Uint32Array {
  return Uint32Array.from(new Set(values)).sort();
}

function makeGenerator(vocab: number[], seed: number): () => Signature {
  const r = rng(seed);
  // Zipf–Mandelbrot, p(rank) ∝ 1 / (rank + 2), by inverse CDF. The offset matches the head of
  // the hand-written items once stop words are out: the top term ("mexico") is in ~40% of items,
  // the next ones in 20–30%.
  const n = vocab.length;
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1 + 2);
  const pick = (): number => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo]!;
  };
  return () => {
    const title: number[] = [];
    const tn = 5 + Math.floor(r() * 5);
    for (let i = 0; i < tn; i++) title.push(pick());
    const body = title.slice();
    const bn = 8 + Math.floor(r() * 8); // ~16 distinct terms per item, as in the hand-written items
    for (let i = 0; i < bn; i++) body.push(pick());
    return { title: sorted(title), body: sorted(body).slice(0, 40) };
  };
}

function run(history: number, vocab: number[]): { usPerItem: number; itemsPerSecond: number; matched: number; heapMB: number; rssMB: number } {
  const gen = makeGenerator(vocab, history);
  const index = new StoryIndex();
  const step = DEFAULT_STORY_WINDOW_MS / history; // the whole history fits in the window
  let t = Date.UTC(2025, 8, 1);
  let id = 0;
  for (let i = 0; i < history; i++) {
    index.add({ itemId: ++id, storyId: id, publishedAt: (t += step), canonicalUrl: null, signature: gen() });
  }
  const r = rng(99);
  const recent: Signature[] = [];
  const items: Signature[] = [];
  for (let i = 0; i < MEASURED; i++) {
    const s = gen();
    if (recent.length > 0 && r() < 0.1) {
      const base = recent[Math.floor(r() * recent.length)]!;
      items.push({ title: base.title, body: base.body.filter((_h, k) => k % 7 !== 3) });
    } else items.push(s);
    recent[i % 512] = s;
  }
  let matched = 0;
  const start = process.hrtime.bigint();
  for (const signature of items) {
    const publishedAt = (t += step);
    const m = index.match({ publishedAt, canonicalUrl: null, signature });
    if (m) matched++;
    id++;
    index.add({ itemId: id, storyId: m ? m.storyId : id, publishedAt, canonicalUrl: null, signature });
  }
  const ns = Number(process.hrtime.bigint() - start);
  const mem = process.memoryUsage();
  return { usPerItem: ns / 1000 / MEASURED, itemsPerSecond: (MEASURED * 1e9) / ns, matched, heapMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20 };
}

function fingerprintCost(): number {
  const item = {
    title: 'Sheinbaum y Rubio acuerdan crear grupo de seguridad tras reunión en Palacio Nacional',
    summary:
      'La presidenta Claudia Sheinbaum y el secretario de Estado de EE.UU., Marco Rubio, acordaron conformar un grupo de seguridad de alto nivel para combatir a los cárteles y el tráfico de fentanilo y de armas.',
    url: 'https://www.eluniversal.com.mx/nacion/sheinbaum-y-rubio-acuerdan-crear-grupo-de-seguridad/?utm_source=x',
  };
  const n = 20_000;
  for (let i = 0; i < 2_000; i++) fingerprintItem(item);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fingerprintItem({ ...item, title: item.title + i });
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

/** Prints the story-grouping figures: µs per item (match + add), items/s, and the 1M/10k ratio. */
export async function benchStories(historySizes: readonly number[] = HISTORY_SIZES): Promise<void> {
  const vocab = vocabulary();
  console.log(`stories: fingerprintItem ${fingerprintCost().toFixed(1)} µs/item (once per new item, not in the figures below)`);
  const results = new Map<number, number>();
  for (const history of historySizes) {
    const r = run(history, vocab);
    results.set(history, r.usPerItem);
    console.log(
      `stories: history ${String(history).padStart(9)}  ${r.usPerItem.toFixed(2).padStart(6)} µs/item (match + add)  ` +
        `${Math.round(r.itemsPerSecond).toLocaleString('en-US').padStart(9)} items/s  matched ${r.matched}/${MEASURED}  heap ${r.heapMB.toFixed(0)} MB, rss ${r.rssMB.toFixed(0)} MB`,
    );
  }
  const small = results.get(10_000);
  const large = results.get(1_000_000);
  if (small && large) console.log(`stories: 1M/10k cost ratio ${(large / small).toFixed(2)} (goal ≤ 2); goal at 1M ≥ 20,000 items/s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchStories();
