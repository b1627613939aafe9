/**
 * Precision and recall of "same story" over labelled pairs: by default the hand-written pairs in
 * test/stories/pairs.jsonl and, beside them, the real pairs of ../shared/stories/dev-pairs.jsonl
 * when that file is there; or the files given.
 *
 *   node bin/run-ts.js scripts/eval-stories.ts [pairs.jsonl ...] [--errors]
 *
 * Recall is printed over all same-story pairs and over the cross-language ones apart; with
 * --errors each miss shows the time between its items.
 *
 * Two measurements:
 * 1. Pairwise: each labelled pair through the exact decision (URL identity, else `isSameStory`),
 *    with IDF weights from all items of the file (they stand for the window of those days).
 * 2. Streaming: every item of the file, in publication order, through one `StoryIndex` (LSH
 *    candidates, bounded buckets, IDF evolving with the window, an item joining a story through one
 *    of its items under the story's conditions: its age and its seed); a pair counts as "same"
 *    when both items end in the same story.
 *
 * It also prints the principle behind `STORY_THRESHOLD.near`: the 99.5th percentile of the score
 * over pairs of items that no label links (unrelated items of the same days).
 *
 * By default, when ../shared/stories is there, it then replays the real items end to end
 * (src/replay): one feed per outlet on 127.0.0.1, revealed in publication order to the real pipeline
 * with the clock at each moment, one channel at threshold 0; it prints top-level alerts per event,
 * events split and events merged away (`dev-items.jsonl` gives each item's event).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  fingerprintItem,
  isSameStory,
  similarity,
  StoryIndex,
  STORY_THRESHOLD,
  TermFrequencies,
  DEFAULT_STORY_WINDOW_MS,
  type ItemFingerprint,
} from '../src/stories/index.ts';
import { countReplay, formatReplay, loadReplayItems, replayCoverage } from '../src/replay/index.ts';
import { rng } from '../src/shared/rng.ts';

interface PairItem {
  title: string;
  summary: string;
  url: string | null;
  publishedAt: string;
}
interface Pair {
  a: PairItem;
  b: PairItem;
  same: boolean;
  kind: string;
}

const args = process.argv.slice(2);
const showErrors = args.includes('--errors');
const given = args.filter((a) => !a.startsWith('--'));
const REAL_PAIRS = '../shared/stories/dev-pairs.jsonl';
const files = given.length > 0 ? given : ['test/stories/pairs.jsonl', ...(existsSync(REAL_PAIRS) ? [REAL_PAIRS] : [])];
if (given.length === 0 && files.length === 1) console.log(`(${REAL_PAIRS} not found: hand-written pairs only)`);
for (const f of files) evaluate(resolve(f));

const REAL_ITEMS = '../shared/stories/dev-items.jsonl';
if (given.length === 0) {
  if (existsSync(REAL_PAIRS) && existsSync(REAL_ITEMS)) {
    console.log(`\n# end-to-end replay: ${resolve(REAL_ITEMS)} (text from ${resolve(REAL_PAIRS)})`);
    const replayItems = loadReplayItems(REAL_PAIRS, REAL_ITEMS);
    process.stdout.write(formatReplay(countReplay(await replayCoverage(replayItems))));
    // The same items published up to ±40 minutes earlier or later (5 seeded runs): the order in
    // which outlets publish one event is chance, and a rule that holds in one order only is luck.
    const runs: number[] = [];
    let merged = 0;
    for (let run = 1; run <= 5; run++) {
      const next = rng(run);
      const shifted = replayItems.map((item) => ({ ...item, publishedAt: Math.round(item.publishedAt + (next() * 2 - 1) * 40 * 60_000) }));
      const figures = countReplay(await replayCoverage(shifted));
      runs.push(figures.alertsPerEvent.mean);
      merged += figures.mergedAway;
    }
    const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
    console.log(
      `times shifted by up to ±40 min (5 orders): per event mean ${mean.toFixed(2)} (runs ${runs.map((r) => r.toFixed(2)).join(', ')}), events merged away ${merged} in all runs`,
    );
  } else {
    console.log(`\n(${REAL_PAIRS} or ${REAL_ITEMS} not found: no end-to-end replay)`);
  }
}

function evaluate(file: string): void {
console.log(`\n# ${file}`);
const pairs: Pair[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Pair);

const keyOf = (x: PairItem): string => JSON.stringify([x.title, x.summary, x.url, x.publishedAt]);
const items = new Map<string, { item: PairItem; fp: ItemFingerprint; t: number; id: number }>();
for (const p of pairs) {
  for (const x of [p.a, p.b]) {
    const k = keyOf(x);
    if (!items.has(k)) items.set(k, { item: x, fp: fingerprintItem(x), t: Date.parse(x.publishedAt), id: items.size + 1 });
  }
}
const df = new TermFrequencies();
for (const v of items.values()) df.add(v.fp.signature);

function pairwise(a: PairItem, b: PairItem): boolean {
  const x = items.get(keyOf(a))!;
  const y = items.get(keyOf(b))!;
  const gap = y.t - x.t;
  if (Math.abs(gap) > DEFAULT_STORY_WINDOW_MS) return false;
  if (x.fp.canonicalUrl && x.fp.canonicalUrl === y.fp.canonicalUrl) return true;
  return isSameStory(x.fp.signature, y.fp.signature, gap, df).same;
}

// Streaming through the real index, items at `time(item)` in that order.
function stream(time: (v: { t: number }) => number): Map<string, number> {
  const index = new StoryIndex();
  const stories = new Map<string, number>();
  for (const [k, v] of [...items].map(([key, x]) => [key, { ...x, t: time(x) }] as const).sort((p, q) => p[1].t - q[1].t || p[1].id - q[1].id)) {
    const m = index.match({ publishedAt: v.t, ...v.fp });
    const storyId = m ? m.storyId : v.id;
    stories.set(k, storyId);
    index.add({ itemId: v.id, storyId, publishedAt: v.t, ...v.fp });
  }
  return stories;
}
const storyOf = stream((v) => v.t);
const streaming = (a: PairItem, b: PairItem): boolean => storyOf.get(keyOf(a)) === storyOf.get(keyOf(b));

/**
 * The same in other orders: real feeds are read minutes after they publish, in whatever order polls
 * finish, so each run shifts every item's time by up to ±40 minutes at random (20 seeded runs).
 */
