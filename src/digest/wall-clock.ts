/**
 * Wall-clock time in a time zone (IANA names such as America/Mexico_City), for digests and quiet
 * hours: what a channel's clock on the wall reads at an instant, through the runtime's time-zone
 * data, so that daylight-saving changes are followed without Radar knowing any rule.
 * @see https://www.iana.org/time-zones
 */

/** A day and a minute of the day as a wall clock in some zone reads them. */
export interface WallTime {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  /** Minutes since local midnight (0–1439). */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA time-zone name (e.g. "Europe/Madrid", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The local date and minute of the day at `ms` in `zone`. */
export function wallTime(ms: number, zone: string): WallTime {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Minutes since midnight for a time of day written "HH:MM" (24-hour, "07:30", "22:00"); null otherwise. */
export function parseTimeOfDay(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** "HH:MM" for minutes since midnight. */
export function formatTimeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
