/**
 * Radar's notion of "now": epoch milliseconds from an injectable function, so that every stage, the
 * CLI and the tests agree on one time and no test depends on the calendar.
 */

/** Epoch milliseconds. */
export type Clock = () => number;

export const systemClock: Clock = Date.now;

/**
 * A clock that starts at `start` and runs at the real pace from there: what `RADAR_NOW` sets for
 * the CLI, so that a test or a replay can run `radar cmd` or `radar poll --once` "as of" a moment
 * while timeouts, pacing and ages still advance.
 */
export function clockStartingAt(start: number, real: Clock = systemClock): Clock {
  const offset = start - real();
  return () => real() + offset;
}
