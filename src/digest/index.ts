export { buildDigest, digestRank, DIGEST_STORIES } from './build-digest.ts';
export { createDigestScheduler, dueDigestKey, type DigestChannel, type DigestScheduler, type DigestSettings } from './digest-schedule.ts';
export { holdsAlert, isQuiet, type QuietHours } from './quiet-hours.ts';
export { formatTimeOfDay, isTimeZone, parseTimeOfDay, wallTime, type WallTime } from './wall-clock.ts';
