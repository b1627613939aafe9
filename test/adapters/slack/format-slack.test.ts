import { describe, expect, it } from 'vitest';
import { clean, link, mrkdwn, plainText, safeUrl, slackDate } from '../../../src/adapters/slack/format-slack.ts';

describe('slack text formatting', () => {
  it.each([
    ['<!channel> hi', '&lt;!channel&gt; hi'],
    ['<!here>', '&lt;!here&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<!subteam^S1|@editors>', '&lt;!subteam^S1|@editors&gt;'],
    ['<https://evil.example|bank>', '&lt;https://evil.example|bank&gt;'],
    ['AT&T', 'AT&amp;T'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
  ])('escapes %j', (input, expected) => {
    expect(mrkdwn(input, 3000)).toBe(expected);
  });

  it.each([
    ['*URGENTE* Balacera', '\u2217URGENTE\u2217 Balacera'],
    ['_en vivo_ y ~falso~', '\u02cden vivo\u02cd y \u223cfalso\u223c'],
    ['use `rm -rf`', 'use \u02cbrm -rf\u02cb'],
    ['```\ncode\n```', '\u02cb\u02cb\u02cb\ncode\n\u02cb\u02cb\u02cb'],
    ['(*bold*), "_it_"', '(\u2217bold\u2217), "\u02cdit\u02cd"'],
    ['\uff0a全角\uff0a', '\ufe61全角\ufe61'],
    // A `>` starting a line is a blockquote even as `&gt;`; elsewhere it is escaped as usual.
    ['> Última hora', '\u203a Última hora'],
    ['Dijo:\n  > cita\nx > y', 'Dijo:\n\u203a cita\nx &gt; y'],
    // Inside a word mrkdwn formats nothing: handles and words stay searchable as written.
    ['@el_universal f*ck snake_case a~b', '@el_universal f*ck snake_case a~b'],
  ])('neutralises mrkdwn formatting in %j', (input, expected) => {
    expect(mrkdwn(input, 3000, true)).toBe(expected);
  });

  it('strips control, zero-width and bidi characters and folds whitespace', () => {
    expect(clean('a\u0000b\u0007c\u200bd\u202ee\u2066f \n\t g')).toBe('abcdef g');
    expect(clean('one\r\n\r\n\r\n\r\ntwo  three', true)).toBe('one\n\ntwo three');
  });

  it('cuts after escaping, never inside an entity or a surrogate pair', () => {
    const cut = mrkdwn('&'.repeat(100), 12);
    expect(cut).toBe('&amp;&amp;…');
    expect(cut.length).toBeLessThanOrEqual(12);
    const emoji = mrkdwn('😀'.repeat(10), 6);
    expect(emoji).toBe('😀😀…');
    // A lone half of a surrogate pair (from a cut elsewhere) never reaches Slack.
    expect(mrkdwn('abc\ud83d', 100)).toBe('abc');
    expect(plainText('\ude00abc', 100)).toBe('abc');
    expect(plainText('x'.repeat(200), 150)).toHaveLength(150);
  });

  it('links only http(s) URLs and keeps them from breaking out of <url|label>', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,hi')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl(`https://x.example/${'a'.repeat(3000)}`)).toBeNull();
    expect(safeUrl('https://x.example/a|b>c<d?e=1&f=2')).toBe('https://x.example/a%7Cb%3Ec%3Cd?e=1&amp;f=2');
    expect(link('javascript:alert(1)', 'bank', 100)).toBe('bank');
    expect(link('https://ok.example/', '<b>', 100)).toBe('<https://ok.example/|&lt;b&gt;>');
  });

  it('renders dates as Slack date tokens with a UTC fallback', () => {
    expect(slackDate(Date.UTC(2024, 0, 2, 3, 4))).toBe('<!date^1704164640^{date_short_pretty} {time}|2024-01-02 03:04 UTC>');
    expect(slackDate(Number.NaN)).toBe('unknown time');
  });
});
