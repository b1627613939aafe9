/**
 * One error hierarchy for Radar. Every error Radar throws is a `RadarError` with a stable `code`
 * that logs, retries and user-facing text switch on; its `name` is its class, `cause` chains the
 * error it wraps, and what a caller needs besides the message is a typed field (`url`, `status`,
 * `problems`, …). Messages say what went wrong and where (URL, config key, argument).
 */
export type RadarErrorCode =
  | 'config_invalid'
  | 'cli_usage'
  | 'command_invalid'
  | 'fetch_timeout'
  | 'fetch_http_status'
  | 'fetch_too_large'
  | 'fetch_too_many_redirects'
  | 'fetch_network'
  | 'fetch_blocked_address'
  | 'fetch_invalid_url'
  | 'fetch_decode'
  | 'parse_failed'
  | 'parse_unsupported_format'
  | 'store_failed'
  | 'store_corrupt'
  | 'store_unavailable'
  | 'store_not_empty'
  | 'adapter_failed'
  | 'adapter_rate_limited';

export class RadarError<Code extends RadarErrorCode = RadarErrorCode> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The subclass's own name ("FetchError", "ConfigError"): pino logs it as the error's type.
    this.name = new.target.name;
    this.code = code;
  }
}

/** Whether `error` is a RadarError (with `code`, when given). */
export function isRadarError<Code extends RadarErrorCode>(error: unknown, code?: Code): error is RadarError<Code> {
  return error instanceof RadarError && (code === undefined || error.code === code);
}

/** A config problem: the file and each problem's key path are part of the message. */
export class ConfigError extends RadarError<'config_invalid'> {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('config_invalid', `Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export type FetchErrorCode = Extract<RadarErrorCode, `fetch_${string}`>;

export class FetchError extends RadarError<FetchErrorCode> {
  /** The HTTP status, for `fetch_http_status`. */
  readonly status: number | null;
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | null;

  constructor(
    code: FetchErrorCode,
    readonly url: string,
    message: string,
    extra: { status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(code, `${message} (${url})`, options);
    this.status = extra.status ?? null;
    this.retryAfterMs = extra.retryAfterMs ?? null;
  }
}

export class ParseError extends RadarError<Extract<RadarErrorCode, `parse_${string}`>> {}

/** The database cannot be opened or used as it is: the message names the file and what to do. */
export class StoreError extends RadarError<Extract<RadarErrorCode, `store_${string}`>> {
  constructor(
    code: Extract<RadarErrorCode, `store_${string}`>,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A one-line description of any thrown value, for logs and feed health. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
