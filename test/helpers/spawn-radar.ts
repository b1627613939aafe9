/** Runs the `radar` binary as a user does (a child process), collecting its status and output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/config/index.ts';

export interface RadarRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function spawnRadar(args: string[], env: Record<string, string> = {}): Promise<RadarRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/radar.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A `radar` process left running (`radar run`): its output so far, and a way to signal it and see it exit. */
export interface RunningRadar {
  readonly child: ChildProcess;
  stderr(): string;
  /** Sends `signal` and resolves with the exit status (null when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

export function startRadar(args: string[], env: Record<string, string> = {}): RunningRadar {
  const child = spawn(process.execPath, ['bin/radar.js', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
  return {
    child,
    stderr: () => stderr,
    stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
