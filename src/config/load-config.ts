/**
 * Loads Radar's configuration: the YAML file named by RADAR_CONFIG (default config/default.yaml),
 * environment overrides (`.env` is read when present), one validation that reports every problem
 * with the file and key path, and a frozen typed object passed down from there.
 * Nothing outside src/config reads process.env.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { clockStartingAt, systemClock, type Clock } from '../shared/clock.ts';
import { ConfigError } from '../shared/errors.ts';
import { feedIdFromUrl } from '../shared/feed-id.ts';
import { isLoopbackHost, parseNetwork } from '../shared/networks.ts';
import { parseSettings, readSettingsFile } from '../shared/settings-file.ts';
import { parseDatabaseTarget, targetSecret, type DatabaseTarget } from '../store/database-target.ts';
import type { AdapterName, AdapterSettings } from '../adapters/registry.ts';
import type { DigestSettings, QuietHours } from '../digest/index.ts';
import type { ArticleMode } from '../extract/mode.ts';
import { readAdapterSettings, secretValues } from './adapter-settings.ts';
import { configSchema, type ConfigFile } from './schema.ts';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CONFIG_FILE = resolve(PROJECT_ROOT, 'config/default.yaml');

export interface FeedConfig {
  id: string;
  name: string;
  url: string;
  lang: 'en' | 'es' | null;
  /** This feed's fixed interval (its own `interval`, else `poll.interval`); null: the adaptive schedule decides. */
  intervalMs: number | null;
  /** Topic ids scored for this feed's items; empty = every topic. */
  topics: string[];
  /** When an item's article page is read (src/extract). */
  article: ArticleMode;
}

export interface TopicRef {
  id: string;
  /** Absolute path of the topic file. */
  file: string;
}

export interface ChannelConfig {
  id: string;
  adapter: AdapterName;
  target: string;
  topics: string[];
  threshold: number;
  watch: string[];
  mute: string[];
  /** The channel's daily digest, or null. */
  digest: DigestSettings | null;
  /** Quiet hours (alerts below their urgent score wait for the digest), or null. */
  quiet: QuietHours | null;
}

export interface Config {
  file: string;
  /** Where the store is: a database file or a server URL (see src/store/database-target.ts). */
  database: DatabaseTarget;
  logLevel: string;
  poll: ConfigFile['poll'];
  fetch: ConfigFile['fetch'];
  stories: ConfigFile['stories'];
  alerts: ConfigFile['alerts'];
  summary: ConfigFile['summary'];
  /**
   * The instance's HTTP server, or null when off (no port set). `setting` names where the port came
   * from; `pageToken` is what a reader of the status page must show (null: none).
   */
  http: { port: number; host: string; setting: string; pageToken: string | null } | null;
  /**
   * `/metrics`: the bearer token it asks for (null: none), and the networks it answers (CIDR, e.g.
   * 10.0.0.0/8; null: any that reaches the server, see `http.host`).
   */
  metrics: { token: string | null; allowedNetworks: string[] | null };
  /**
   * WebSub, or null when off (no public URL): Radar's public base URL (callbacks are
   * `<publicUrl>/websub/<id>`), the lease asked of hubs, the safety-net poll interval of a pushed
   * feed, how long a hub may take to verify, how long a failed subscription waits.
   */
  websub: { publicUrl: string; leaseSeconds: number; safetyNetMs: number; verifyTimeoutMs: number; retryMs: number } | null;
  topics: TopicRef[];
  feeds: FeedConfig[];
  channels: ChannelConfig[];
  /** Each adapter's settings by name (src/adapters/registry.ts); null when it is not set up (no token). */
  adapters: AdapterSettings;
  /** Values of secret environment variables, masked in logs. */
  secrets: string[];
  /** Radar's clock: the system clock, or one starting at RADAR_NOW (tests and replays). */
  clock: Clock;
}

export type Env = Record<string, string | undefined>;

/** The environment with `.env` (in the working directory) merged under the real variables. */
export function readEnv(cwd = process.cwd()): Env {
  const env: Env = { ...process.env };
  const dotenvFile = resolve(cwd, '.env');
  if (existsSync(dotenvFile)) {
    const parsed = loadDotenv({ path: dotenvFile, processEnv: {}, quiet: true }).parsed ?? {};
    for (const [key, value] of Object.entries(parsed)) if (env[key] === undefined) env[key] = value;
  }
  return env;
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = readEnv(), cwd = process.cwd()): Config {
  const file = env.RADAR_CONFIG ? resolve(cwd, env.RADAR_CONFIG) : DEFAULT_CONFIG_FILE;
  return parseConfig(readSettingsFile(file, 'file', env.RADAR_CONFIG ? ' (set by RADAR_CONFIG)' : ''), file, env);
}

/** Validates config text as if read from `file` (paths resolve against the file's folder). */
export function parseConfig(text: string, file: string, env: Env = {}): Config {
  const data = parseSettings(text, file, configSchema, 'topics, feeds and channels');
  return Object.freeze(resolveConfig(data, file, env));
}

