/**
 * Radar's own logger (JSON, with its redaction and masking) writing into memory, so that a test can
 * read the log lines a real path wrote.
 */
import { createLogger, type Logger } from '../../src/shared/logger.ts';

export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface CapturedLog {
  logger: Logger;
  lines(): LogLine[];
}

export function captureLog(options: { level?: string; secrets?: string[] } = {}): CapturedLog {
  const lines: LogLine[] = [];
  const logger = createLogger({
    pretty: false,
    level: options.level ?? 'debug',
    secrets: options.secrets,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  return { logger, lines: () => [...lines] };
}

/** The error id in the fixed sentence a user sees for an internal failure, or null when the text is not that sentence. */
export function shownErrorId(text: string): string | null {
  return /^Something went wrong \(error id ([0-9a-f]{8})\); the operator can find it in the logs\.$/.exec(text)?.[1] ?? null;
}
