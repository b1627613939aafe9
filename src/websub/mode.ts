/**
 * How Radar hears of a feed's items, as `/radar feeds` and the status page show it: pushed while
 * its WebSub subscription is verified and its lease runs, polled otherwise, with the reason when a
 * hub was found but the feed is not pushed.
 */
import { formatAge } from '../shared/duration.ts';
import type { Subscription } from '../store/index.ts';

export interface FeedMode {
  mode: 'pushed' | 'polled';
  /** One line: the lease left, what is under way, or why the feed is not pushed; null without a hub. */
  note: string | null;
}

/** Whether the subscription takes pushes at `now`. */
export function isPushedAt(sub: Subscription | undefined, now: number): boolean {
  return sub?.state === 'active' && sub.leaseUntil !== null && sub.leaseUntil > now;
}

export function feedMode(sub: Subscription | undefined, now: number): FeedMode {
  if (!sub) return { mode: 'polled', note: null };
  if (isPushedAt(sub, now)) return { mode: 'pushed', note: `WebSub via ${hostOf(sub.hub)}, lease ends in ${formatAge(sub.leaseUntil! - now)}` };
  switch (sub.state) {
    case 'discovered': return { mode: 'polled', note: `hub ${hostOf(sub.hub)} found; subscription not requested yet` };
    case 'requested': return { mode: 'polled', note: `hub ${hostOf(sub.hub)}: waiting for it to verify the subscription` };
    case 'unsubscribing': return { mode: 'polled', note: `hub ${hostOf(sub.hub)}: unsubscribing` };
    default: return { mode: 'polled', note: `not pushed: ${sub.reason ?? 'the lease ran out'}` };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
