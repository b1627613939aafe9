/**
 * Nothing lost: the real `radar run` as a child process, against a local feed server and a local
 * Slack stand-in, killed with SIGKILL during a fetch, after storing (while Slack fails), and while a
 * post is in flight; restarted each time. Every alert arrives; only the post that was in flight when
 * the process died may arrive twice (the documented window). SIGTERM stops it cleanly with status 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/index.ts';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../helpers/feed-server.ts';
import { testConfigYaml } from '../helpers/radar.ts';
import { startSlackStandIn, waitFor, type SlackStandIn } from '../helpers/slack-stand-in.ts';

const HEADLINES: Record<string, string[]> = {
  a: ['Sheinbaum rejects any US military strike against cartels on Mexican soil'],
  b: ['Mexico extradites 26 cartel figures to the United States', 'Marina seizes fentanyl lab of the Sinaloa Cartel in Culiacán'],
  c: ['US designates six Mexican cartels as foreign terrorist organizations', 'Harfuch says homicides fell in Sinaloa as cartel war continues'],
};

describe('kill -9 and restart', () => {
  let server: FeedServer;
  let slack: SlackStandIn;
  let dir: string;
  let configFile: string;
  let child: ChildProcess | null = null;
  let stderr = '';
  const published: Record<string, FeedEntrySpec[]> = { a: [], b: [], c: [] };
  let holdFeedA = true;
  let releaseA: (() => void) | null = null;

  function publish(feed: string, index: number) {
    const title = HEADLINES[feed]![index]!;
    published[feed]!.unshift({ title, link: `https://${feed}.example/${index}`, description: `${title}, officials said.`, pubDate: new Date() });
    server.serve(`/${feed}.xml`, rssFeed({ title: feed, items: published[feed]! }), { etag: `"${feed}-${published[feed]!.length}"` });
  }

  function start(): ChildProcess {
    const proc = spawn(process.execPath, ['bin/radar.js', 'run'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env, RADAR_CONFIG: configFile, LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: 'xoxb-kill-test-0001', SLACK_APP_TOKEN: 'xapp-kill-test-0001', SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr!.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child = proc;
    return proc;
  }
  async function kill(proc: ChildProcess) {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }
  const posts = (title: string) => slack.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.body).includes(title)).length;

  beforeAll(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'radar-kill-'));
    publish('a', 0);
    publish('b', 0);
    publish('c', 0);
    // Feed a answers only when released: the first process dies while fetching it.
    const body = rssFeed({ title: 'a', items: published.a! });
    server.route('/a.xml', (_req, res) => {
      if (!holdFeedA) return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
      return new Promise<void>((resolve) => { releaseA = resolve; }).then(() => void res.writeHead(200).end(body)).catch(() => undefined);
    });
    const feeds = ['a', 'b', 'c'].map((id) => ({ id, name: `Outlet ${id.toUpperCase()}`, url: server.url(`/${id}.xml`), lang: 'en' as const }));
    configFile = join(dir, 'radar.yaml');
    writeFileSync(configFile, testConfigYaml(dir, feeds, 'poll: { tick: "* * * * * *", interval: 2s, jitter: 0, shutdownGrace: 3s }',
      '  - { id: newsroom, adapter: slack, target: C0NEWS, topics: [cartel-sovereignty] }').replace(/^poll: .*$/m, ''));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) await kill(child);
    releaseA?.();
    await slack.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** waitFor that says which step timed out, with what Radar logged. */
  async function until(step: string, check: () => boolean) {
    try {
      await waitFor(() => check(), 15_000);
    } catch {
      const sent = slack.callsTo('chat.postMessage').map((c) => String((c.body as { text?: string }).text).slice(0, 60));
      throw new Error(`${step}: timed out\nposts: ${JSON.stringify(sent, null, 1)}\nlog tail:\n${stderr.split('\n').slice(-15).join('\n')}`);
    }
  }

  it('delivers every alert across kills at three points of a cycle', async () => {
    // 1. Killed during a fetch: b and c may be delivered already, a is not even stored.
    let proc = start();
    await until('fetch of a', () => server.requests('/a.xml').length > 0);
    await kill(proc);
    holdFeedA = false;
    releaseA?.();

    // 2. Restarted: a is fetched again; everything so far arrives once.
    proc = start();
    await until('first alerts', () => ['a', 'b', 'c'].every((f) => posts(HEADLINES[f]![0]!) >= 1));

    // 3. Killed after storing while Slack fails: the alert waits in the outbox.
    slack.failNext('chat.postMessage', { status: 503, body: { ok: false, error: 'service_unavailable' } });
    publish('b', 1);
    await until('b2 refused by Slack', () => posts(HEADLINES.b![1]!) === 1);
    await kill(proc);

    // 4. Restarted, then killed while a post is in flight (Slack got it; Radar never heard back).
    proc = start();
    await until('b2 delivered after restart', () => posts(HEADLINES.b![1]!) === 2); // the stored alert
    const hold = slack.holdNext('chat.postMessage');
    publish('c', 1);
    await hold.arrived;
    expect(posts(HEADLINES.c![1]!)).toBe(1);
    await kill(proc);
    hold.release();

    // 5. Restarted: the in-flight alert is posted again (the documented duplicate window); then SIGTERM.
    proc = start();
    await until('c2 posted again', () => posts(HEADLINES.c![1]!) === 2);
    const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');

    // Every alert arrived; none twice except the one in flight at the kill.
    expect(posts(HEADLINES.a![0]!)).toBe(1);
    expect(posts(HEADLINES.b![0]!)).toBe(1);
    expect(posts(HEADLINES.c![0]!)).toBe(1);
    expect(posts(HEADLINES.b![1]!)).toBe(2); // one 503, one delivered
    expect(posts(HEADLINES.c![1]!)).toBe(2); // in flight at the kill, posted again
    expect(stderr).not.toContain('xoxb-kill-test-0001');
    expect(stderr).not.toContain('xapp-kill-test-0001');
  }, 90_000);
});
