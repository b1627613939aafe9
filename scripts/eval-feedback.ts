/**
 * Measured learning: does a channel's feedback teach it a desk's taste? Replays the labelled items
 * (../shared/relevance/dev.jsonl and dev2.jsonl by default, or the files given) in publication
 * order through one channel of the real scorer and the real channel model (src/learn), while a
 * simulated desk of editors clicks on each alert according to its own taste:
 *   - strict desk: wants label 2 only (the US–Mexico angle), marks label 1 and 0 "not for us";
 *   - broad desk: wants labels 1 and 2, as the topic's labels do.
 * Each click goes to one of the desk's editors (seeded), and the model is fitted after each.
 *
 *   node bin/run-ts.js scripts/eval-feedback.ts [file.jsonl ...] [--repeats 10] [--editors 3]
 *
 * Figures are taken on items the channel has not seen: 5-fold cross-validation, each fold held
 * out while the other four are replayed (ties in publication date, and items without one, ordered
 * by a seeded shuffle), and repeated over seeded orderings. At 0, 10, 25 and 50 clicks the held-out
 * items are decided with the model of that moment (a replay that runs out of alerts first uses its
 * last model; the table says how many clicks were reached on average). F1 and the false-alert rate
 * (alerts on items the desk does not want / items it does not want) are pooled over the folds and
 * averaged over the repeats.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adjustScore, EMPTY_MODEL, featuresOf, fitModel, type ChannelModel, type Example, type Features } from '../src/learn/index.ts';
import { loadTopic, scoreItem } from '../src/score/index.ts';
import { rng } from '../src/shared/rng.ts';

interface Labelled {
  id: string;
  label: number;
  published: string | null;
  score: number;
  logit: number;
  features: Features;
}

interface Desk {
  name: string;
  wants: (label: number) => boolean;
}

const DESKS: Desk[] = [
  { name: 'strict desk (label 2 only)', wants: (label) => label === 2 },
  { name: 'broad desk (labels 1 and 2)', wants: (label) => label >= 1 },
];
const CHECKPOINTS = [0, 10, 25, 50];
const FOLDS = 5;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} expects a whole number of at least 1`);
  return value;
}

/** The outlet of a labelled item's `source`: the host of a URL, the repository of `owner/repo:path`. */
function outlet(source: unknown): string | null {
  if (typeof source !== 'string' || source === '') return null;
  try {
    return new URL(source).hostname.replace(/^www\./, '');
  } catch {
    return source.split(':')[0] ?? null;
  }
}

function readItems(files: string[], topicFile: string): { items: Labelled[]; threshold: number } {
  const topic = loadTopic(topicFile);
  const items: Labelled[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const o = JSON.parse(line) as Record<string, unknown>;
      if (typeof o.label !== 'number') throw new Error(`${file} line ${i + 1}: no "label"`);
      const input = { title: String(o.title ?? ''), summary: String(o.summary ?? ''), lang: typeof o.lang === 'string' ? o.lang : null };
      const result = scoreItem(input, topic, { explain: true });
      const e = result.explanation!;
      items.push({ id: String(o.id), label: o.label, published: typeof o.published === 'string' ? o.published : null, score: result.score, logit: e.logit, features: featuresOf(e, outlet(o.source)) });
    });
  }
  return { items, threshold: topic.threshold };
}

function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Publication order; ties and undated items placed by a seeded shuffle (undated ones anywhere). */
function publicationOrder(items: Labelled[], random: () => number): Labelled[] {
  const keyed = items.map((item) => ({ item, tie: random(), at: item.published ?? '' }));
  const dated = keyed.filter((k) => k.at !== '').sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.tie - b.tie));
  const order = dated.map((k) => k.item);
  for (const k of keyed.filter((k) => k.at === '')) order.splice(Math.floor(k.tie * (order.length + 1)), 0, k.item);
  return order;
}

const alerts = (model: ChannelModel, item: Labelled, threshold: number): boolean => adjustScore(model, item.score, item.features).score >= threshold;

interface Tally { tp: number; fp: number; fn: number; unwanted: number; falseAlerts: number }
const emptyTally = (): Tally => ({ tp: 0, fp: 0, fn: 0, unwanted: 0, falseAlerts: 0 });

function tallyInto(t: Tally, model: ChannelModel, items: Labelled[], desk: Desk, threshold: number): void {
  for (const item of items) {
    const alert = alerts(model, item, threshold);
    const wanted = desk.wants(item.label);
    if (alert && wanted) t.tp += 1;
    else if (alert) t.fp += 1;
    else if (wanted) t.fn += 1;
    if (!wanted) {
      t.unwanted += 1;
      if (alert) t.falseAlerts += 1;
    }
  }
}

const f1 = (t: Tally): number => (t.tp === 0 ? 0 : (2 * t.tp) / (2 * t.tp + t.fp + t.fn));
const far = (t: Tally): number => (t.unwanted === 0 ? NaN : t.falseAlerts / t.unwanted);