function resolveConfig(data: ConfigFile, file: string, env: Env): Config {
  const base = dirname(file);
  const problems: string[] = [];
  const topics = data.topics.map((t) => ({ id: t.id, file: isAbsolute(t.file) ? t.file : resolve(base, t.file) }));
  const topicIds = new Set(topics.map((t) => t.id));
  checkUnique(topics.map((t) => t.id), 'topics', problems);
  topics.forEach((t, i) => {
    if (!existsSync(t.file)) problems.push(`topics[${i}].file: topic file not found: ${t.file}`);
  });

  const feeds = data.feeds.map((f, i): FeedConfig => {
    for (const [j, t] of (f.topics ?? []).entries()) if (!topicIds.has(t)) problems.push(`feeds[${i}].topics[${j}]: unknown topic "${t}"`);
    return {
      id: f.id ?? feedIdFromUrl(f.url),
      name: f.name ?? new URL(f.url).hostname.replace(/^www\./, ''),
      url: f.url,
      lang: f.lang ?? null,
      intervalMs: f.interval ?? data.poll.interval ?? null,
      topics: f.topics ?? [],
      article: f.article ?? 'auto',
    };
  });
  checkUnique(feeds.map((f) => f.id), 'feeds', problems);
  checkUnique(feeds.map((f) => f.url), 'feeds (url)', problems);

  const channels = data.channels.map((c, i): ChannelConfig => {
    for (const [j, t] of c.topics.entries()) if (!topicIds.has(t)) problems.push(`channels[${i}].topics[${j}]: unknown topic "${t}"`);
    const { digest, quiet, ...rest } = c;
    return { ...rest, digest: digestSetting(digest), quiet: quietSetting(quiet, digest, `channels[${i}]`, problems) };
  });
  checkUnique(channels.map((c) => c.id), 'channels', problems);

  const adapters = readAdapterSettings(data, env, channels, problems);

  const clock = clockSetting(env, problems);
  const http = httpSetting(data, env, problems);
  const metrics = metricsSetting(data, env, problems);
  checkExposure(http, metrics, env, problems);
  const websub = websubSetting(data, env, http, problems);
  const database = databaseSetting(data, env, base, problems);
  if (problems.length) throw new ConfigError(file, problems);
  return {
    file,
    database: database!,
    logLevel: env.LOG_LEVEL ?? 'info',
    poll: data.poll,
    fetch: data.fetch,
    stories: data.stories,
    alerts: data.alerts,
    summary: data.summary,
    http,
    metrics,
    websub,
    topics,
    feeds,
    channels,
    adapters,
    secrets: [...secretValues(env), ...[targetSecret(database!), metrics.token, http?.pageToken ?? null].filter((v): v is string => v !== null)],
    clock,
  };
}

/**
 * RADAR_NOW (an ISO 8601 time) starts Radar's clock at that moment instead of the system time; it
 * then runs at the real pace. For tests and replays of a past day; never set it in production.
 */
/** DATABASE_URL, else RADAR_DB (a file path), else the file's `database` (relative to the file). */
function databaseSetting(data: ConfigFile, env: Env, base: string, problems: string[]): DatabaseTarget | null {
  const [value, source] = env.DATABASE_URL
    ? [env.DATABASE_URL, { name: 'DATABASE_URL', base: process.cwd() }]
    : env.RADAR_DB
      ? [env.RADAR_DB, { name: 'RADAR_DB', base: process.cwd() }]
      : [data.database, { name: 'database', base }];
  try {
    return parseDatabaseTarget(value, source, data.databasePool);
  } catch (error) {
    problems.push((error as Error).message);
    return null;
  }
}

function clockSetting(env: Env, problems: string[]): Clock {
  const value = env.RADAR_NOW?.trim();
  if (!value) return systemClock;
  const start = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(start)) {
    problems.push(`RADAR_NOW: expected an ISO 8601 time such as 2026-11-24T12:00:00Z, got "${value}"`);
    return systemClock;
  }
  return clockStartingAt(start);
}

/** `metrics: { token, allowedNetworks }`, RADAR_METRICS_TOKEN and RADAR_METRICS_ALLOWED_NETWORKS overriding. */
function metricsSetting(data: ConfigFile, env: Env, problems: string[]): Config['metrics'] {
  let token = data.metrics.token ?? null;
  const tokenFromEnv = env.RADAR_METRICS_TOKEN?.trim();
  if (tokenFromEnv) {
    if (tokenFromEnv.length < 16) problems.push('RADAR_METRICS_TOKEN: expected a token of at least 16 characters');
    token = tokenFromEnv;
  }
  const networksFromEnv = env.RADAR_METRICS_ALLOWED_NETWORKS?.trim();
  const [networks, place] = networksFromEnv
    ? [networksFromEnv.split(',').map((n) => n.trim()), (i: number) => `RADAR_METRICS_ALLOWED_NETWORKS (entry ${i + 1})`]
    : [data.metrics.allowedNetworks ?? null, (i: number) => `metrics.allowedNetworks[${i}]`];
  for (const [i, network] of (networks ?? []).entries()) {
    if (!parseNetwork(network)) problems.push(`${place(i)}: expected an IP address or a network such as 10.0.0.0/8, got "${network}"`);
  }
  return { token, allowedNetworks: networks };
}

