/**
 * Helpers for adapter definitions that read environment variables: every problem names the
 * variable, or the channel that needs it, as the configuration's other problems do.
 */
import type { Env } from './definition.ts';

/** A variable's trimmed value, or undefined when it is unset or blank. */
export function variable(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/** A port number from a variable, `fallback` when unset. */
export function portVariable(env: Env, name: string, fallback: number, problems: string[]): number {
  const port = Number(env[name] ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`${name}: expected a port number, got "${env[name]}"`);
  return port;
}

/** The problem of a channel that uses an adapter whose required variable is not set. */
export function needsVariable(usedBy: string | null, adapter: string, name: string, problems: string[]): void {
  if (usedBy !== null) problems.push(`${usedBy}.adapter: "${adapter}" needs ${name} in the environment (see .env.example)`);
}
