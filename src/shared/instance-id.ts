/**
 * Who an instance is when several share one database: the host, the process and a random part (two
 * Radars in one process, or a restart that reuses a pid, are told apart). It names the instance's
 * feed claims and channel leases.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
