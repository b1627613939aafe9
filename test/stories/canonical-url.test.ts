import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/stories/index.ts';

describe('canonicalUrl', () => {
  it.each([
    ['https://www.Example.com/a/b/?utm_source=x&utm_medium=y', 'https://example.com/a/b'],
    ['http://example.com/a/b', 'https://example.com/a/b'],
    ['https://m.example.com/a/b#comments', 'https://example.com/a/b'],
    ['https://amp.example.com/a/b', 'https://example.com/a/b'],
    ['https://example.com/a/b/amp/', 'https://example.com/a/b'],
    ['https://example.com/amp/a/b', 'https://example.com/a/b'],
    ['https://example.com/a/b.amp.html', 'https://example.com/a/b.html'],
    ['https://example.com/a/b?amp', 'https://example.com/a/b'],
    ['https://example.com/a/b?outputType=amp', 'https://example.com/a/b'],
    ['https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ocid=5&cmpid=6', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1&utm_campaign=z', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/nota.php?id=100231', 'https://example.com/nota.php?id=100231'],
    ['https://example.com:443/a/', 'https://example.com/a'],
    ['https://example.com:8080/a', 'https://example.com:8080/a'],
    ['https://example.com/', 'https://example.com'],
    ['https://example.com/index.html', 'https://example.com'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('keeps identifying parameters apart', () => {
    expect(canonicalUrl('https://x.mx/?p=88123')).not.toBe(canonicalUrl('https://x.mx/?p=88124'));
  });

  it.each(['not a url', 'ftp://example.com/a', 'mailto:a@b.c', ''])('rejects %j', (input) => {
    expect(canonicalUrl(input)).toBeNull();
  });
});
