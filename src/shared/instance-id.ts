/**
 * Who an instance is when several share one database: `host:pid:random` (two Radars in one process,
 * or a restart that reuses a pid, are told apart). It names the instance's feed claims and channel
 * leases. An instance started on a host can tell that an earlier one there is gone (killed, or a
 * restarted container that got the same pid), so that its claims need not wait for their leases.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Whether `owner` is an instance of this host whose process is gone: its pid no longer runs, or is
 * this process's own under another id (one Radar per process). Another host's instances, and ids of
 * another form, are never taken for gone: their leases run out instead.
 */
export function isGoneInstance(owner: string, self: string): boolean {
  const match = /^(.+):(\d+):[0-9a-f]+$/.exec(owner);
  if (!match || owner === self || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the pid runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
