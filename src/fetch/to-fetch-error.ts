/**
 * Maps whatever a request threw (undici errors, Node socket errors, body-reader errors) to a
 * `FetchError` with a stable code and a message that says what happened.
 */
import { errors as undiciErrors } from 'undici';
import { FetchError } from '../shared/errors.ts';
import { BodyDecodeError, BodyTooLargeError } from './read-body.ts';

/** Network-level error codes worth naming in the message. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'socket closed unexpectedly',
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // AggregateError from happy-eyeballs connects (IPv4 and IPv6 both refused).
  const first = (error as { errors?: unknown[] } | null)?.errors?.[0];
  return first === undefined ? undefined : errorCode(first);
}

/**
 * @param timedOut true when Radar's own total-timeout timer fired (the abort reason of the
 *   request is then a timeout, whatever error undici surfaced for it).
 */
export function toFetchError(error: unknown, url: string, timeoutMs: number, timedOut: boolean): FetchError {
  if (error instanceof FetchError) return error;
  if (timedOut) return new FetchError('fetch_timeout', url, `no complete response within ${timeoutMs} ms`, {}, { cause: error });
  if (error instanceof BodyTooLargeError) return new FetchError('fetch_too_large', url, error.message, {}, { cause: error });
  if (error instanceof BodyDecodeError) return new FetchError('fetch_decode', url, error.message, {}, { cause: error });
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new FetchError('fetch_timeout', url, 'connect timed out', {}, { cause: error });
  }
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new FetchError('fetch_timeout', url, `server went silent: ${error.message}`, {}, { cause: error });
  }
  const code = errorCode(error);
  if (code === 'ERR_RADAR_BLOCKED_ADDRESS') {
    return new FetchError('fetch_blocked_address', url, `refused: ${(error as Error).message}; feeds added from chat may only reach public hosts`, {}, { cause: error });
  }
  const what = (code && NETWORK_CODES[code]) ?? (error instanceof Error ? error.message : String(error));
  return new FetchError('fetch_network', url, `network error: ${what}${code ? ` [${code}]` : ''}`, {}, { cause: error });
}
