/**
 * Reading a YAML settings file (the config, a topic): the file, its YAML syntax, then a zod schema.
 * Every problem is reported at once in a ConfigError naming the file and the key path (`feeds[2].url`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, describeError } from './errors.ts';

/**
 * The text of `file`; a missing or unreadable file is a ConfigError.
 * @param what the kind of file, for the message ("topic file").
 * @param note appended to the problem, e.g. where the file name came from.
 */
export function readSettingsFile(file: string, what: string, note = ''): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(file, [`${missing ? `${what} not found` : `cannot read ${what}: ${describeError(error)}`}${note}`]);
  }
}

/**
 * YAML `text`, as read from `file`, validated by `schema`.
 * @param mapping what the top-level mapping holds, for the message when the document is not one.
 */
export function parseSettings<S extends z.ZodType>(text: string, file: string, schema: S, mapping: string): z.output<S> {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(file, [describeYamlError(error)]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [`expected a YAML mapping with ${mapping}`]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, result.error.issues.map(describeIssue));
  return result.data;
}

/** "invalid YAML at line 3, column 5: <what is wrong>", naming the place once. */
function describeYamlError(error: unknown): string {
  // yaml's pretty message ends its first line with the same place, then quotes the source.
  const what = describeError(error).split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const at = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
  return `invalid YAML${at}: ${what}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? formatPath(issue.path) : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${path}: required (expected ${issue.expected})`;
  return `${path}: ${issue.message}`;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
