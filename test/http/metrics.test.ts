/**
 * `/metrics` on a running instance: a Radar with its HTTP server on an ephemeral port polls feeds
 * and article pages served on 127.0.0.1, and its scrape (parsed from the text exposition) shows the
 * counters moving with each poll, the store's state read at scrape time, no feed URL or item text in
 * a label value, and a missing or wrong token refused with 401 and counted.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';
import { rssFeed } from '../helpers/feed-server.ts';
import { testConfigYaml, useTestRadars, type TestRadar } from '../helpers/radar.ts';
import { recordingAdapter } from '../helpers/recording-adapter.ts';

const TOKEN = 'scrape-token-4f9c2a7e1b';
const MINUTE = 60_000;
/** Polls only when started and when asked: the test moves the clock past the feeds' interval. */
const POLL = 'interval: 5m, jitter: 0, firstPollAlerts: 3, tick: "0 0 0 1 1 *"';

const EXTRADITION = 'Sinaloa Cartel leader extradited to the United States on fentanyl trafficking charges';
const STRIKES = 'Sheinbaum rejects any US military strike against cartels on Mexican soil';
const GULF = 'Gulf Cartel boss extradited from Tamaulipas to Texas on cocaine charges';

function articlePage(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>
<nav><a href="/">Home</a></nav><main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main>
<footer>© Wire</footer></body></html>`;
}

const SECTION_FRONT = `<!doctype html><html><head><title>World</title></head><body><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/s/${i}">Story ${i}</a></li>`).join('')}</ul></body></html>`;

interface Sample { name: string; labels: Record<string, string>; value: number }
interface Scrape { types: Map<string, string>; samples: Sample[] }

/** Parses the Prometheus text exposition format (the subset prom-client writes). */
function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { types, samples };
}

