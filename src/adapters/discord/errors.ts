/**
 * REST failures as `AdapterError`s for the delivery stage, which owns retries. discord.js's REST
 * queue already waits out short 429s on its own (honouring `retry_after`); a longer wait is handed
 * back as a `RateLimitError` (see `rejectOnRateLimit` in discord-adapter.ts) and becomes a retryable
 * error carrying that wait. Errors no retry can fix are `permanent`: a missing or inaccessible
 * channel, missing permissions, a revoked token, a request Discord rejects as malformed.
 * 5xx, timeouts and network errors are retryable.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 * @see https://discord.com/developers/docs/topics/rate-limits
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { AdapterError } from '../adapter.ts';

/** JSON error codes that name a permanent problem (also answered as 4xx). */
const PERMANENT_CODES = new Map<number, string>([
  [10003, 'Unknown Channel'],
  [10004, 'Unknown Guild'],
  [10008, 'Unknown Message'],
  [50001, 'Missing Access'],
  [50013, 'Missing Permissions'],
  [50035, 'Invalid Form Body'],
  [40001, 'Unauthorized'],
  [50007, 'Cannot send messages to this user'],
]);

/** Maps an error thrown by a REST call (`action` names it in the message) to an AdapterError. */
export function toAdapterError(error: unknown, action: string): AdapterError {
  if (error instanceof AdapterError) return error;
  if (error instanceof RateLimitError) {
    return new AdapterError(`discord ${action}: rate limited for ${error.retryAfter} ms`, { rateLimited: true, retryAfterMs: Math.max(0, error.retryAfter), cause: error });
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : null;
    const name = (code !== null && PERMANENT_CODES.get(code)) || error.message;
    if (error.status === 429) return new AdapterError(`discord ${action}: rate limited`, { rateLimited: true, retryAfterMs: null, cause: error });
    const permanent = error.status >= 400 && error.status < 500 && error.status !== 408;
    return new AdapterError(`discord ${action}: HTTP ${error.status} ${name}${code !== null ? ` (${code})` : ''}`, { permanent, cause: error });
  }
  if (error instanceof HTTPError) {
    const retryable = error.status >= 500 || error.status === 408 || error.status === 429;
    return new AdapterError(`discord ${action}: HTTP ${error.status}`, { permanent: !retryable, cause: error });
  }
  const e = error as { name?: string; message?: string; code?: string } | null;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return new AdapterError(`discord ${action}: request timed out`, { cause: error });
  }
  if (e?.code === 'TokenInvalid') {
    return new AdapterError(`discord ${action}: the token was rejected (check DISCORD_TOKEN)`, { permanent: true, cause: error });
  }
  return new AdapterError(`discord ${action}: ${e?.message ?? String(error)}`, { cause: error });
}