/** `http: { port, host, pageToken }`, RADAR_HTTP_PORT, RADAR_HTTP_HOST and RADAR_PAGE_TOKEN overriding; null without a port. */
function httpSetting(data: ConfigFile, env: Env, problems: string[]): Config['http'] {
  const host = env.RADAR_HTTP_HOST?.trim() || data.http.host;
  let pageToken = data.http.pageToken ?? null;
  const pageTokenFromEnv = env.RADAR_PAGE_TOKEN?.trim();
  if (pageTokenFromEnv) {
    if (pageTokenFromEnv.length < 16) problems.push('RADAR_PAGE_TOKEN: expected a token of at least 16 characters');
    pageToken = pageTokenFromEnv;
  }
  const fromEnv = env.RADAR_HTTP_PORT?.trim();
  if (fromEnv) {
    const port = /^\d{1,5}$/.test(fromEnv) ? Number(fromEnv) : Number.NaN;
    if (!(port >= 0 && port <= 65535)) {
      problems.push(`RADAR_HTTP_PORT: expected a port from 0 to 65535, got "${fromEnv}"`);
      return null;
    }
    return { port, host, setting: 'RADAR_HTTP_PORT', pageToken };
  }
  return data.http.port === undefined ? null : { port: data.http.port, host, setting: 'http.port', pageToken };
}

function digestSetting(digest: ConfigFile['channels'][number]['digest']): DigestSettings | null {
  return digest ? { at: digest.at, timezone: digest.timezone, windowMs: digest.window.ms, window: digest.window.label } : null;
}

/** Quiet hours hold alerts for the next digest: a channel needs a digest to have them. */
function quietSetting(quiet: ConfigFile['channels'][number]['quiet'], digest: ConfigFile['channels'][number]['digest'], place: string, problems: string[]): QuietHours | null {
  if (!quiet) return null;
  if (!digest) {
    problems.push(`${place}.quiet: quiet hours hold alerts for the channel's next digest, and it has none: set ${place}.digest (e.g. { at: "08:00", timezone: "America/Mexico_City" })`);
    return null;
  }
  return { from: quiet.hours.from, to: quiet.hours.to, urgentScore: quiet.urgentScore, timezone: quiet.timezone ?? digest.timezone };
}

/** `websub: { publicUrl, … }`, RADAR_PUBLIC_URL overriding; null without a public URL. It needs the HTTP server. */
function websubSetting(data: ConfigFile, env: Env, http: Config['http'], problems: string[]): Config['websub'] {
  const fromEnv = env.RADAR_PUBLIC_URL?.trim();
  const setting = fromEnv ? 'RADAR_PUBLIC_URL' : 'websub.publicUrl';
  const value = fromEnv || data.websub.publicUrl;
  if (!value) return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    problems.push(`${setting}: expected an http(s) URL without query, fragment or credentials, such as https://radar.example.org, got "${value}"`);
    return null;
  }
  if (!http) {
    problems.push(`${setting}: WebSub callbacks are served by Radar's HTTP server, which is off: set http.port (or RADAR_HTTP_PORT)`);
    return null;
  }
  const { lease, safetyNet, verifyTimeout, retry } = data.websub;
  return { publicUrl: url.href.replace(/\/+$/, ''), leaseSeconds: Math.round(lease / 1000), safetyNetMs: safetyNet, verifyTimeoutMs: verifyTimeout, retryMs: retry };
}

function checkUnique(values: string[], key: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    if (seen.has(v)) problems.push(`${key}[${i}]: duplicate "${v}"`);
    seen.add(v);
  }
}

/**
 * A server bound beyond loopback (0.0.0.0, a LAN address, a name) must guard /metrics: a token or
 * allowed networks. Without either Radar does not start, naming the host setting and what to set.
 */
function checkExposure(http: Config['http'], metrics: Config['metrics'], env: Env, problems: string[]): void {
  if (!http || isLoopbackHost(http.host) || metrics.token !== null || metrics.allowedNetworks !== null) return;
  const setting = env.RADAR_HTTP_HOST?.trim() ? 'RADAR_HTTP_HOST' : 'http.host';
  problems.push(`${setting}: "${http.host}" reaches beyond this machine and /metrics would answer anyone: set RADAR_METRICS_TOKEN (or metrics.token) or metrics.allowedNetworks (or RADAR_METRICS_ALLOWED_NETWORKS), or bind to 127.0.0.1`);
}
