import { pino, type DestinationStream, type Logger } from 'pino';
import { stripControls } from './safe-text.ts';

export type { Logger };

/** Keys whose values never reach a log line. */
const REDACT = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'config.adapters',
];

/**
 * Pino logger: pretty when stderr is a terminal, JSON otherwise. Logs go to stderr so that
 * stdout stays for the console adapter and for machine-readable CLI output. `destination` is a
 * file descriptor (stderr by default) or a stream of JSON lines.
 */
export function createLogger(options: { level?: string; pretty?: boolean; secrets?: ReadonlyArray<string | undefined>; destination?: number | DestinationStream } = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY === true;
  // Secret values (tokens, signing secrets) are masked wherever they appear, error messages included.
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: serializeError },
    hooks: { streamWrite: (line: string) => maskUrlTokens(secrets.length ? maskSecrets(line, secrets) : line) },
  };
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  const destination = options.destination ?? 2;
  return pino(base, typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination);
}

/** Replaces every occurrence of each secret (and its JSON-escaped form) with "[redacted]". */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join('[redacted]');
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join('[redacted]');
  }
  return out;
}

/**
 * Short-lived credentials that platforms put in URL paths, which error objects carry along: Discord
 * interaction tokens (`/webhooks/<app>/<token>`, `/interactions/<id>/<token>`) and Slack's
 * `response_url` (`/commands/<team>/<id>/<token>`). Each lets its holder post as Radar for a while.
 */
const URL_TOKENS = /(\/(?:webhooks|interactions)\/\d+\/)[\w.-]{16,}|(\/commands\/[\w-]+\/\d+\/)[\w-]{16,}/g;

export function maskUrlTokens(text: string): string {
  return text.replace(URL_TOKENS, (_match, discord: string | undefined, slack: string | undefined) => `${discord ?? slack}[redacted]`);
}

/**
 * pino's error serializer (class as `type`, message and stack with their causes, own fields), with
 * escape sequences and control characters taken out of the message and stack: errors quote what
 * servers send (a reason phrase, a piece of a body), and pretty logs go to a terminal.
 */
function serializeError(error: Error): ReturnType<typeof pino.stdSerializers.err> {
  const out = pino.stdSerializers.err(error);
  if (typeof out?.message === 'string') out.message = stripControls(out.message);
  if (typeof out?.stack === 'string') out.stack = stripControls(out.stack);
  return out;
}

/** A logger that drops everything, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