/** One repeat for one desk: per checkpoint, the pooled tally over the held-out folds and the clicks reached. */
function runRepeat(items: Labelled[], desk: Desk, threshold: number, seed: number, editors: number): { tallies: Tally[]; reached: number[] } {
  const random = rng(seed);
  const folds = shuffle(items, random).map((item, i) => ({ item, fold: i % FOLDS }));
  const tallies = CHECKPOINTS.map(emptyTally);
  const reached = CHECKPOINTS.map(() => 0);
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const held = folds.filter((f) => f.fold === fold).map((f) => f.item);
    const stream = publicationOrder(folds.filter((f) => f.fold !== fold).map((f) => f.item), random);
    const examples: Example[] = [];
    let model = EMPTY_MODEL;
    const snapshots: ChannelModel[] = [];
    const clicksAt: number[] = [];
    const snapshot = () => {
      while (snapshots.length < CHECKPOINTS.length && examples.length >= (CHECKPOINTS[snapshots.length] as number)) {
        snapshots.push(model);
        clicksAt.push(examples.length);
      }
    };
    snapshot();
    for (const item of stream) {
      if (snapshots.length === CHECKPOINTS.length) break;
      if (!alerts(model, item, threshold)) continue;
      const person = `editor-${Math.floor(random() * editors) + 1}`;
      examples.push({ person, relevant: desk.wants(item.label), features: item.features, logit: item.logit });
      model = fitModel(examples);
      snapshot();
    }
    while (snapshots.length < CHECKPOINTS.length) {
      snapshots.push(model);
      clicksAt.push(examples.length);
    }
    snapshots.forEach((m, c) => {
      tallyInto(tallies[c] as Tally, m, held, desk, threshold);
      reached[c] = (reached[c] as number) + (clicksAt[c] as number) / FOLDS;
    });
  }
  return { tallies, reached };
}

const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const inputs = files.length > 0 ? files.map((f) => resolve(f)) : ['../shared/relevance/dev.jsonl', '../shared/relevance/dev2.jsonl'].map((f) => resolve(f));
const missing = inputs.filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.error(`eval:feedback: the labelled items are absent (${missing.join(', ')}); nothing measured`);
  process.exit(2);
}
const repeats = option('repeats', 10);
const editors = option('editors', 3);
const { items, threshold } = readItems(inputs, resolve('config/topics/cartel-sovereignty.yaml'));
console.log(`${items.length} labelled items, ${FOLDS}-fold cross-validation × ${repeats} seeded orderings, a desk of ${editors} editors, alert at ${threshold}`);
const fmt = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
const results = DESKS.map((desk) => {
  const f1s = CHECKPOINTS.map(() => 0);
  const fars = CHECKPOINTS.map(() => 0);
  const reached = CHECKPOINTS.map(() => 0);
  for (let r = 0; r < repeats; r += 1) {
    const run = runRepeat(items, desk, threshold, 1000 + r, editors);
    run.tallies.forEach((t, c) => {
      f1s[c] = (f1s[c] as number) + f1(t) / repeats;
      fars[c] = (fars[c] as number) + far(t) / repeats;
      reached[c] = (reached[c] as number) + (run.reached[c] as number) / repeats;
    });
  }
  console.log(`\n${desk.name}`);
  console.log(`${'clicks'.padEnd(22)}${CHECKPOINTS.map((c) => String(c).padStart(9)).join('')}`);
  console.log(`${'clicks reached (mean)'.padEnd(22)}${reached.map((x) => x.toFixed(1).padStart(9)).join('')}`);
  console.log(`${'F1'.padEnd(22)}${f1s.map((x) => fmt(x).padStart(9)).join('')}`);
  console.log(`${'false-alert rate'.padEnd(22)}${fars.map((x) => fmt(x).padStart(9)).join('')}`);
  return { f1s, fars };
});

// The goal: after 25 clicks the strict desk's F1 is up 0.10 and its false-alert rate halved; the broad desk loses nothing.
const at25 = CHECKPOINTS.indexOf(25);
const [strict, broad] = results as [(typeof results)[number], (typeof results)[number]];
const f1Gain = (strict.f1s[at25] as number) - (strict.f1s[0] as number);
const farRatio = (strict.fars[at25] as number) / (strict.fars[0] as number);
const broadLoss = Math.max(...broad.f1s.map((x) => (broad.f1s[0] as number) - x), ...broad.fars.map((x) => x - (broad.fars[0] as number)));
const met = f1Gain >= 0.1 && farRatio <= 0.5 && broadLoss <= 0;
console.log(`\ngoal ${met ? 'met' : 'NOT met'}: strict desk after 25 clicks F1 ${f1Gain >= 0 ? '+' : ''}${f1Gain.toFixed(3)} (needs +0.100), false-alert rate × ${farRatio.toFixed(2)} (needs ≤ 0.50); broad desk's largest loss ${Math.max(0, broadLoss).toFixed(3)} (needs 0)`);
process.exitCode = met ? 0 : 1;
