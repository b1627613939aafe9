/**
 * Who may run mutating `/radar` commands: users listed by id, or members of listed Slack user
 * groups (`usergroups.users.list`, cached briefly). With both lists empty, everyone is an admin.
 * A failed group lookup counts as "not a member" and is not cached, so it is retried next time.
 * @see https://docs.slack.dev/reference/methods/usergroups.users.list
 */
import type { Logger } from '../../shared/logger.ts';

export interface AdminCheckOptions {
  adminUsers: readonly string[];
  adminGroups: readonly string[];
  /** Lists the user ids of a user group (the Web API call). */
  groupMembers: (groupId: string) => Promise<string[]>;
  cacheMs?: number;
  clock?: () => number;
  logger: Logger;
}

export type AdminCheck = (userId: string) => Promise<boolean>;

export function createAdminCheck(options: AdminCheckOptions): AdminCheck {
  const users = new Set(options.adminUsers);
  const cacheMs = options.cacheMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { until: number; members: Promise<Set<string>> }>();

  function members(groupId: string): Promise<Set<string>> {
    const hit = cache.get(groupId);
    if (hit && hit.until > clock()) return hit.members;
    const entry = {
      until: clock() + cacheMs,
      members: options.groupMembers(groupId).then(
        (ids) => new Set(ids),
        (error: unknown) => {
          cache.delete(groupId);
          options.logger.warn({ err: error, userGroup: groupId }, 'slack user group lookup failed; treating as not a member');
          return new Set<string>();
        },
      ),
    };
    cache.set(groupId, entry);
    return entry.members;
  }

  return async (userId) => {
    if (users.size === 0 && options.adminGroups.length === 0) return true;
    if (users.has(userId)) return true;
    for (const groupId of options.adminGroups) {
      if ((await members(groupId)).has(userId)) return true;
    }
    return false;
  };
}
