/**
 * `radar score --input <file.jsonl> [--input <more.jsonl> …] [--topic <id>]`: scores each line (`id`,
 * `title`, `summary`, optional `lang`) of each file and prints one JSON line per item:
 * `{"id","score","alert","explanation"}`.
 * Exit codes: 0 done, 2 bad arguments, unreadable input or invalid topic file.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTopic, parseItemLines, scoreItem, type InputItem, type Topic } from '../score/index.ts';
import { describeError, isRadarError } from '../shared/errors.ts';

/** Streams and folders a score/eval command works with (injected so tests use memory streams). */
export interface ScoreCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves a relative `--input`. */
  cwd: string;
  /** Where `--topic <id>` finds `<id>.yaml`. */
  topicsDir: string;
}

/** The topic scored when `--topic` is not given. */
export const DEFAULT_TOPIC_ID = 'cartel-sovereignty';

/** One `--input` file and its items. */
export interface ScoringInput {
  file: string;
  items: InputItem[];
}

/**
 * Arguments and inputs shared by `radar score` and `radar eval` (`items`: all files' items in order;
 * `training`: the files of `radar eval --train`), or the exit code of a failure.
 */
export function prepareScoring(command: 'score' | 'eval', args: string[], io: ScoreCommandIo): { topic: Topic; items: InputItem[]; inputs: ScoringInput[]; training: ScoringInput[] } | number {
  const usage = `usage: radar ${command} --input <file.jsonl> [--input <more.jsonl> …]${command === 'eval' ? ' [--train <labeled.jsonl> …]' : ''} [--topic <id>]`;
  let values: { input?: string[]; train?: string[]; topic?: string; help?: boolean };
  try {
    const options = { input: { type: 'string', multiple: true }, topic: { type: 'string' }, help: { type: 'boolean' } } as const;
    const evalOptions = { ...options, train: { type: 'string', multiple: true } } as const;
    values = parseArgs({ args, options: command === 'eval' ? evalOptions : options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.stderr.write(`radar ${command}: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.input?.length) {
    io.stderr.write(`radar ${command}: --input is required\n${usage}\n`);
    return 2;
  }
  const topicId = values.topic ?? DEFAULT_TOPIC_ID;
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(topicId) || topicId.includes('..')) {
    io.stderr.write(`radar ${command}: --topic expects a topic id such as "${DEFAULT_TOPIC_ID}" (a file <id>.yaml in ${io.topicsDir})\n`);
    return 2;
  }
  let topic: Topic;
  try {
    topic = loadTopic(resolve(io.topicsDir, `${topicId}.yaml`));
  } catch (error) {
    io.stderr.write(`radar ${command}: ${isRadarError(error) ? error.message : describeError(error)}\n`);
    return 2;
  }
  const inputs = readInputs(command, values.input, io);
  const training = inputs && readInputs(command, values.train ?? [], io);
  if (inputs === undefined || training === undefined) return 2;
  return { topic, items: inputs.flatMap((i) => i.items), inputs, training };
}

/** Reads and parses item files; on the first failure, says which file and why and returns undefined. */
function readInputs(command: string, files: readonly string[], io: ScoreCommandIo): ScoringInput[] | undefined {
  const inputs: ScoringInput[] = [];
  for (const input of files) {
    const file = isAbsolute(input) ? input : resolve(io.cwd, input);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr.write(`radar ${command}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : describeError(error)}\n`);
      return undefined;
    }
    const { items, problems } = parseItemLines(text);
    if (problems.length > 0) {
      io.stderr.write(`radar ${command}: ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
      return undefined;
    }
    inputs.push({ file, items });
  }
  return inputs;
}

/** Runs `radar score`; returns the exit code. */
export async function runScore(args: string[], io: ScoreCommandIo): Promise<number> {
  const prepared = prepareScoring('score', args, io);
  if (typeof prepared === 'number') return prepared;
  const { topic, items } = prepared;
  for (const item of items) {
    const result = scoreItem(item, topic, { explain: true });
    const line = { id: item.id, score: Math.round(result.score * 10_000) / 10_000, alert: result.alert, explanation: result.explanation };
    io.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return 0;
}
