/**
 * The one place where an error becomes text for a chat user. A bad command line is the user's to
 * fix and a feed they named that cannot be read is theirs to judge: they see what is wrong. Anything
 * else is Radar's own failure: it is logged with a fresh error id, and the user sees a fixed sentence
 * carrying that id, never the internal message (it may name files, queries or hosts).
 */
import { randomBytes } from 'node:crypto';
import { isRadarError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { safeLine } from '../shared/safe-text.ts';
import { CommandUsageError } from './args.ts';
import type { Reply } from './types.ts';

const MAX_REASON = 300;

/** Text for the user about `error`; an internal error is logged on `log` (with `context`) first. */
export function failureText(error: unknown, log: Logger, context: Record<string, unknown> = {}): string {
  if (error instanceof CommandUsageError) return error.usage ? `${error.message}. Usage: ${error.usage}` : error.message;
  // A server's reason phrase or a parser quoting the body can carry escape codes: never shown raw.
  if (isRadarError(error) && /^(?:fetch|parse)_/.test(error.code)) return safeLine(error.message, MAX_REASON);
  const errorId = randomBytes(4).toString('hex');
  log.error({ ...context, err: error, errorId }, 'command failed');
  return `Something went wrong (error id ${errorId}); the operator can find it in the logs.`;
}

/** `failureText` as a private reply. */
export function failureReply(error: unknown, log: Logger, context: Record<string, unknown> = {}): Reply {
  const text = failureText(error, log, context);
  return { ok: false, ephemeral: true, blocks: [{ type: 'text', text }], text };
}
