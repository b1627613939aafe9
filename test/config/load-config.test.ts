import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, PROJECT_ROOT } from '../../src/config/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'radar-config-'));
writeFileSync(join(dir, 'topic.yaml'), 'id: t\n');

const valid = `
topics: [{ id: beat, file: topic.yaml }]
channels: [{ id: console, adapter: console, topics: [beat] }]
feeds:
  - { id: one, url: "https://example.com/feed.xml", interval: 90s }
  - { url: "https://www.example.org/rss?x=1" }
`;

function problems(text: string): string[] {
  try {
    parseConfig(text, join(dir, 'radar.yaml'));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads a valid file with defaults, human intervals and derived feed ids', () => {
    const config = parseConfig(valid, join(dir, 'radar.yaml'));
    expect(config.feeds[0]).toMatchObject({ id: 'one', intervalMs: 90_000, name: 'example.com' });
    // Without a fixed interval (its own or poll.interval) a feed's schedule adapts to its rhythm.
    expect(config.feeds[1]).toMatchObject({ id: 'example.org-rss-x-1', intervalMs: null });
    expect(config.poll).toMatchObject({ minInterval: 120_000, maxInterval: 3_600_000, pace: 360_000, hostBudget: 6 });
    expect(config.poll.interval).toBeUndefined();
    expect(parseConfig(`${valid}poll: { interval: 15m }\n`, join(dir, 'radar.yaml')).feeds[1]).toMatchObject({ intervalMs: 900_000 });
    expect(config.poll.firstPollAlerts).toBe(3);
    expect(config.poll).toMatchObject({ lease: 300_000, batch: 1_000 });
    expect(config.alerts).toEqual({ perFeedPerPoll: 5, perChannelPerHour: 20 });
    expect(config.fetch.maxBytes).toBe(10 * 1024 * 1024);
    expect(config.topics[0]!.file).toBe(join(dir, 'topic.yaml'));
    expect(config.channels[0]).toMatchObject({ threshold: 0.5, target: 'stdout', watch: [], mute: [] });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['an unknown key', valid.replace('channels:', 'chanels: []\nchannels:'), /\(top level\): unknown key "chanels"/],
    ['a bad interval', valid.replace('90s', 'ninety'), /feeds\[0\]\.interval: expected a duration such as "90s"/],
    ['a non-http feed URL', valid.replace('https://example.com/feed.xml', 'ftp://example.com/feed'), /feeds\[0\]\.url: expected an http\(s\) URL/],
    ['an unknown topic in a channel', valid.replace('topics: [beat]', 'topics: [other]'), /channels\[0\]\.topics\[0\]: unknown topic "other"/],
    ['a threshold above 1', valid.replace('topics: [beat] }', 'topics: [beat], threshold: 2 }'), /channels\[0\]\.threshold: /],
    ['a missing topic file', valid.replace('topic.yaml', 'nope.yaml'), /topics\[0\]\.file: topic file not found/],
    ['invalid YAML', 'topics: [\n  - id: x\n', /invalid YAML at line \d+, column \d+/],
    ['an alert limit of 0', `${valid}alerts: { perFeedPerPoll: 0 }\n`, /alerts\.perFeedPerPoll: expected at least 1 alert/],
    ['a fractional alert limit', `${valid}alerts: { perChannelPerHour: 2.5 }\n`, /alerts\.perChannelPerHour: expected a whole number of alerts/],
    ['an unknown alert limit', `${valid}alerts: { perFeed: 5 }\n`, /alerts: unknown key "perFeed"/],
    ['duplicate feed ids', valid.replace('- { url:', '- { id: one, url:'), /feeds\[1\]: duplicate "one"/],
    ['a feed lease too short to renew', `${valid}poll: { lease: 10s }\n`, /poll\.lease: expected a lease of at least 30s/],
    ['a claim batch of 0', `${valid}poll: { batch: 0 }\n`, /poll\.batch: /],
    ['a minimum interval above the maximum', `${valid}poll: { minInterval: 2h }\n`, /poll\.minInterval: expected poll\.minInterval no longer than poll\.maxInterval/],
    ['a host budget of 0', `${valid}poll: { hostBudget: 0 }\n`, /poll\.hostBudget: expected more than 0 requests a minute/],
  ])('rejects %s with the key path', (_name, text, expected) => {
    expect(problems(text).join('\n')).toMatch(expected);
  });

  it('reports every problem of the file at once', () => {
    const text = valid.replace('90s', 'soon').replace('https://example.com/feed.xml', 'feed.xml');
    expect(problems(text)).toHaveLength(2);
  });

  it('checks watch and mute terms with the rest of the file, naming each bad one', () => {
    const text = valid.replace('90s', 'soon').replace('topics: [beat] }', `topics: [beat], watch: [ok, 'cart*l'], mute: ['"open'] }`);
    expect(problems(text)).toEqual([
      'feeds[0].interval: expected a duration such as "90s", "5m" or "1h", got "soon"',
      'channels[0].watch[1]: cart*l: * is allowed only once, at the end of a word (prefix*)',
      'channels[0].mute[0]: "open: unbalanced quote; write "a phrase" with a quote at both ends',
    ]);
  });
});

