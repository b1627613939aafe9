/**
 * Web API failures as `AdapterError`s for the delivery stage, which owns retries: errors that a
 * retry cannot fix are `permanent`; rate limits carry Slack's Retry-After; network errors and 5xx
 * are retryable. The Web API client itself never retries (see `clientOptions` in slack-adapter.ts).
 * @see https://docs.slack.dev/reference/methods/chat.postMessage#errors
 * @see https://docs.slack.dev/apis/web-api/rate-limits
 */
import { AdapterError } from '../adapter.ts';

/** Platform errors that no retry can fix: the channel, the token or the request itself is wrong. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'restricted_action',
  'no_permission',
  'access_denied',
  'team_access_not_granted',
  'ekm_access_denied',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'invalid_arguments',
]);

const RATE_LIMITED = new Set(['rate_limited', 'ratelimited']);

/** The fields of @slack/web-api's coded errors that this mapping reads. */
interface WebApiErrorShape {
  code?: string;
  message?: string;
  data?: { error?: string; response_metadata?: { retryAfter?: number } };
  retryAfter?: number;
  statusCode?: number;
  headers?: Record<string, string>;
}

function seconds(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : null;
}

/** Maps an error thrown by a Web API call (`method` names it in the message) to an AdapterError. */
export function toAdapterError(error: unknown, method: string): AdapterError {
  if (error instanceof AdapterError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      if (RATE_LIMITED.has(code)) {
        return new AdapterError(`slack ${method}: ${code}`, { rateLimited: true, retryAfterMs: seconds(e.data?.response_metadata?.retryAfter), cause: error });
      }
      return new AdapterError(`slack ${method}: ${code}`, { permanent: PERMANENT.has(code), cause: error });
    }
    case 'slack_webapi_rate_limited_error':
      return new AdapterError(`slack ${method}: rate limited`, { rateLimited: true, retryAfterMs: seconds(e.retryAfter), cause: error });
    case 'slack_webapi_http_error': {
      const status = e.statusCode ?? 0;
      const retryable = status >= 500 || status === 408 || status === 429;
      return new AdapterError(`slack ${method}: HTTP ${status}`, {
        permanent: !retryable,
        retryAfterMs: seconds(e.headers?.['retry-after']),
        cause: error,
      });
    }
    case 'slack_webapi_request_error':
      return new AdapterError(`slack ${method}: request failed`, { cause: error });
    default:
      // A 429 without a usable Retry-After surfaces as a plain error; it is still a rate limit.
      if (/rate limit|retry header/i.test(e.message ?? '')) {
        return new AdapterError(`slack ${method}: rate limited`, { rateLimited: true, retryAfterMs: null, cause: error });
      }
      return new AdapterError(`slack ${method}: ${e.message ?? String(error)}`, { cause: error });
  }
}
