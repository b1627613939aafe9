/**
 * `radar eval --input <labeled.jsonl> [--input <more.jsonl> …] [--train <labeled.jsonl> …] [--topic <id>]`:
 * scores labeled items (label 0/1/2) and prints, for label ≥ 1 as relevant, ROC-AUC, average
 * precision, precision/recall/F1 of the alert decision, the false-alert rate on label-0 items and
 * ROC-AUC of label 2 vs the rest, next to the same figures for two baselines on the same items: a
 * plain bilingual keyword filter, and TF-IDF with logistic regression learned from the labels. The
 * learned one scores each item out of fold (K-fold cross-validation over the `--input` items, with
 * the `--train` items added to every training fold and never scored), so no item is scored by a
 * model that saw it. With several files: one table per file, then one for all of them together.
 */
import { basename } from 'node:path';
import { crossValidate, evaluate, keywordBaselineScore, scoreItem, type EvalFigures, type InputItem, type LabeledText, type Topic } from '../score/index.ts';
import { prepareScoring, type ScoreCommandIo, type ScoringInput } from './score-command.ts';

const ROWS: Array<[keyof EvalFigures, string]> = [
  ['rocAuc', 'ROC-AUC (label ≥ 1)'],
  ['averagePrecision', 'average precision'],
  ['precision', 'alert precision'],
  ['recall', 'alert recall'],
  ['f1', 'alert F1'],
  ['falseAlertRate', 'false-alert rate (label 0)'],
  ['coreRocAuc', 'ROC-AUC (label 2 vs rest)'],
];

const fmt = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

/** The learned baseline's column heading, naming how its figures were obtained. */
const learnedHeading = (folds: number): string => `tfidf+lr (${folds}-fold CV)`;

/** Formats the comparison table `radar eval` prints. */
export function formatEval(topicId: string, radar: EvalFigures, keywords: EvalFigures, learned: EvalFigures, folds: number): string {
  const heading = learnedHeading(folds);
  const width = heading.length + 2;
  const lines = [`topic ${topicId}: ${radar.n} items, ${radar.relevant} relevant (label ≥ 1)`, `${''.padEnd(28)}${'radar'.padStart(8)}${'keywords'.padStart(10)}${heading.padStart(width)}`];
  for (const [key, label] of ROWS) lines.push(`${label.padEnd(28)}${fmt(radar[key]).padStart(8)}${fmt(keywords[key]).padStart(10)}${fmt(learned[key]).padStart(width)}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `radar eval`; returns the exit code (2 on bad arguments or unlabeled lines). */
export async function runEval(args: string[], io: ScoreCommandIo): Promise<number> {
  const prepared = prepareScoring('eval', args, io);
  if (typeof prepared === 'number') return prepared;
  const { topic, items, inputs, training } = prepared;
  for (const input of [...inputs, ...training]) {
    const unlabeled = input.items.filter((i) => i.label === null).map((i) => i.id);
    if (unlabeled.length > 0) {
      io.stderr.write(`radar eval: ${input.file}: ${unlabeled.length} item(s) without a "label" (0, 1 or 2), e.g. ${unlabeled.slice(0, 3).join(', ')}\n`);
      return 2;
    }
    if (input.items.length === 0) {
      io.stderr.write(`radar eval: ${input.file} has no items\n`);
      return 2;
    }
  }
  const trainingItems = training.flatMap((t) => t.items);
  const cv = crossValidate(items as LabeledText[], trainingItems as LabeledText[]);
  const learned = new Map(items.map((item, i) => [item, cv.scores[i] as number]));
  const table = (tableItems: InputItem[]) => evalTable(topic, tableItems, learned, cv.folds);
  const note = learnedNote(cv.folds, items.length, training);
  if (inputs.length === 1) {
    io.stdout.write(`${table(items)}${note}`);
    return 0;
  }
  for (const input of inputs) io.stdout.write(`# ${input.file}\n${table(input.items)}\n`);
  io.stdout.write(`# together (${inputs.map((i) => basename(i.file)).join(' + ')})\n${table(items)}${note}`);
  return 0;
}

/** Radar and both baselines on labeled items, as a table (`learned`: each item's out-of-fold probability). */
function evalTable(topic: Topic, items: InputItem[], learned: ReadonlyMap<InputItem, number>, folds: number): string {
  const radar = evaluate(items.map((i) => ({ ...scoreItem(i, topic), label: i.label as number })));
  const keywords = evaluate(items.map((i) => {
    const score = keywordBaselineScore(i);
    return { score, alert: score >= 0.5, label: i.label as number };
  }));
  const baseline = evaluate(items.map((i) => {
    const score = learned.get(i) as number;
    return { score, alert: score >= 0.5, label: i.label as number };
  }));
  return formatEval(topic.id, radar, keywords, baseline, folds);
}

/** One line on how the learned column was trained. */
function learnedNote(folds: number, evaluated: number, training: readonly ScoringInput[]): string {
  const extra = training.reduce((n, t) => n + t.items.length, 0);
  const plus = extra > 0 ? ` plus ${extra} training-only items (${training.map((t) => basename(t.file)).join(', ')})` : '';
  return `${learnedHeading(folds)}: word 1–2-gram and character 3–5-gram TF-IDF, L2 logistic regression, alert at p ≥ 0.5; each of the ${evaluated} items scored by a model trained on the other ${folds - 1} of ${folds} folds${plus}\n`;
}