describe('Slack settings', () => {
  const slackChannel = valid.replace('adapter: console', 'adapter: slack, target: C0123');
  it('needs a bot token and an app token or signing secret for a Slack channel', () => {
    expect(problems(slackChannel)).toEqual(['channels[0].adapter: "slack" needs SLACK_BOT_TOKEN in the environment (see .env.example)']);
    expect(() => parseConfig(slackChannel, join(dir, 'radar.yaml'), { SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET/);
  });

  it('takes tokens from the environment and admins from the file, and lists secrets for the logger', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' };
    const config = parseConfig(`${slackChannel}slack: { adminUsers: [U0ADMIN], adminGroups: [S0EDITORS] }\n`, join(dir, 'radar.yaml'), env);
    expect(config.adapters.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9/api/', adminUsers: ['U0ADMIN'], adminGroups: ['S0EDITORS'] });
    expect(config.secrets).toEqual(['xoxb-1', 'xapp-1']);
    expect(problems(`${slackChannel}slack: { adminUsers: [bob] }\n`)).toContainEqual('slack.adminUsers[0]: expected a Slack user id such as U012ABCDEF');
  });
});

describe('loadConfig', () => {
  it('starts the clock at RADAR_NOW and runs it on; refuses a value that is not a time', () => {
    const start = Date.parse('2031-05-04T10:00:00Z');
    const config = parseConfig(valid, join(dir, 'radar.yaml'), { RADAR_NOW: '2031-05-04T10:00:00Z' });
    expect(config.clock() - start).toBeGreaterThanOrEqual(0);
    expect(config.clock() - start).toBeLessThan(60_000);
    expect(Math.abs(parseConfig(valid, join(dir, 'radar.yaml')).clock() - Date.now())).toBeLessThan(1_000);
    try {
      parseConfig(valid, join(dir, 'radar.yaml'), { RADAR_NOW: 'yesterday' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['RADAR_NOW: expected an ISO 8601 time such as 2026-11-24T12:00:00Z, got "yesterday"']);
    }
  });

  it('names the file when it is missing', () => {
    expect(() => loadConfig({ RADAR_CONFIG: join(dir, 'missing.yaml') })).toThrow(/missing\.yaml:\n\s+- file not found \(set by RADAR_CONFIG\)/);
  });

  it('lets RADAR_DB override the database path', () => {
    writeFileSync(join(dir, 'radar.yaml'), valid);
    const config = loadConfig({ RADAR_CONFIG: join(dir, 'radar.yaml'), RADAR_DB: join(dir, 'x.sqlite') });
    expect(config.database).toEqual({ kind: 'file', path: join(dir, 'x.sqlite') });
  });

  it('reads the database as sqlite:<file>, a bare path or a server URL, with DATABASE_URL first', () => {
    const file = join(dir, 'radar.yaml');
    expect(parseConfig(`database: sqlite:./data/r.sqlite\n${valid}`, file).database).toEqual({ kind: 'file', path: join(dir, 'data', 'r.sqlite') });
    expect(parseConfig(`database: data/r.sqlite\n${valid}`, file).database).toEqual({ kind: 'file', path: join(dir, 'data', 'r.sqlite') });
    const server = parseConfig(`database: postgres://radar:s3cret@db.example:5432/radar\ndatabasePool: 4\n${valid}`, file);
    expect(server.database).toEqual({ kind: 'server', url: 'postgres://radar:s3cret@db.example:5432/radar', poolSize: 4, from: 'database' });
    expect(server.secrets).toContain('s3cret');
    const env = { DATABASE_URL: 'postgresql://root@127.0.0.1/test', RADAR_DB: join(dir, 'x.sqlite') };
    expect(parseConfig(valid, file, env).database).toEqual({ kind: 'server', url: env.DATABASE_URL, poolSize: 10, from: 'DATABASE_URL' });
    expect(problems(`database: mysql://u:pw@h/db\n${valid}`)).toEqual(['database: unsupported database "mysql://u:***@h/db" (expected sqlite:<file>, a file path, or postgres://…)']);
  });

  it('loads the shipped default configuration', () => {
    const config = loadConfig({});
    expect(config.feeds.length).toBeGreaterThan(20);
    expect(new Set(config.feeds.map((f) => f.lang))).toEqual(new Set(['en', 'es']));
  });
});

describe('radar with a bad config', () => {
  const cases: Array<[string, string | null]> = [
    ['wrong key', valid.replace('feeds:', 'feedz:')],
    ['bad interval', valid.replace('90s', '5 minutes')],
    ['invalid YAML', 'feeds: [unclosed'],
    ['missing file', null],
  ];
  it.each(cases)('%s: one clear message and exit status 2', (name, text) => {
    const file = join(dir, `${name.replace(/\s/g, '-')}.yaml`);
    if (text !== null) writeFileSync(file, text);
    const run = spawnSync(process.execPath, ['bin/radar.js', 'poll', '--once', '--dry-run'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, RADAR_CONFIG: file, RADAR_DB: join(dir, 'never.sqlite') },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/Invalid configuration/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe('');
  });
});
