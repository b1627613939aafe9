/**
 * The one seam between Radar and a chat platform. Upstream stages never import a platform SDK;
 * rendering a neutral alert for a platform happens inside its adapter.
 */
import type { AlertPayload, DigestPayload, FollowUpPayload, OverflowPayload } from '../shared/alert.ts';
import { RadarError } from '../shared/errors.ts';

export interface ChatAdapter {
  readonly name: string;
  /**
   * The least time between two posts to one channel, as the platform asks (Slack: about one message
   * a second per channel). The delivery stage paces each channel by it; 0 or absent: no pacing.
   */
  readonly minPostIntervalMs?: number;
  /**
   * Whether the platform allows one session (what `start` opens) among the instances that share
   * the store: Discord's gateway hands each interaction to every session of the bot. Such an
   * adapter is started on the leader only (see src/roles); posting works without the session.
   */
  readonly oneSession?: boolean;
  start(): Promise<void>;
  /**
   * Null while the adapter is connected to its platform (or has nothing to connect), else why not,
   * in a few words; the instance's /readyz reports it. Absent: always connected.
   */
  connectionProblem?(): string | null;
  /**
   * Posts an alert to a channel; resolves to the platform's message id. With `feedbackRef` (the
   * alert's opaque reference: its outbox row id), the alert carries feedback buttons whose values
   * hold that reference and nothing else (see src/feedback).
   */
  post(target: string, alert: AlertPayload, feedbackRef?: string): Promise<string>;
  /** Posts a follow-up of a story, threaded under the alert's message when the platform can. */
  reply(target: string, parentMessageId: string | null, followUp: FollowUpPayload): Promise<string>;
  /** Posts the line that sums up a feed's alerts held back by the alert limits. */
  postOverflow(target: string, overflow: OverflowPayload): Promise<string>;
  /** Posts a channel's digest (its top stories of a window), fitted to the platform's message limits. */
  postDigest(target: string, digest: DigestPayload): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A delivery failure an adapter reports: `permanent` errors are not retried (unknown channel,
 * revoked token); `retryAfterMs` is the platform's own hint; a rate limit has its own code.
 */
export class AdapterError extends RadarError<'adapter_failed' | 'adapter_rate_limited'> {
  readonly permanent: boolean;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    options: { permanent?: boolean; retryAfterMs?: number | null; rateLimited?: boolean; cause?: unknown } = {},
  ) {
    super(options.rateLimited ? 'adapter_rate_limited' : 'adapter_failed', message, { cause: options.cause });
    this.permanent = options.permanent === true;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/**
 * An adapter could not start (or register) because of a setting the operator must fix: a token
 * the platform refused, a port already in use. The message is one line naming the setting (the
 * environment variable or option), for the terminal; the platform's detail stays in `cause`.
 */
export class StartupError extends AdapterError {
  constructor(
    readonly setting: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, { permanent: true, cause });
    this.name = 'StartupError';
  }
}