/** The value of one sample (labels must all match); 0 when it is not there. */
function value(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const found = scrape.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics', () => {
  const radars = useTestRadars();

  async function scrape(test: TestRadar, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Scrape> {
    const response = await fetch(`${test.radar.httpUrl()}/metrics`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await response.text());
  }

  /** Scrapes until `ready` holds (the first poll runs as the instance starts). */
  async function scrapeUntil(test: TestRadar, ready: (s: Scrape) => boolean): Promise<Scrape> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const s = await scrape(test);
      if (ready(s)) return s;
      if (Date.now() > deadline) throw new Error('the scrape never showed what the test waited for');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('lists Radar\'s metrics with values that move as feeds are polled, and keeps URLs and item text out of labels', { timeout: 30_000 }, async () => {
    const { server } = radars;
    const html = (path: string, body: string) => server.serve(path, body, { 'content-type': 'text/html; charset=utf-8' });
    html('/world/extradition', articlePage(EXTRADITION, [
      'A leader of the Sinaloa Cartel was extradited to the United States on Tuesday to face fentanyl trafficking charges in a federal court in New York, officials said.',
      'He is accused of running laboratories that produced tonnes of synthetic drugs bound for American cities, prosecutors said in a statement.',
    ]));
    html('/world/strikes', SECTION_FRONT);
    html('/world/gulf', articlePage(GULF, [
      'A leader of the Gulf Cartel was flown from Tamaulipas to Texas on Wednesday to face cocaine trafficking charges, the attorney general\'s office said.',
      'He was arrested in Reynosa last year and had fought his extradition in Mexican courts for months, according to court records.',
    ]));
    const base = Date.now();
    let now = base;
    const items = [
      { title: EXTRADITION, link: server.url('/world/extradition'), guid: 'extradition', pubDate: new Date(base - 20 * MINUTE) },
      { title: STRIKES, link: server.url('/world/strikes'), guid: 'strikes', pubDate: new Date(base - 10 * MINUTE) },
    ];
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items }));
    const test = await radars.start([
      { id: 'wire', name: 'Wire', url: server.url('/wire.xml'), article: 'always' },
      { id: 'gone', name: 'Gone', url: server.url('/gone.xml') },
    ], { clock: () => now, articles: true, pollYaml: POLL, env: { RADAR_HTTP_PORT: '0', RADAR_METRICS_TOKEN: TOKEN } });
    await test.radar.start();

    const first = await scrapeUntil(test, (s) => value(s, 'radar_deliveries_total', { outcome: 'sent' }) >= 2);
    for (const [name, type] of [
      ['radar_feed_fetch_duration_seconds', 'histogram'], ['radar_items_parsed_total', 'counter'], ['radar_items_stored_total', 'counter'],
      ['radar_alerts_queued_total', 'counter'], ['radar_article_pages_total', 'counter'], ['radar_deliveries_total', 'counter'],
      ['radar_item_scoring_duration_seconds', 'histogram'], ['radar_item_grouping_duration_seconds', 'histogram'],
      ['radar_outbox_pending', 'gauge'], ['radar_outbox_oldest_pending_age_seconds', 'gauge'], ['radar_feed_most_overdue_seconds', 'gauge'],
      ['radar_feeds', 'gauge'], ['radar_stories_in_window', 'gauge'], ['radar_http_unauthorized_total', 'counter'],
      ['process_cpu_user_seconds_total', 'counter'], ['nodejs_eventloop_lag_seconds', 'gauge'], ['nodejs_heap_size_used_bytes', 'gauge'],
    ]) expect([name, first.types.get(name!)]).toEqual([name, type]);

    expect(value(first, 'radar_feed_fetch_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(value(first, 'radar_feed_fetch_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    expect(value(first, 'radar_items_parsed_total')).toBe(2);
    expect(value(first, 'radar_items_stored_total')).toBe(2);
    expect(value(first, 'radar_alerts_queued_total')).toBe(2);
    expect(value(first, 'radar_article_pages_total', { outcome: 'extracted' })).toBe(1);
    expect(value(first, 'radar_article_pages_total', { outcome: 'failed' })).toBe(1);
    expect(value(first, 'radar_deliveries_total', { platform: 'console', kind: 'alert', outcome: 'sent' })).toBe(2);
    expect(value(first, 'radar_item_scoring_duration_seconds_count')).toBe(2);
    expect(value(first, 'radar_item_grouping_duration_seconds_count')).toBe(2);
    expect(value(first, 'radar_stories_in_window')).toBe(2);
    expect(value(first, 'radar_feeds', { health: 'ok' })).toBe(1);
    expect(value(first, 'radar_feeds', { health: 'failing' })).toBe(1);
    expect(value(first, 'radar_feeds', { health: 'unread' })).toBe(0);
    expect(value(first, 'radar_outbox_pending')).toBe(0);
    expect(value(first, 'radar_feed_most_overdue_seconds')).toBe(0);

    // A new report, ten minutes later: the next poll moves the counters.
    now = base + 10 * MINUTE;
    items.push({ title: GULF, link: server.url('/world/gulf'), guid: 'gulf', pubDate: new Date(base + 5 * MINUTE) });
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items }));
    const overdue = await scrape(test);
    // The wire feed was due five minutes ago (its interval is five minutes).
    expect(value(overdue, 'radar_feed_most_overdue_seconds')).toBeGreaterThanOrEqual(300);
    await test.radar.pollOnce();
    const second = await scrape(test);
    expect(value(second, 'radar_feed_fetch_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(value(second, 'radar_feed_fetch_duration_seconds_count', { outcome: 'failed' })).toBe(2);
    expect(value(second, 'radar_items_parsed_total')).toBe(5);
    expect(value(second, 'radar_items_stored_total')).toBe(3);
    expect(value(second, 'radar_alerts_queued_total')).toBe(3);
    expect(value(second, 'radar_deliveries_total', { platform: 'console', kind: 'alert', outcome: 'sent' })).toBe(3);
    expect(value(second, 'radar_article_pages_total', { outcome: 'extracted' })).toBe(2);
    expect(value(second, 'radar_article_pages_total', { outcome: 'failed' })).toBe(1);
    expect(value(second, 'radar_item_scoring_duration_seconds_count')).toBe(3);
    expect(value(second, 'radar_stories_in_window')).toBe(3);
    expect(value(second, 'radar_feed_most_overdue_seconds')).toBe(0);

    // Label values are outcomes, platforms and Node's own names: never a URL or an item's text.
    const labelValues = second.samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.length).toBeGreaterThan(0);
    for (const label of labelValues) {
      expect(label).not.toMatch(/:\/\/|127\.0\.0\.1|\.xml|wire\.example/);
      for (const text of [EXTRADITION, STRIKES, GULF, 'Sinaloa', 'Gulf', 'Wire', 'Gone', 'wire', 'gone']) expect(label).not.toContain(text);
    }
  });

  it('counts retries and shows the outbox\'s depth and the age of its oldest row while a platform fails', { timeout: 30_000 }, async () => {
    const { server } = radars;
    const base = Date.now();
    let now = base;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', language: 'en', items: [{ title: EXTRADITION, link: 'https://wire.example/x', guid: 'x', pubDate: new Date(base - MINUTE) }] }));
    const chat = recordingAdapter();
    chat.state.failing = true;
    const test = await radars.start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml') }], {
      clock: () => now, adapters: [chat.adapter], pollYaml: POLL, env: { RADAR_HTTP_PORT: '0', RADAR_METRICS_TOKEN: TOKEN },
    });
    await test.radar.start();
    const failing = await scrapeUntil(test, (s) => value(s, 'radar_deliveries_total', { outcome: 'retried' }) >= 1);
    expect(value(failing, 'radar_deliveries_total', { platform: 'console', kind: 'alert', outcome: 'retried' })).toBe(1);
    expect(value(failing, 'radar_deliveries_total', { outcome: 'sent' })).toBe(0);
    expect(value(failing, 'radar_outbox_pending')).toBe(1);
    now = base + 90_000;
    expect(value(await scrape(test), 'radar_outbox_oldest_pending_age_seconds')).toBe(90);
    chat.state.failing = false;
    await test.radar.pollOnce();
    const sent = await scrape(test);
    expect(value(sent, 'radar_deliveries_total', { platform: 'console', kind: 'alert', outcome: 'sent' })).toBe(1);
    expect(value(sent, 'radar_outbox_pending')).toBe(0);
    expect(value(sent, 'radar_outbox_oldest_pending_age_seconds')).toBe(0);
  });

  it('refuses a missing or wrong token with 401, no stack, and counts each refusal', async () => {
    const test = await radars.start([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }], { pollYaml: POLL, env: { RADAR_HTTP_PORT: '0', RADAR_METRICS_TOKEN: TOKEN } });
    await test.radar.start();
    const url = `${test.radar.httpUrl()}/metrics`;
    for (const headers of [{}, { authorization: 'Bearer wrong-token-of-some-length' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${TOKEN}` }] as Array<Record<string, string>>) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="radar"');
      const body = await response.text();
      expect(body).toBe('unauthorized: send "Authorization: Bearer <metrics token>"\n');
    }
    expect(value(await scrape(test), 'radar_http_unauthorized_total', { path: '/metrics' })).toBe(4);
    // The probes stay open: an orchestrator has no token.
    expect((await fetch(`${test.radar.httpUrl()}/livez`)).status).toBe(200);
  });

  it('answers only the allowed networks: another address gets 403, counted', async () => {
    const outside = await radars.start([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }], {
      pollYaml: POLL, extraYaml: 'metrics: { allowedNetworks: [10.0.0.0/8, "fd00::/8"] }', env: { RADAR_HTTP_PORT: '0', RADAR_METRICS_TOKEN: TOKEN },
    });
    await outside.radar.start();
    const refused = await fetch(`${outside.radar.httpUrl()}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('forbidden: this address is not in metrics.allowedNetworks\n');
    // Counted, though no scrape can get through to show it: read from the instance's registry.
    expect((await outside.radar.metrics.forbidden.get()).values).toEqual([{ labels: { path: '/metrics' }, value: 1 }]);

    const inside = await radars.start([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }], {
      pollYaml: POLL, extraYaml: 'metrics: { allowedNetworks: [10.0.0.0/8, 127.0.0.0/8] }', env: { RADAR_HTTP_PORT: '0', RADAR_METRICS_TOKEN: TOKEN },
    });
    await inside.radar.start();
    expect(value(await scrape(inside), 'radar_http_forbidden_total', { path: '/metrics' })).toBe(0);
  });

  it('is open without a token (the server binds to 127.0.0.1 unless told otherwise)', async () => {
    const test = await radars.start([{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }], { pollYaml: POLL, env: { RADAR_HTTP_PORT: '0' } });
    await test.radar.start();
    expect(value(await scrape(test, {}), 'radar_http_unauthorized_total')).toBe(0);
  });
});