function shuffledOrders(runs = 20, shiftMs = 40 * 60_000): { precision: number; recall: number } {
  let precision = 0;
  let recall = 0;
  for (let run = 1; run <= runs; run++) {
    const next = rng(run);
    const stories = stream((v) => v.t + (next() * 2 - 1) * shiftMs);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      const same = stories.get(keyOf(p.a)) === stories.get(keyOf(p.b));
      if (same && p.same) tp++;
      else if (same) fp++;
      else if (p.same) fn++;
    }
    precision += tp / (tp + fp || 1);
    recall += tp / (tp + fn || 1);
  }
  return { precision: precision / runs, recall: recall / runs };
}

function report(name: string, decide: (a: PairItem, b: PairItem) => boolean): { precision: number; recall: number; cross: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let crossSame = 0;
  let crossFound = 0;
  const perKind = new Map<string, { n: number; errors: number }>();
  const errors: string[] = [];
  for (const p of pairs) {
    const got = decide(p.a, p.b);
    const k = perKind.get(p.kind) ?? { n: 0, errors: 0 };
    k.n++;
    if (p.same && p.kind === 'cross-lang') {
      crossSame++;
      if (got) crossFound++;
    }
    if (got && p.same) tp++;
    else if (got) fp++;
    else if (p.same) fn++;
    if (got !== p.same) {
      k.errors++;
      const x = items.get(keyOf(p.a))!;
      const y = items.get(keyOf(p.b))!;
      const s = similarity(x.fp.signature, y.fp.signature, df).toFixed(2);
      const gap = `${(Math.abs(y.t - x.t) / 3_600_000).toFixed(1)} h`.padStart(7);
      const label = (i: PairItem): string => (i.title || `(lede) ${i.summary}`).slice(0, 55);
      errors.push(`  ${got ? 'FP' : 'FN'} ${p.kind.padEnd(22)} s=${s} gap ${gap} ${label(p.a)} | ${label(p.b)}`);
    }
    perKind.set(p.kind, k);
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  const cross = crossSame > 0 ? `  cross-language recall ${(crossFound / crossSame).toFixed(3)} (${crossFound}/${crossSame})` : '';
  console.log(`\n${name}: precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (tp ${tp}, fp ${fp}, fn ${fn})${cross}`);
  for (const [kind, k] of [...perKind].sort()) console.log(`  ${kind.padEnd(24)} ${String(k.errors).padStart(3)} errors / ${k.n}`);
  if (showErrors && errors.length) console.log(errors.join('\n'));
  return { precision, recall, cross: crossSame > 0 ? crossFound / crossSame : 1 };
}

// Principle for the near threshold: scores of pairs no label links (union of "same" pairs).
const parent = new Map<string, string>();
const root = (k: string): string => {
  let r = k;
  while (parent.has(r)) r = parent.get(r)!;
  return r;
};
for (const p of pairs) {
  if (!p.same) continue;
  const ra = root(keyOf(p.a));
  const rb = root(keyOf(p.b));
  if (ra !== rb) parent.set(ra, rb);
}
const list = [...items.entries()];
const nullScores: number[] = [];
for (let i = 0; i < list.length; i++) {
  for (let j = i + 1; j < list.length; j++) {
    if (root(list[i]![0]) === root(list[j]![0])) continue;
    nullScores.push(similarity(list[i]![1].fp.signature, list[j]![1].fp.signature, df));
  }
}
nullScores.sort((a, b) => a - b);
const pct = (q: number): number => nullScores[Math.min(nullScores.length - 1, Math.floor(q * nullScores.length))]!;

const positives = pairs.filter((p) => p.same).length;
console.log(`pairs: ${pairs.length} (${positives} same, ${pairs.length - positives} different), items: ${items.size}`);
console.log(
  `threshold: near ${STORY_THRESHOLD.near} within ${STORY_THRESHOLD.nearHours} h, rising to far ${STORY_THRESHOLD.far} at ${STORY_THRESHOLD.farHours} h`,
);
console.log(
  `null model (${nullScores.length} unrelated pairs): p99 ${pct(0.99).toFixed(3)}  p99.5 ${pct(0.995).toFixed(3)}  p99.9 ${pct(0.999).toFixed(3)}`,
);
const a = report('pairwise decision', pairwise);
const b = report('streaming StoryIndex', streaming);
const shuffled = shuffledOrders();
console.log(`streaming, each item's time shifted by up to ±40 min (20 orders): mean precision ${shuffled.precision.toFixed(3)}  recall ${shuffled.recall.toFixed(3)}`);
// Goals: real coverage (a file of real pairs, such as dev-pairs.jsonl) precision ≥ 0.97, recall ≥ 0.80 and
// cross-language recall ≥ 0.75; the hand-written pairs precision ≥ 0.97 and recall ≥ 0.85.
const real = !file.endsWith(join('test', 'stories', 'pairs.jsonl'));
const goal = real ? { recall: 0.8, cross: 0.75 } : { recall: 0.85, cross: 0 };
const ok = (r: { precision: number; recall: number; cross: number }): boolean => r.precision >= 0.97 && r.recall >= goal.recall && r.cross >= goal.cross;
const goalText = `precision ≥ 0.97, recall ≥ ${goal.recall.toFixed(2)}${real ? `, cross-language recall ≥ ${goal.cross.toFixed(2)}` : ''}`;
console.log(`\ngoals (${goalText}): pairwise ${ok(a) ? 'met' : 'NOT met'}, streaming ${ok(b) ? 'met' : 'NOT met'}`);
}
