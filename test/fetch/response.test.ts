import { describe, expect, it } from 'vitest';
import { FeedResponse } from '../../src/fetch/index.ts';

const NOW = Date.parse('2026-10-21T07:28:00Z');
const res = (headers: Record<string, string | string[]>, status = 200): FeedResponse => new FeedResponse(status, headers, NOW);

describe('FeedResponse', () => {
  it('reads validators verbatim and treats empty values as absent', () => {
    expect(res({ etag: 'W/"abc"', 'last-modified': 'Tue, 20 Oct 2026 10:00:00 GMT' }).etag()).toBe('W/"abc"');
    expect(res({ etag: '  ' }).etag()).toBeNull();
    expect(res({ 'last-modified': ['Tue, 20 Oct 2026 10:00:00 GMT', 'x'] }).lastModified()).toBe('Tue, 20 Oct 2026 10:00:00 GMT');
  });

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Wed, 21 Oct 2026 07:29:00 GMT', 60_000],
    ['Wed, 21 Oct 2026 07:00:00 GMT', 0],
    ['soon', null],
  ])('Retry-After %s → %s ms', (value, expected) => {
    expect(res({ 'retry-after': value }).retryAfterMs()).toBe(expected);
  });

  it.each([
    [{ 'cache-control': 'public, max-age=600' }, 600_000],
    [{ 'cache-control': 'max-age="60", must-revalidate' }, 60_000],
    [{ 'cache-control': 'no-cache' }, 0],
    [{ 'cache-control': 'private' }, null],
    [{ expires: 'Wed, 21 Oct 2026 08:28:00 GMT' }, 3_600_000],
    [{ expires: 'Wed, 21 Oct 2026 08:28:00 GMT', date: 'Wed, 21 Oct 2026 08:00:00 GMT' }, 1_680_000],
    [{ expires: '-1' }, 0],
    [{}, null],
  ])('freshness of %j is %s ms', (headers, expected) => {
    expect(res(headers).maxAgeMs()).toBe(expected);
  });

  it('lists content codings in order, without identity', () => {
    expect(res({ 'content-encoding': 'gzip, identity, BR' }).contentEncodings()).toEqual(['gzip', 'br']);
    expect(res({}).contentEncodings()).toEqual([]);
  });

  it('classifies redirects and 304', () => {
    expect([301, 302, 303, 307, 308].every((s) => res({}, s).isRedirect())).toBe(true);
    expect(res({}, 300).isRedirect()).toBe(false);
    expect(res({}, 304).isNotModified()).toBe(true);
  });
});