describe('metrics settings', () => {
  const FEEDS = [{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }];
  const parse = (yaml: string, env: Record<string, string> = {}) => parseConfig(testConfigYaml('/tmp/radar-metrics', FEEDS, yaml), '/tmp/radar-metrics/radar.yaml', env);

  it('reads metrics.token, RADAR_METRICS_TOKEN overriding, and masks it in logs', () => {
    expect(parse('').metrics).toEqual({ token: null, allowedNetworks: null });
    expect(parse(`metrics: { token: ${TOKEN} }`).metrics).toEqual({ token: TOKEN, allowedNetworks: null });
    const fromEnv = parse(`metrics: { token: ${TOKEN} }`, { RADAR_METRICS_TOKEN: 'another-token-123456' });
    expect(fromEnv.metrics).toEqual({ token: 'another-token-123456', allowedNetworks: null });
    expect(fromEnv.secrets).toContain('another-token-123456');
  });

  it('reads metrics.allowedNetworks, RADAR_METRICS_ALLOWED_NETWORKS overriding, and names a bad entry', () => {
    expect(parse('metrics: { allowedNetworks: [10.0.0.0/8, "::1"] }').metrics.allowedNetworks).toEqual(['10.0.0.0/8', '::1']);
    expect(parse('metrics: { allowedNetworks: [10.0.0.0/8] }', { RADAR_METRICS_ALLOWED_NETWORKS: '127.0.0.1, 192.168.0.0/16' }).metrics.allowedNetworks).toEqual(['127.0.0.1', '192.168.0.0/16']);
    expect(() => parse('metrics: { allowedNetworks: [10.0.0.0/8, 10.0.0.0/33] }')).toThrow(/metrics\.allowedNetworks\[1\]: expected an IP address or a network such as 10\.0\.0\.0\/8, got "10\.0\.0\.0\/33"/);
    try {
      parse('', { RADAR_METRICS_ALLOWED_NETWORKS: '127.0.0.1,localhost' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['RADAR_METRICS_ALLOWED_NETWORKS (entry 2): expected an IP address or a network such as 10.0.0.0/8, got "localhost"']);
    }
  });

  it('names a token too short to guard anything', () => {
    expect(() => parse('metrics: { token: short }')).toThrow(/metrics\.token: expected a token of at least 16 characters/);
    try {
      parse('', { RADAR_METRICS_TOKEN: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['RADAR_METRICS_TOKEN: expected a token of at least 16 characters']);
    }
  });

  it('refuses a server bound beyond loopback without a token or allowed networks, naming the host setting', () => {
    const refusal = (setting: string, host: string) => `${setting}: "${host}" reaches beyond this machine and /metrics would answer anyone: set RADAR_METRICS_TOKEN (or metrics.token) or metrics.allowedNetworks (or RADAR_METRICS_ALLOWED_NETWORKS), or bind to 127.0.0.1`;
    const problems = (yaml: string, env: Record<string, string> = {}): string[] => {
      try {
        parse(yaml, env);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    expect(problems('http: { port: 8080, host: 0.0.0.0 }')).toEqual([refusal('http.host', '0.0.0.0')]);
    expect(problems('http: { port: 8080 }', { RADAR_HTTP_HOST: '::' })).toEqual([refusal('RADAR_HTTP_HOST', '::')]);
    expect(problems('', { RADAR_HTTP_PORT: '8080', RADAR_HTTP_HOST: '192.168.1.20' })).toEqual([refusal('RADAR_HTTP_HOST', '192.168.1.20')]);
    // Guarded by a token or by networks, from the file or the environment, it starts.
    expect(problems(`http: { port: 8080, host: 0.0.0.0 }\nmetrics: { token: ${TOKEN} }`)).toEqual([]);
    expect(problems('http: { port: 8080, host: 0.0.0.0 }', { RADAR_METRICS_TOKEN: TOKEN })).toEqual([]);
    expect(problems('http: { port: 8080, host: 0.0.0.0 }\nmetrics: { allowedNetworks: [10.0.0.0/8] }')).toEqual([]);
    expect(problems('http: { port: 8080, host: 0.0.0.0 }', { RADAR_METRICS_ALLOWED_NETWORKS: '10.0.0.0/8' })).toEqual([]);
    // Loopback needs neither; nor does a server that is off (no port).
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(problems(`http: { port: 8080, host: "${host}" }`)).toEqual([]);
    expect(problems('http: { host: 0.0.0.0 }')).toEqual([]);
  });
});
