/**
 * Loads Radar's configuration: the YAML file named by RADAR_CONFIG (default config/default.yaml),
 * environment overrides (`.env` is read when present), one validation that reports every problem
 * with the file and key path, and a frozen typed object passed down from there.
 * Nothing outside src/config reads process.env.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { config as loadDotenv } from 'dotenv';
import type { z } from 'zod';
import { clockStartingAt, systemClock, type Clock } from '../shared/clock.ts';
import { ConfigError } from '../shared/errors.ts';
import { configSchema, SNOWFLAKE, type ConfigFile } from './schema.ts';

/** The project root (where package.json lives). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CONFIG_FILE = resolve(PROJECT_ROOT, 'config/default.yaml');

export interface FeedConfig {
  id: string;
  name: string;
  url: string;
  lang: 'en' | 'es' | null;
  intervalMs: number;
  /** Topic ids scored for this feed's items; empty = every topic. */
  topics: string[];
}

export interface TopicRef {
  id: string;
  /** Absolute path of the topic file. */
  file: string;
}

export interface ChannelConfig {
  id: string;
  adapter: 'console' | 'slack' | 'discord';
  target: string;
  topics: string[];
  threshold: number;
  watch: string[];
  mute: string[];
}

/** Slack connection settings: tokens from the environment, admins from the config file. */
export interface SlackSettings {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** HTTP receiver port (PORT), when there is no app token. */
  port: number;
  /** SLACK_API_URL: the Web API base, for a local stand-in of Slack. */
  apiUrl?: string;
  adminUsers: string[];
  adminGroups: string[];
}

/** Discord connection settings: the token from the environment, admin roles from the config file. */
export interface DiscordSettings {
  token: string;
  /** DISCORD_APPLICATION_ID: needed by `radar discord register`; the gateway reports it too. */
  applicationId?: string;
  /** DISCORD_API_URL: the REST base without the version, for a local stand-in of Discord. */
  apiUrl?: string;
  /** DISCORD_PUBLIC_KEY: serves the signed HTTP interactions endpoint besides the gateway. */
  publicKey?: string;
  /** DISCORD_PORT: port of that endpoint. Default 3001. */
  port: number;
  adminRoles: string[];
}

export interface Config {
  file: string;
  databasePath: string;
  logLevel: string;
  poll: ConfigFile['poll'];
  fetch: ConfigFile['fetch'];
  stories: ConfigFile['stories'];
  alerts: ConfigFile['alerts'];
  summary: ConfigFile['summary'];
  topics: TopicRef[];
  feeds: FeedConfig[];
  channels: ChannelConfig[];
  /** Null when SLACK_BOT_TOKEN is not set. */
  slack: SlackSettings | null;
  /** Null when DISCORD_TOKEN is not set. */
  discord: DiscordSettings | null;
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(file, [`${reason}${env.RADAR_CONFIG ? ' (set by RADAR_CONFIG)' : ''}`]);
  }
  return parseConfig(text, file, env);
}

