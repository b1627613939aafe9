/**
 * WebSub discovery (Link header, Atom, RSS with atom:link, JSON Feed) and the X-Hub-Signature check.
 */
import { describe, expect, it } from 'vitest';
import { discoverHub, linksFromHeader, signatureProblem, signBody } from '../../src/websub/index.ts';

const FEED = 'https://news.example/feed.xml';

describe('WebSub discovery', () => {
  it.each([
    ['an Atom feed', `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://hub.example/"/><link rel="self" href="https://news.example/atom?a=1&amp;b=2"/><entry><link rel="hub" href="https://wrong.example/"/></entry></feed>`,
      { hub: 'https://hub.example/', topic: 'https://news.example/atom?a=1&b=2' }],
    ['an RSS feed with atom:link', `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href='/self.xml' rel='self'/><atom:link rel="hub" href="https://hub.example/push"/></channel></rss>`,
      { hub: 'https://hub.example/push', topic: 'https://news.example/self.xml' }],
    ['a feed without self (the feed URL is the topic)', `<rss><channel><atom:link rel="hub" href="https://hub.example/"/><item></item></channel></rss>`,
      { hub: 'https://hub.example/', topic: FEED }],
    ['a JSON Feed', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', feed_url: 'https://news.example/feed.json', hubs: [{ type: 'rssCloud', url: 'https://cloud.example/' }, { type: 'WebSub', url: 'https://hub.example/' }], items: [] }),
      { hub: 'https://hub.example/', topic: 'https://news.example/feed.json' }],
  ])('finds the hub and topic in %s', (_, text, expected) => {
    expect(discoverHub({ text, link: null, url: FEED }, FEED)).toEqual(expected);
  });

  it('takes the Link header over the document', () => {
    const text = '<feed><link rel="hub" href="https://body-hub.example/"/></feed>';
    const link = '<https://news.example/feed.xml>; rel="self", <https://header-hub.example/>; rel="hub"';
    expect(discoverHub({ text, link, url: FEED }, FEED)).toEqual({ hub: 'https://header-hub.example/', topic: FEED });
    expect(linksFromHeader('<https://a.example/>; rel="hub self"; title="x"')).toEqual({ hub: 'https://a.example/', self: 'https://a.example/' });
    expect(linksFromHeader('<https://a.example/>; rel=hub')).toEqual({ hub: 'https://a.example/', self: null });
  });

  it.each([
    ['no hub', '<feed><link rel="alternate" href="https://news.example/"/></feed>'],
    ['a hub inside an entry only', '<rss><channel><item><atom:link rel="hub" href="https://hub.example/"/></item></channel></rss>'],
    ['a hub that is not http(s)', '<feed><link rel="hub" href="file:///etc/passwd"/></feed>'],
    ['broken JSON', '{"hubs": [ '],
  ])('finds nothing with %s', (_, text) => {
    expect(discoverHub({ text, link: null, url: FEED }, FEED)).toBeNull();
  });
});

describe('X-Hub-Signature', () => {
  const body = Buffer.from('<rss>body</rss>');
  it.each(['sha1', 'sha256', 'sha384', 'sha512'])('accepts a %s HMAC of the raw body, in either case', (method) => {
    expect(signatureProblem(signBody(method, body, 'k'), body, 'k')).toBeNull();
    expect(signatureProblem(signBody(method, body, 'k').toUpperCase(), body, 'k')).toBeNull();
  });
  it.each([
    ['unsigned', undefined],
    ['unsigned', ''],
    ['malformed', 'sha256'],
    ['malformed', 'sha256=zz'],
    ['unknown method', `md5=${'ab'.repeat(16)}`],
    ['mismatch', signBody('sha256', body, 'other key')],
    ['mismatch', signBody('sha256', Buffer.from('<rss>other</rss>'), 'k')],
    ['mismatch', signBody('sha256', body, 'k').slice(0, -2)],
  ])('drops a body that is %s (%s)', (problem, header) => {
    expect(signatureProblem(header, body, 'k')).toBe(problem);
  });
});
