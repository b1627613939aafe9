/**
 * Instance ids: unique per Radar, and an earlier instance of this host that is gone is told apart
 * from one that runs (here or on another host).
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isGoneInstance, newInstanceId } from '../../src/shared/instance-id.ts';

describe('instance ids', () => {
  it('names the host and the process, and differs for each instance', () => {
    const [a, b] = [newInstanceId(), newInstanceId()];
    expect(a).toMatch(new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${process.pid}:[0-9a-f]{8}$`));
    expect(a).not.toBe(b);
  });

  it('takes for gone only an instance of this host whose process ended, or an earlier one with this pid', async () => {
    const self = newInstanceId();
    const child = spawn(process.execPath, ['-e', '']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const running = `${hostname()}:${process.ppid}:0a0b0c0d`;
    expect(isGoneInstance(`${hostname()}:${child.pid}:0a0b0c0d`, self)).toBe(false);
    await exited;
    expect(isGoneInstance(`${hostname()}:${child.pid}:0a0b0c0d`, self)).toBe(true);
    expect(isGoneInstance(running, self)).toBe(false);
    expect(isGoneInstance(self, self)).toBe(false);
    expect(isGoneInstance(`${hostname()}:${process.pid}:0a0b0c0d`, self)).toBe(true);
    expect(isGoneInstance(`elsewhere-${hostname()}:${child.pid}:0a0b0c0d`, self)).toBe(false);
    expect(isGoneInstance('one', self)).toBe(false);
  });
});
