/**
 * Builds a real Radar (SQLite file, real fetcher, console adapter into a buffer) from a small YAML
 * config for end-to-end tests. The caller owns `stop()`; `cleanup()` removes the temporary directory.
 * `useTestRadars()` does both after each test, with a fresh feed server for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import { createRadar, type Radar, type RadarOptions } from '../../src/app.ts';
import { parseConfig, PROJECT_ROOT, type Config, type Env } from '../../src/config/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { startFeedServer, type FeedServer } from './feed-server.ts';

export interface TestRadar {
  radar: Radar;
  config: Config;
  /** Everything the console adapter printed so far. */
  output(): string;
  dir: string;
  cleanup(): void;
}

export interface TestFeed {
  id: string;
  name: string;
  url: string;
  lang?: 'en' | 'es';
  /** Default `never`: test feeds link to hosts that do not exist, and tests use no network. */
  article?: 'auto' | 'always' | 'never';
}

export const TEST_POLL_YAML = 'interval: 5m, jitter: 0, firstPollAlerts: 3';

export function testConfigYaml(dir: string, feeds: TestFeed[], extra = '', channels = '  - { id: newsroom, adapter: console, target: stdout, topics: [cartel-sovereignty] }', poll = TEST_POLL_YAML): string {
  return `
database: ${JSON.stringify(join(dir, 'radar.sqlite'))}
poll: { ${poll} }
topics:
  - id: cartel-sovereignty
    file: ${JSON.stringify(resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml'))}
channels:
${channels}
feeds:
${feeds.map((f) => `  - { id: ${f.id}, name: ${JSON.stringify(f.name)}, url: ${JSON.stringify(f.url)}${f.lang ? `, lang: ${f.lang}` : ''}, article: ${f.article ?? 'never'} }`).join('\n')}
${extra}`;
}

export interface TestRadarOptions extends Partial<RadarOptions> {
  extraYaml?: string;
  /** YAML list items under `channels:` (default: one console channel "newsroom"). */
  channelsYaml?: string;
  /** The inside of `poll: { … }` (default TEST_POLL_YAML). */
  pollYaml?: string;
  dir?: string;
  env?: Env;
  /**
   * Whether Radar reads article pages (`fetch.articlesPerCycle` as configured). Off by default, also
   * for feeds added from chat: test feeds link to hosts that do not exist, and tests use no network.
   */
  articles?: boolean;
}

export async function startTestRadar(feeds: TestFeed[], options: TestRadarOptions = {}): Promise<TestRadar> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'radar-e2e-'));
  const parsed = parseConfig(testConfigYaml(dir, feeds, options.extraYaml, options.channelsYaml, options.pollYaml), join(dir, 'radar.yaml'), options.env ?? {});
  const config = options.articles ? parsed : { ...parsed, fetch: { ...parsed.fetch, articlesPerCycle: 0 } };
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
  const radar = await createRadar(config, { logger: silentLogger(), consoleOut: out, ...options });
  return { radar, config, dir, output: () => text, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestRadars {
  /** This test's feed server on 127.0.0.1. */
  readonly server: FeedServer;
  /** Starts a Radar (see startTestRadar) that is stopped and removed after the test. */
  start(feeds: TestFeed[], options?: TestRadarOptions): Promise<TestRadar>;
}

/**
 * The harness of pipeline tests, for one describe block: a fresh feed server before each test;
 * after it, every Radar the test started is stopped (once, also when the test stopped it itself),
 * its directory removed, and the server closed.
 */
export function useTestRadars(): TestRadars {
  let server: FeedServer | null = null;
  const started: TestRadar[] = [];
  beforeEach(async () => {
    server = await startFeedServer();
  });
  afterEach(async () => {
    for (const test of started.splice(0)) {
      await test.radar.stop();
      test.cleanup();
    }
    await server?.close();
    server = null;
  });
  return {
    get server() {
      if (!server) throw new Error('the feed server runs only inside a test');
      return server;
    },
    async start(feeds, options) {
      const test = await startTestRadar(feeds, options);
      started.push(test);
      return test;
    },
  };
}

/** Stops a test's Radar (when one was started) and removes its files, then closes the servers it talked to, in order. */
export async function stopTestRadar(test: TestRadar | null | undefined, ...servers: Array<{ close(): Promise<unknown> } | null | undefined>): Promise<void> {
  await test?.radar.stop();
  test?.cleanup();
  for (const server of servers) await server?.close();
}
