/**
 * Reads and validates a topic file: YAML syntax, schema, then semantic checks. Every problem is
 * reported at once in a ConfigError naming the file and the key path (`facets.actors.terms[3]`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../shared/errors.ts';
import { compileTopic } from './compile-topic.ts';
import { topicFileSchema } from './topic-schema.ts';
import type { Topic } from './types.ts';

/** Loads a topic file from disk. Throws ConfigError (also when the file cannot be read). */
export function loadTopic(file: string): Topic {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'topic file not found' : `cannot read topic file: ${(error as Error).message}`;
    throw new ConfigError(file, [reason]);
  }
  return parseTopic(text, file);
}

/** Validates topic YAML as if read from `file` (used by tests and by loadTopic). */
export function parseTopic(text: string, file: string): Topic {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(file, [`invalid YAML${where}: ${message}`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, ['expected a YAML mapping with id, name and facets']);
  }
  const result = topicFileSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, result.error.issues.map(describeIssue));
  const compiled = compileTopic(result.data);
  if (!compiled.ok) throw new ConfigError(file, compiled.problems);
  return Object.freeze(compiled.topic);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? formatPath(issue.path) : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${path}: ${issue.message}`;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
