/**
 * When a feed is polled next: its interval with jitter after a success, exponential backoff
 * (capped) after failures, and never sooner than the server's Retry-After or Cache-Control max-age
 * allows (capped at the backoff cap so a bogus header cannot silence a feed for days).
 */
export interface NextPollInput {
  now: number;
  intervalMs: number;
  /** Fraction of spread, e.g. 0.1 for ±10%. */
  jitter: number;
  /** Consecutive failures including this poll's; 0 after a success. */
  failures: number;
  maxBackoffMs: number;
  /** Server's Retry-After or max-age, when it gave one. */
  notBeforeMs?: number | null;
  random?: () => number;
}

export function nextPollAt(input: NextPollInput): number {
  const random = input.random ?? Math.random;
  const base = input.failures > 0
    ? Math.min(input.intervalMs * 2 ** Math.min(input.failures - 1, 20), input.maxBackoffMs)
    : input.intervalMs;
  const spread = base * input.jitter * (2 * random() - 1);
  const delay = Math.max(base + spread, Math.min(input.notBeforeMs ?? 0, input.maxBackoffMs), 1000);
  return input.now + Math.round(delay);
}
