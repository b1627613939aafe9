/**
 * Per-host concurrency: at most N requests to one host at once, so that a hundred feeds on
 * one newspaper's CDN are fetched politely while other hosts proceed in parallel. Limiters are
 * dropped when idle, so the map only holds hosts with requests in flight.
 */
import pLimit, { type LimitFunction } from 'p-limit';

/** Runs `task` when `host` has a free slot. */
export type HostLimiter = <T>(host: string, task: () => Promise<T>) => Promise<T>;

export function createHostLimiter(perHost: number): HostLimiter {
  const limits = new Map<string, LimitFunction>();
  return async (host, task) => {
    let limit = limits.get(host);
    if (!limit) {
      limit = pLimit(perHost);
      limits.set(host, limit);
    }
    try {
      return await limit(task);
    } finally {
      if (limit.activeCount === 0 && limit.pendingCount === 0 && limits.get(host) === limit) limits.delete(host);
    }
  };
}
