/**
 * The public-address guard of feeds added from chat: address classification, and the real fetcher
 * refusing loopback by IP literal, by DNS name and after a redirect, unless the host is allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../../src/fetch/index.ts';
import { isPublicAddress } from '../../src/fetch/address-guard.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';

const fetcherOptions = { userAgent: 'Radar-test', connectTimeoutMs: 2_000, timeoutMs: 5_000, maxBytes: 1 << 20, maxRedirects: 3, perHostConcurrency: 2 };

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true], ['1.1.1.1', true], ['93.184.216.34', true], ['2606:4700:4700::1111', true],
    ['127.0.0.1', false], ['127.8.9.10', false], ['10.1.2.3', false], ['172.16.0.1', false], ['172.31.255.255', false],
    ['192.168.1.1', false], ['169.254.169.254', false], ['100.64.0.1', false], ['0.0.0.0', false], ['224.0.0.1', false],
    ['255.255.255.255', false], ['198.18.0.1', false], ['::1', false], ['::', false], ['fd00:ec2::254', false],
    ['fc00::1', false], ['fe80::1', false], ['ff02::1', false], ['::ffff:127.0.0.1', false], ['::ffff:7f00:1', false],
    ['::ffff:8.8.8.8', true], ['64:ff9b::a00:1', false], ['64:ff9b::8.8.8.8', true], ['2001:db8::1', false], ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  // An IPv6 address that carries an IPv4 address is as public as the IPv4 address, in every spelling.
  const PRIVATE_V4 = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1'];
  const hex = (v4: string): string => {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  };
  const spellings = (v4: string): string[] => [
    `::${v4}`, `::${hex(v4)}`, `0:0:0:0:0:0:${v4}`, // IPv4-compatible
    `::ffff:${v4}`, `::ffff:${hex(v4)}`, `0:0:0:0:0:FFFF:${hex(v4).toUpperCase()}`, // IPv4-mapped
    `::ffff:0:${v4}`, `::ffff:0:${hex(v4)}`, // IPv4-translated
    `64:ff9b::${v4}`, `64:ff9b::${hex(v4)}`, `64:ff9b:0:0:0:0:${v4}`, // NAT64
    `2002:${hex(v4)}::`, `2002:${hex(v4)}:1:2:3:4:5`, // 6to4
  ];
  it.each(PRIVATE_V4.flatMap(spellings))('%s → false', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(spellings('8.8.8.8'))('%s → true', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
  it.each(['64:ff9b:1::a00:1', '64:ff9b:1:abcd::1', '::1', '::2', 'fe80::1%eth0'])('%s → false', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe('fetcher for feeds added from chat', () => {
  let server: FeedServer;
  let guarded: Fetcher;
  let allowing: Fetcher;
  let trusted: Fetcher;
  beforeAll(async () => {
    server = await startFeedServer();
    server.serve('/feed.xml', rssFeed({ title: 'F', items: [{ title: 'Hola', link: 'https://example.com/1' }] }));
    const port = new URL(server.origin).port;
    server.route('/to-localhost', (_req, res) => void res.writeHead(302, { location: `http://localhost:${port}/feed.xml` }).end());
    guarded = createFetcher({ ...fetcherOptions, publicOnly: { allowHosts: [] } });
    allowing = createFetcher({ ...fetcherOptions, publicOnly: { allowHosts: ['127.0.0.1'] } });
    trusted = createFetcher(fetcherOptions);
  });
  afterAll(async () => {
    await Promise.all([guarded.close(), allowing.close(), trusted.close()]);
    await server.close();
  });

  it('refuses a loopback IP literal before connecting', async () => {
    const before = server.requests().length;
    await expect(guarded.fetchFeed({ url: server.url('/feed.xml') })).rejects.toMatchObject({
      code: 'fetch_blocked_address',
      message: expect.stringContaining('127.0.0.1 is not a public address'),
    });
    expect(server.requests().length).toBe(before);
  });

  it('refuses loopback written as an IPv4-compatible IPv6 literal ([::127.0.0.1]) before connecting', async () => {
    const port = new URL(server.origin).port;
    const before = server.requests().length;
    for (const host of ['[::127.0.0.1]', '[::ffff:127.0.0.1]', '[64:ff9b::127.0.0.1]', '[2002:7f00:1::]']) {
      const url = `http://${host}:${port}/feed.xml`;
      await expect(guarded.fetchFeed({ url }), url).rejects.toMatchObject({
        code: 'fetch_blocked_address',
        message: expect.stringMatching(/^\S+ \(IPv4 127\.0\.0\.1\) is not a public address; feeds added from chat may only reach public hosts \(http:\/\/\[/),
      });
    }
    expect(server.requests().length).toBe(before);
  });

  it('refuses a name that resolves to loopback', async () => {
    const url = server.url('/feed.xml').replace('127.0.0.1', 'localhost');
    await expect(guarded.fetchFeed({ url })).rejects.toMatchObject({ code: 'fetch_blocked_address' });
    await expect(guarded.fetchFeed({ url: url.replace('localhost', 'radar.localhost') })).rejects.toMatchObject({ code: expect.stringMatching(/fetch_blocked_address|fetch_network/) });
  });

  it('checks every redirect hop, even from an allowed host', async () => {
    await expect(allowing.fetchFeed({ url: server.url('/feed.xml') })).resolves.toMatchObject({ status: 'ok' });
    await expect(allowing.fetchFeed({ url: server.url('/to-localhost') })).rejects.toMatchObject({
      code: 'fetch_blocked_address',
      message: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), which is not a public address/),
    });
  });

  it('leaves feeds from the config file alone', async () => {
    await expect(trusted.fetchFeed({ url: server.url('/to-localhost') })).resolves.toMatchObject({ status: 'ok' });
  });
});
