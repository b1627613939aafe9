/**
 * Bolt's logger interface on top of Radar's pino logger, so Bolt, the Web API client and the
 * Socket Mode client log through the same JSON lines (and the same redaction) as the rest of Radar.
 * The level is pino's; Bolt's `setLevel` is ignored. While `quiet()` holds (a start that reports
 * its own failure), Bolt's warnings and errors are logged at debug.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../shared/logger.ts';

function toText(parts: unknown[]): { err?: Error; msg: string } {
  const err = parts.find((p): p is Error => p instanceof Error);
  const msg = parts
    .filter((p) => p !== err)
    .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : safeJson(p)))
    .join(' ');
  return { err, msg: msg || err?.message || '' };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function boltLogger(logger: Logger, quiet: () => boolean = () => false): BoltLogger {
  const log = logger.child({ component: 'slack-bolt' });
  const write = (wanted: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    const level = quiet() && (wanted === 'warn' || wanted === 'error') ? 'debug' : wanted;
    if (!log.isLevelEnabled(level)) return;
    const { err, msg } = toText(parts);
    if (err) log[level]({ err }, msg);
    else log[level](msg);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel() {},
    setName() {},
    getLevel() {
      const level = log.levelVal;
      if (level <= 20) return LogLevel.DEBUG;
      if (level <= 30) return LogLevel.INFO;
      if (level <= 40) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
  };
}
