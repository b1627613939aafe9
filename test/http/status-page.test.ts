/**
 * The status page over HTTP: who may read it (a page token shown once with `?token=` becomes an
 * HttpOnly cookie; a bearer header also works; anything else is 401, counted; without a token it
 * is open on loopback and off beyond), its headers (a Content-Security-Policy with no inline
 * script), every string from a feed escaped, and its figures those of `/radar status` as the
 * injected clock moves past the day, the 24 hours and the 7 days it shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { readStatusPage, startHttpServer, type HttpServer } from '../../src/http/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { ConfigError } from '../../src/shared/errors.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/index.ts';
import { testConfigYaml, useTestRadars, type TestRadar } from '../helpers/radar.ts';
import { HOSTILE_FEED, HOSTILE_TITLE, PAGE_TOKEN, startNewsroom, T0 } from '../helpers/status-page.ts';

const HOUR = 3_600_000;
type Page = ReturnType<typeof parseHTML>['document'];

/** The unauthorized counter's value for a path, read off the scrape. */
async function refusals(test: TestRadar, path: string): Promise<number> {
  const text = await (await fetch(`${test.radar.httpUrl()}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`radar_http_unauthorized_total{path="${path}"}`));
  return Number(line?.split(' ').at(-1));
}

async function statusFieldsOf(test: TestRadar): Promise<Array<{ label: string; value: string }>> {
  const reply = await test.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: false, text: 'status' });
  return reply.blocks.flatMap((b) => (b.type === 'fields' ? b.fields : []));
}

/** The page as a document, read with the bearer token. */
async function readPage(test: TestRadar): Promise<{ response: Response; body: string; document: Page }> {
  const response = await fetch(`${test.radar.httpUrl()}/`, { headers: { authorization: `Bearer ${PAGE_TOKEN}` } });
  expect(response.status).toBe(200);
  const body = await response.text();
  return { response, body, document: parseHTML(body).document };
}

const texts = (document: Page, selector: string) => [...document.querySelectorAll(selector)].map((el) => el.textContent ?? '');

describe('the status page', () => {
  const radars = useTestRadars();

  it('lets in a page token shown once as ?token= (then a cookie) or as a bearer header; anything else gets 401, counted, never a stack', { timeout: 30_000 }, async () => {
    const { test } = await startNewsroom(radars, { RADAR_PAGE_TOKEN: PAGE_TOKEN });
    await test.radar.start();
    const url = test.radar.httpUrl()!;
    const attempts: Array<[string, Record<string, string>]> = [
      ['/', {}],
      ['/?token=wrong-token-of-some-length', {}],
      [`/?token=${PAGE_TOKEN}x`, {}],
      ['/', { cookie: 'radar_page=0123456789abcdef' }],
      ['/', { cookie: `radar_page=${PAGE_TOKEN}` }],
      ['/', { authorization: 'Bearer wrong-token-of-some-length' }],
      ['/', { authorization: `Basic ${PAGE_TOKEN}` }],
    ];
    for (const [path, headers] of attempts) {
      const response = await fetch(`${url}${path}`, { headers, redirect: 'manual' });
      expect([path, response.status]).toEqual([path, 401]);
      expect(await response.text()).toBe('unauthorized: open /?token=<page token> once (a cookie then keeps this browser signed in), or send "Authorization: Bearer <page token>"\n');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await refusals(test, '/')).toBe(attempts.length);
    expect(await refusals(test, '/metrics')).toBe(0);

    // The right token once: a cookie that is not the token, and on to the page without it in the address.
    const signIn = await fetch(`${url}/?token=${encodeURIComponent(PAGE_TOKEN)}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/');
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^radar_page=[0-9a-f]{64}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(PAGE_TOKEN);
    const withCookie = await fetch(`${url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect((await fetch(`${url}/`, { headers: { authorization: `Bearer ${PAGE_TOKEN}` } })).status).toBe(200);
    expect(await refusals(test, '/')).toBe(attempts.length);

    // Its files are served to anyone (nothing in them is private); others are not found.
    const css = await fetch(`${url}/assets/status.css`);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect((await fetch(`${url}/assets/icon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    for (const path of ['/assets/nothing.js', '/assets/__proto__', '/assets/constructor', '/assets/..%2Fstatus-view.ts']) expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 404]);
  });

  it('escapes every string from a feed, forbids inline script, and shows the figures of /radar status', { timeout: 30_000 }, async () => {
    const { test } = await startNewsroom(radars, { RADAR_PAGE_TOKEN: PAGE_TOKEN });
    await test.radar.start();
    const { response, body, document } = await readPage(test);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp.split('; ')).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]));
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');

    // No markup of the feed's gets through: its text is there, escaped, and no element is made of it.
    expect(body).not.toMatch(/<script|<img|<iframe|\sstyle=/i);
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(document.querySelectorAll('script, img, iframe, object').length).toBe(0);
    expect(texts(document, '#alerts li.alert .title')).toContain(HOSTILE_TITLE);
    expect(texts(document, '#feeds tbody td:first-child')).toContain(HOSTILE_FEED);
    // A javascript: link is shown as text, not made a link.
    expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href')).filter((h) => !/^https?:\/\//.test(h ?? ''))).toEqual([]);

    // The same fields as /radar status, and the parts that count the same things agree with them.
    const fields = await statusFieldsOf(test);
    expect([...document.querySelectorAll('#status .field')].map((el) => ({ label: el.querySelector('dt')!.textContent, value: el.querySelector('dd')!.textContent }))).toEqual(fields);
    const value = (label: string) => fields.find((f) => f.label === label)!.value;
    expect(value('Alerts today (UTC)')).toBe('3');
    expect(texts(document, '#alerts .channel .count')).toEqual(['3 today']);
    expect(texts(document, '#alerts li.alert .why .term').length).toBeGreaterThan(3);
    expect(texts(document, '#alerts li.alert .score')).toEqual(expect.arrayContaining(['0.90']));
    expect(`${document.querySelector('#queue-depth')!.textContent} waiting to be posted`).toBe(value('Queue'));
    expect(texts(document, '#feeds .health')).toEqual(['ok', 'failing', 'ok', 'ok', 'ok']); // by id: diario, gone, hostile, press, wire
    expect(value('Feeds')).toBe('5, 1 failing');
    expect(texts(document, '#feeds tbody tr td:nth-child(6)')).toEqual(['polled', 'polled', 'polled', 'polled', 'polled']);
    expect(document.querySelector('#chart-total')!.textContent).toBe('3');
    expect(document.querySelectorAll('#chart rect.bar').length).toBe(7 * 24);
    expect(texts(document, '#stories li.story .outlets')).toEqual(['3 outlets', '1 outlet', '1 outlet']);
    expect(texts(document, '#stories li.story h3')[1]).toBe(HOSTILE_TITLE); // of one-outlet stories, the newest first
  });

  it('reads "today", the last 24 hours and the last 7 days off the injected clock, as /radar status does', { timeout: 30_000 }, async () => {
    const newsroom = await startNewsroom(radars, { RADAR_PAGE_TOKEN: PAGE_TOKEN });
    const { test } = newsroom;
    await test.radar.start();
    const at = async (time: number) => {
      newsroom.setNow(time);
      const { document } = await readPage(test);
      const fields = await statusFieldsOf(test);
      expect([...document.querySelectorAll('#status .field dd')].map((el) => el.textContent)).toEqual(fields.map((f) => f.value));
      return {
        alertsToday: fields.find((f) => f.label === 'Alerts today (UTC)')!.value,
        channels: texts(document, '#alerts .channel .count'),
        chart: document.querySelector('#chart-total')!.textContent,
        stories: document.querySelectorAll('#stories li.story').length,
      };
    };
    // The alerts were queued at 18:00 UTC; the stories' items were published from 17:10 to 17:40.
    expect(await at(T0 + 5 * HOUR)).toEqual({ alertsToday: '3', channels: ['3 today'], chart: '3', stories: 3 }); // 23:00 the same day
    expect(await at(T0 + 7 * HOUR)).toEqual({ alertsToday: '0', channels: [], chart: '3', stories: 3 }); // 01:00 the next day, 24 hours not past
    expect(await at(T0 + 23 * HOUR + 35 * 60_000)).toEqual({ alertsToday: '0', channels: [], chart: '3', stories: 1 }); // only the 17:40 story is within 24 hours
    expect(await at(T0 + 6 * 24 * HOUR)).toEqual({ alertsToday: '0', channels: [], chart: '3', stories: 0 });
    expect(await at(T0 + 7 * 24 * HOUR)).toEqual({ alertsToday: '0', channels: [], chart: '0', stories: 0 });
  });
});

