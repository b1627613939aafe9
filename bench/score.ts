/**
 * Scoring throughput for the default topic: items per second on one core, explanations off
 * (as in the pipeline, where they are built only for alerts) and on, with and without a feed
 * language. Input: the labeled cases in test/score/cases.jsonl, cycled.
 * Run alone: `node bin/run-ts.js bench/score.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadTopic, parseItemLines, scoreItem, type ScoreInput } from '../src/score/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function measure(label: string, items: readonly ScoreInput[], run: (item: ScoreInput) => void): number {
  const total = 200_000;
  for (let i = 0; i < 20_000; i += 1) run(items[i % items.length] as ScoreInput); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; i += 1) run(items[i % items.length] as ScoreInput);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = total / seconds;
  console.log(`score ${label.padEnd(34)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} items/s`);
  return rate;
}


/** Prints scoring throughput (items/s) for the default topic. */
export async function benchScore(): Promise<void> {
  const topic = loadTopic(resolve(root, 'config/topics/cartel-sovereignty.yaml'));
  const { items } = parseItemLines(readFileSync(resolve(root, 'test/score/cases.jsonl'), 'utf8'));
  const withLang = items.map((i) => ({ title: i.title, summary: i.summary, lang: i.lang }));
  const withoutLang = items.map((i) => ({ title: i.title, summary: i.summary }));
  measure('(feed language given)', withLang, (i) => scoreItem(i, topic));
  measure('(language detected)', withoutLang, (i) => scoreItem(i, topic));
  measure('(explanations for every item)', withLang, (i) => scoreItem(i, topic, { explain: true }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchScore();
