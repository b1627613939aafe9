/**
 * The parts of an overflow line ("… and 1,950 more from X: /radar search source:x") that every
 * adapter shows the same way; each adapter escapes the feed name (untrusted) in its own markup.
 */
import type { OverflowPayload } from '../shared/alert.ts';

export function overflowParts(overflow: OverflowPayload): { count: string; command: string } {
  // Feed ids are lowercase letters, digits, ".", "_" and "-"; anything else never reaches the command.
  const id = overflow.feedId.replace(/[^a-z0-9._-]/g, '') || 'feed';
  return { count: overflow.count.toLocaleString('en-US'), command: `/radar search source:${id}` };
}
