/**
 * Fits a topic's `model` weights: ordinal logistic regression on facet activations and the facet
 * pairs listed in the topic file, trained on labeled cases (default test/score/cases.jsonl), then
 * written back into the topic YAML (comments kept). The dev set is only reported, never fitted.
 *
 *   node bin/run-ts.js scripts/fit-weights.ts [--topic config/topics/x.yaml] [--train file.jsonl]
 *     [--check ../shared/relevance/dev.jsonl] [--lambda 0.01] [--dry-run] [--cv 5]
 *
 * `--cv k` only reports k-fold cross-validated figures on the training cases (nothing written):
 * an honest estimate of how the weights do on items they were not fitted on.
 *
 * Model: relevant = σ(b + w·x), core = σ(b + d + w·x) with d ≤ 0, both fitted jointly (one
 * shared w so that core items rank above related ones). L2 on w; pair weights kept ≥ 0 so that
 * co-occurrence only ever adds evidence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { evaluate, facetActivations, loadTopic, parseItemLines, parseTopic, scoreItem, type InputItem, type Topic } from '../src/score/index.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const topicFile = resolve(arg('topic', 'config/topics/cartel-sovereignty.yaml'));
const trainFile = resolve(arg('train', 'test/score/cases.jsonl'));
const checkFile = arg('check', '../shared/relevance/dev.jsonl');
const lambda = Number(arg('lambda', '0.01'));
const dryRun = process.argv.includes('--dry-run');

function readLabeled(file: string): InputItem[] {
  const { items, problems } = parseItemLines(readFileSync(file, 'utf8'));
  if (problems.length) throw new Error(`${file}:\n${problems.join('\n')}`);
  return items.filter((i) => i.label !== null);
}

function features(item: InputItem, topic: Topic): number[] {
  const a = facetActivations(item, topic);
  return [...a, ...topic.pairs.map((p) => (a[p.a] as number) * (a[p.b] as number))];
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Full-batch gradient descent with Adam on the two shared-weight logistic losses. */
function fit(x: number[][], y: number[], nFacets: number): { w: number[]; b: number; d: number } {
  const dim = x[0]?.length ?? 0;
  const w = new Array<number>(dim).fill(0);
  let b = -2;
  let d = -2;
  const m = new Array<number>(dim + 2).fill(0);
  const v = new Array<number>(dim + 2).fill(0);
  const rate = 0.05;
  for (let step = 1; step <= 6000; step += 1) {
    const g = new Array<number>(dim + 2).fill(0);
    x.forEach((xi, i) => {
      const z = b + xi.reduce((s, xv, k) => s + xv * (w[k] as number), 0);
      const r1 = sigmoid(z) - ((y[i] as number) >= 1 ? 1 : 0);
      const r2 = sigmoid(z + d) - ((y[i] as number) === 2 ? 1 : 0);
      xi.forEach((xv, k) => (g[k] = (g[k] as number) + (r1 + r2) * xv));
      g[dim] = (g[dim] as number) + r1 + r2;
      g[dim + 1] = (g[dim + 1] as number) + r2;
    });
    for (let k = 0; k < dim + 2; k += 1) {
      let gk = (g[k] as number) / x.length;
      if (k < dim) gk += lambda * (w[k] as number);
      m[k] = 0.9 * (m[k] as number) + 0.1 * gk;
      v[k] = 0.999 * (v[k] as number) + 0.001 * gk * gk;
      const delta = (rate * ((m[k] as number) / (1 - 0.9 ** step))) / (Math.sqrt((v[k] as number) / (1 - 0.999 ** step)) + 1e-8);
      if (k < dim) w[k] = (w[k] as number) - delta;
      else if (k === dim) b -= delta;
      else d = Math.min(0, d - delta);
    }
    for (let k = nFacets; k < dim; k += 1) if ((w[k] as number) < 0) w[k] = 0;
  }
  return { w, b, d };
}

function report(name: string, items: InputItem[], topic: Topic): void {
  const f = evaluate(items.map((i) => ({ ...scoreItem(i, topic), label: i.label as number })));
  const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
  console.log(`${name.padEnd(6)} n=${f.n} AUC=${pct(f.rocAuc)} AP=${pct(f.averagePrecision)} P=${pct(f.precision)} R=${pct(f.recall)} F1=${pct(f.f1)} FA=${pct(f.falseAlertRate)} core-AUC=${pct(f.coreRocAuc)}`);
}

const topic = loadTopic(topicFile);
const train = readLabeled(trainFile);
const x = train.map((i) => features(i, topic));
const folds = Number(arg('cv', '0'));
if (folds > 1) {
  const scored = train.map((item, i) => ({ item, fold: i % folds, score: 0 }));
  for (let k = 0; k < folds; k += 1) {
    const fitOn = scored.map((s, i) => ({ s, i })).filter(({ s }) => s.fold !== k);
    const model = fit(fitOn.map(({ i }) => x[i] as number[]), fitOn.map(({ s }) => s.item.label as number), topic.facets.length);
    scored.forEach((s, i) => {
      if (s.fold === k) s.score = sigmoid(model.b + (x[i] as number[]).reduce((sum, v, j) => sum + v * (model.w[j] as number), 0));
    });
  }
  const f = evaluate(scored.map((s) => ({ score: s.score, alert: s.score >= topic.threshold, label: s.item.label as number })));
  console.log(`${folds}-fold CV on ${train.length} cases: AUC=${f.rocAuc.toFixed(3)} AP=${f.averagePrecision.toFixed(3)} P=${f.precision.toFixed(3)} R=${f.recall.toFixed(3)} F1=${f.f1.toFixed(3)} FA=${f.falseAlertRate.toFixed(3)} core-AUC=${f.coreRocAuc.toFixed(3)}`);
  process.exit(0);
}
const { w, b, d } = fit(x, train.map((i) => i.label as number), topic.facets.length);
const round = (n: number): number => Math.round(n * 100) / 100;

const text = readFileSync(topicFile, 'utf8');
const doc = parseDocument(text);
doc.setIn(['model', 'bias'], round(b));
doc.setIn(['model', 'coreOffset'], round(d));
topic.facets.forEach((f, k) => doc.setIn(['model', 'facets', f.name], round(w[k] as number)));
const pairKeys = Object.keys((doc.toJS() as { model?: { pairs?: Record<string, number> } }).model?.pairs ?? {});
pairKeys.forEach((key, k) => doc.setIn(['model', 'pairs', key], round(w[topic.facets.length + k] as number)));
const fitted = doc.toString({ lineWidth: 0, flowCollectionPadding: false });

console.log(`fitted on ${train.length} items from ${trainFile} (lambda ${lambda})`);
if (!dryRun) writeFileSync(topicFile, fitted);
const refit = parseTopic(fitted, topicFile);
report('train', train, refit);
try {
  report('check', readLabeled(resolve(checkFile)), refit);
} catch (error) {
  console.log(`check set not read: ${(error as Error).message.split('\n')[0]}`);
}
if (dryRun) console.log(fitted.slice(fitted.indexOf('model:')));
