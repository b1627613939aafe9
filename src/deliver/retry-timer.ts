/**
 * Retries of failed deliveries come due between poll cycles: a timer drains the outbox every few
 * seconds while Radar runs. Returns the function that stops it.
 */
import type { Logger } from '../shared/logger.ts';

export function startRetryTimer(drain: () => Promise<unknown>, logger: Logger, everyMs = 5_000): () => void {
  const timer = setInterval(() => void drain().catch((error: unknown) => logger.error({ err: error }, 'delivery failed')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
