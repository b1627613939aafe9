/**
 * Quiet hours of a channel: between `from` and `to` on the channel's wall clock (a span may cross
 * midnight: 22:00–07:00), alerts scored below `urgentScore` are held for the channel's next digest
 * instead of posted; an urgent one still posts at once.
 */
import { wallTime } from './wall-clock.ts';

export interface QuietHours {
  /** Start and end, minutes since local midnight; the end is not quiet any more. */
  from: number;
  to: number;
  /** IANA time zone of the wall clock. */
  timezone: string;
  /** Alerts scored at least this post even in quiet hours. */
  urgentScore: number;
}

/** Whether `now` falls in the quiet hours. */
export function isQuiet(quiet: QuietHours, now: number): boolean {
  const { minute } = wallTime(now, quiet.timezone);
  return quiet.from <= quiet.to ? minute >= quiet.from && minute < quiet.to : minute >= quiet.from || minute < quiet.to;
}

/** Whether an alert with this score waits for the digest at `now` (no quiet hours: never). */
export function holdsAlert(quiet: QuietHours | null | undefined, score: number | null, now: number): boolean {
  if (!quiet || !isQuiet(quiet, now)) return false;
  return (score ?? 0) < quiet.urgentScore;
}
