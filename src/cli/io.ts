/**
 * What every `radar` subcommand gets: its streams, working directory and environment, and the
 * error for a bad command-line argument.
 */
import type { Writable } from 'node:stream';
import type { Env } from '../config/index.ts';
import { RadarError } from '../shared/errors.ts';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  /** The environment; read from the process (and .env) when absent. */
  env?: Env;
}

/** A bad command-line argument: printed with the command's name, exit status 2. */
export class UsageError extends RadarError<'cli_usage'> {
  constructor(message: string) {
    super('cli_usage', message);
  }
}
