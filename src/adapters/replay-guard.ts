/**
 * Remembers the ids of platform requests for a while, so that one delivered twice (a replay within
 * the platform's signature window, a redelivery) is handled once. In memory, per instance.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly keepMs: number) {}

  /** True the first time `id` is seen within `keepMs`; false for a repeat. */
  firstTime(id: string, now: number): boolean {
    for (const [old, at] of this.seen) {
      if (now - at <= this.keepMs) break; // insertion order is time order
      this.seen.delete(old);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    return true;
  }
}
