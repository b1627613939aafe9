/**
 * One error hierarchy for Radar. Every error carries a stable `code` that logs, metrics and
 * user-facing text switch on; messages say what went wrong and where (URL, config key, argument).
 */
export type BotErrorCode =
  | 'config_invalid'
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
  | 'adapter_failed'
  | 'adapter_rate_limited'
  | 'command_invalid';

export class BotError extends Error {
  readonly code: BotErrorCode;

  constructor(code: BotErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotError';
    this.code = code;
  }
}

/** A config problem: the file and key path are part of the message. */
export class ConfigError extends BotError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('config_invalid', `Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export class FetchError extends BotError {
  constructor(
    code: Extract<BotErrorCode, `fetch_${string}`>,
    readonly url: string,
    message: string,
    readonly extra: { status?: number; retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(code, `${message} (${url})`, options);
    this.name = 'FetchError';
  }
}

export class ParseError extends BotError {
  constructor(
    code: Extract<BotErrorCode, `parse_${string}`>,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'ParseError';
  }
}

/** The database cannot be opened or used as it is: the message names the file and what to do. */
export class StoreError extends BotError {
  constructor(
    code: Extract<BotErrorCode, `store_${string}`>,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}

export function isBotError(error: unknown): error is BotError {
  return error instanceof BotError;
}

/** A one-line description of any thrown value, for logs and feed health. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
