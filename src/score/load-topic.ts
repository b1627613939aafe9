/**
 * Reads and validates a topic file: YAML syntax, schema, then semantic checks. Every problem is
 * reported at once in a ConfigError naming the file and the key path (`facets.actors.terms[3]`).
 */
import { ConfigError } from '../shared/errors.ts';
import { parseSettings, readSettingsFile } from '../shared/settings-file.ts';
import { compileTopic } from './compile-topic.ts';
import { topicFileSchema } from './topic-schema.ts';
import type { Topic } from './types.ts';

/** Loads a topic file from disk. Throws ConfigError (also when the file cannot be read). */
export function loadTopic(file: string): Topic {
  return parseTopic(readSettingsFile(file, 'topic file'), file);
}

/** Validates topic YAML as if read from `file` (used by tests and by loadTopic). */
export function parseTopic(text: string, file: string): Topic {
  const compiled = compileTopic(parseSettings(text, file, topicFileSchema, 'id, name and facets'));
  if (!compiled.ok) throw new ConfigError(file, compiled.problems);
  return Object.freeze(compiled.topic);
}