describe('the status page without a token', () => {
  let dir = '';
  let store: Store | null = null;
  let server: HttpServer | null = null;
  afterEach(async () => {
    await server?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    server = null;
    store = null;
  });

  async function serve(exposed: boolean): Promise<string> {
    dir = mkdtempSync(join(tmpdir(), 'radar-page-'));
    store = createSqliteStore(join(dir, 'radar.sqlite'));
    await store.migrate();
    const source = { store, clock: () => T0 };
    server = await startHttpServer({ port: 0, host: '127.0.0.1', setting: 'http.port' }, { probes: () => [], logger: silentLogger(), page: { source, access: { token: null, exposed } } });
    return server.url;
  }

  it('is open on a loopback address, empty database and all', async () => {
    const url = await serve(false);
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    const { document } = parseHTML(await response.text());
    expect(texts(document, '#status .field dd')).toEqual(['never', '0', '0', '0 waiting to be posted', '0, 0 failing', 'none']);
    expect(texts(document, '#alerts .note')).toEqual(['No alerts today.']);
    expect(await readStatusPage({ store: store!, clock: () => T0 })).toMatchObject({ now: T0, feeds: [], alerts: [], stories: [], queues: [] });
  });

  it('is off when Radar listens beyond loopback, saying which setting opens it', async () => {
    const url = await serve(true);
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('the status page is off: Radar listens beyond loopback (http.host) and no page token is set; set http.pageToken or RADAR_PAGE_TOKEN\n');
  });
});