/** Validates config text as if read from `file` (paths resolve against the file's folder). */
export function parseConfig(text: string, file: string, env: Env = {}): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(file, [`invalid YAML${where}: ${message}`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, ['expected a YAML mapping with topics, feeds and channels']);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, result.error.issues.map(describeIssue));
  return Object.freeze(resolveConfig(result.data, file, env));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? formatPath(issue.path) : '(top level)';
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${path}: required (expected ${issue.expected})`;
  return `${path}: ${issue.message}`;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
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
      intervalMs: f.interval ?? data.poll.interval,
      topics: f.topics ?? [],
    };
  });
  checkUnique(feeds.map((f) => f.id), 'feeds', problems);
  checkUnique(feeds.map((f) => f.url), 'feeds (url)', problems);

  const channels = data.channels.map((c, i): ChannelConfig => {
    for (const [j, t] of c.topics.entries()) if (!topicIds.has(t)) problems.push(`channels[${i}].topics[${j}]: unknown topic "${t}"`);
    return { ...c };
  });
  checkUnique(channels.map((c) => c.id), 'channels', problems);

  const slack = slackSettings(data, env, channels, problems);
  const discord = discordSettings(data, env, channels, problems);

  const clock = clockSetting(env, problems);
  if (problems.length) throw new ConfigError(file, problems);
  const databasePath = env.RADAR_DB ?? data.database;
  return {
    file,
    databasePath: databasePath === ':memory:' || isAbsolute(databasePath) ? databasePath : resolve(env.RADAR_DB ? process.cwd() : base, databasePath),
    logLevel: env.LOG_LEVEL ?? 'info',
    poll: data.poll,
    fetch: data.fetch,
    stories: data.stories,
    alerts: data.alerts,
    summary: data.summary,
    topics,
    feeds,
    channels,
    slack,
    discord,
    secrets: SECRET_VARIABLES.map((name) => env[name]).filter((v): v is string => Boolean(v)),
    clock,
  };
}

/**
 * RADAR_NOW (an ISO 8601 time) starts Radar's clock at that moment instead of the system time; it
 * then runs at the real pace. For tests and replays of a past day; never set it in production.
 */
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

/** Environment variables whose values never reach a log line. */
const SECRET_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY'];

function slackSettings(data: ConfigFile, env: Env, channels: ChannelConfig[], problems: string[]): SlackSettings | null {
  const used = channels.findIndex((c) => c.adapter === 'slack');
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) {
    if (used >= 0) problems.push(`channels[${used}].adapter: "slack" needs SLACK_BOT_TOKEN in the environment (see .env.example)`);
    return null;
  }
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  if (!appToken && !signingSecret) {
    problems.push('SLACK_BOT_TOKEN is set, but Slack also needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP receiver)');
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`PORT: expected a port number, got "${env.PORT}"`);
  return {
    botToken, appToken, signingSecret, port,
    apiUrl: env.SLACK_API_URL?.trim() || undefined,
    adminUsers: data.slack.adminUsers,
    adminGroups: data.slack.adminGroups,
  };
}

function discordSettings(data: ConfigFile, env: Env, channels: ChannelConfig[], problems: string[]): DiscordSettings | null {
  channels.forEach((c, i) => {
    if (c.adapter === 'discord' && !SNOWFLAKE.test(c.target)) {
      problems.push(`channels[${i}].target: expected a Discord channel id (a snowflake such as 1234567890123456789; Developer Mode → Copy Channel ID), got "${c.target}"`);
    }
  });
  const used = channels.findIndex((c) => c.adapter === 'discord');
  const token = env.DISCORD_TOKEN?.trim();
  if (!token) {
    if (used >= 0) problems.push(`channels[${used}].adapter: "discord" needs DISCORD_TOKEN in the environment (see .env.example)`);
    return null;
  }
  const applicationId = env.DISCORD_APPLICATION_ID?.trim() || undefined;
  if (applicationId && !SNOWFLAKE.test(applicationId)) problems.push(`DISCORD_APPLICATION_ID: expected the application id (a snowflake) from the Developer Portal, got "${applicationId}"`);
  const apiUrl = env.DISCORD_API_URL?.trim() || undefined;
  if (apiUrl && !/^https?:\/\/\S+$/.test(apiUrl)) problems.push(`DISCORD_API_URL: expected an http(s) URL such as https://discord.com/api, got "${apiUrl}"`);
  const publicKey = env.DISCORD_PUBLIC_KEY?.trim() || undefined;
  if (publicKey && !/^[0-9a-f]{64}$/i.test(publicKey)) problems.push('DISCORD_PUBLIC_KEY: expected 64 hex characters (Developer Portal → General Information → Public Key)');
  const port = Number(env.DISCORD_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`DISCORD_PORT: expected a port number, got "${env.DISCORD_PORT}"`);
  return { token, applicationId, apiUrl, publicKey, port, adminRoles: data.discord.adminRoles };
}

function checkUnique(values: string[], key: string, problems: string[]): void {
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    if (seen.has(v)) problems.push(`${key}[${i}]: duplicate "${v}"`);
    seen.add(v);
  }
}

/** A readable id for a feed without one: host and path, e.g. "insightcrime.org-feed". */
export function feedIdFromUrl(url: string): string {
  const u = new URL(url);
  const text = `${u.hostname.replace(/^www\./, '')}${u.pathname}${u.search}`.toLowerCase();
  return text.replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'feed';
}
