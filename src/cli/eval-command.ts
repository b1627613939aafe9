/**
 * `radar eval --input <labeled.jsonl> [--input <more.jsonl> …] [--topic <id>]`: scores labeled items
 * (label 0/1/2) and prints, for label ≥ 1 as relevant, ROC-AUC, average precision,
 * precision/recall/F1 of the alert decision, the false-alert rate on label-0 items and ROC-AUC of
 * label 2 vs the rest, next to the same figures for a plain bilingual keyword filter on the same
 * items. With several files: one table per file, then one for all of them together.
 */
import { basename } from 'node:path';
import { evaluate, keywordBaselineScore, scoreItem, type EvalFigures, type InputItem, type Topic } from '../score/index.ts';
import { prepareScoring, type ScoreCommandIo } from './score-command.ts';

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

/** Formats the comparison table `radar eval` prints. */
export function formatEval(topicId: string, radar: EvalFigures, baseline: EvalFigures): string {
  const lines = [`topic ${topicId}: ${radar.n} items, ${radar.relevant} relevant (label ≥ 1)`, `${''.padEnd(28)}${'radar'.padStart(8)}${'keywords'.padStart(10)}`];
  for (const [key, label] of ROWS) lines.push(`${label.padEnd(28)}${fmt(radar[key]).padStart(8)}${fmt(baseline[key]).padStart(10)}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `radar eval`; returns the exit code (2 on bad arguments or unlabeled lines). */
export async function runEval(args: string[], io: ScoreCommandIo): Promise<number> {
  const prepared = prepareScoring('eval', args, io);
  if (typeof prepared === 'number') return prepared;
  const { topic, items, inputs } = prepared;
  for (const input of inputs) {
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
  if (inputs.length === 1) {
    io.stdout.write(evalTable(topic, items));
    return 0;
  }
  for (const input of inputs) io.stdout.write(`# ${input.file}\n${evalTable(topic, input.items)}\n`);
  io.stdout.write(`# together (${inputs.map((i) => basename(i.file)).join(' + ')})\n${evalTable(topic, items)}`);
  return 0;
}

/** Radar and the keyword baseline on labeled items, as a table. */
function evalTable(topic: Topic, items: InputItem[]): string {
  const radar = evaluate(items.map((i) => ({ ...scoreItem(i, topic), label: i.label as number })));
  const baseline = evaluate(items.map((i) => {
    const score = keywordBaselineScore(i);
    return { score, alert: score >= 0.5, label: i.label as number };
  }));
  return formatEval(topic.id, radar, baseline);
}