describe('page token settings', () => {
  const FEEDS = [{ id: 'wire', name: 'Wire', url: 'http://127.0.0.1:9/wire.xml' }];
  const parse = (yaml: string, env: Record<string, string> = {}) => parseConfig(testConfigYaml('/tmp/radar-page', FEEDS, yaml), '/tmp/radar-page/radar.yaml', env);

  it('reads http.pageToken, RADAR_PAGE_TOKEN overriding, and masks it in logs', () => {
    expect(parse('http: { port: 8080 }').http?.pageToken).toBeNull();
    expect(parse(`http: { port: 8080, pageToken: ${PAGE_TOKEN} }`).http?.pageToken).toBe(PAGE_TOKEN);
    const fromEnv = parse(`http: { port: 8080, pageToken: ${PAGE_TOKEN} }`, { RADAR_PAGE_TOKEN: 'another-page-token-42' });
    expect(fromEnv.http?.pageToken).toBe('another-page-token-42');
    expect(fromEnv.secrets).toContain('another-page-token-42');
  });

  it('names a token too short to guard anything', () => {
    expect(() => parse('http: { port: 8080, pageToken: short }')).toThrow(/http\.pageToken: expected a token of at least 16 characters/);
    try {
      parse('http: { port: 8080 }', { RADAR_PAGE_TOKEN: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['RADAR_PAGE_TOKEN: expected a token of at least 16 characters']);
    }
  });
});
