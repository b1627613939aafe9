import { describe, expect, it } from 'vitest';
import { parseFeedDate, pickPublishedAt } from '../../src/parse/dates.ts';
import { htmlToText, truncateText } from '../../src/parse/plain-text.ts';

describe('htmlToText', () => {
  it.each([
    ['<p>Uno</p><p>dos</p>', 'Uno dos'],
    ['Car<b>tel</b>', 'Cartel'],
    ['a<br/>b', 'a b'],
    ['x<!-- hidden -->y', 'x y'],
    ['<script type="text/javascript">var a = "<p>";</script>visible', 'visible'],
    ['before<STYLE>p{}</STYLE>after', 'before after'],
    ['text<script>never closed', 'text'],
    ['5 &lt; 6 &amp;&amp; 7 &gt; 3', '5 < 6 && 7 > 3'],
    ['&#8220;comillas&#8221; &aacute;&ntilde;', '“comillas” áñ'],
    ['tab\tand\u0000nul\u0007bell', 'tab andnulbell'],
    ['  lots \n\n of   space&nbsp; ', 'lots of space'],
    ['a < b', 'a < b'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('stays linear on hostile input', () => {
    const hostile = '<script'.repeat(20_000) + '<!--'.repeat(20_000) + '<a '.repeat(20_000);
    const started = Date.now();
    htmlToText(hostile);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('truncates at a word boundary', () => {
    expect(truncateText('uno dos tres cuatro', 10)).toBe('uno dos…');
    expect(truncateText('corto', 12)).toBe('corto');
  });
});

describe('feed dates', () => {
  it.each([
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00Z'],
    ['Tue, 10 Jun 2003 04:00:00 EST', '2003-06-10T09:00:00Z'],
    ['2003-12-13T18:30:02.25Z', '2003-12-13T18:30:02.250Z'],
    ['2003-07-01 T 01:55:07-05:00', '2003-07-01T06:55:07Z'],
    ['2026-02-03 10:00:00', '2026-02-03T10:00:00Z'],
    ['Lun, 12 Ene 2026 10:00:00 -0600', '2026-01-12T16:00:00Z'],
    ['Sáb, 07 Dic 2024 08:30:00 GMT', '2024-12-07T08:30:00Z'],
    ['Qua, 05 Set 2024 12:00:00 -0300', '2024-09-05T15:00:00Z'],
    // Long Spanish dates, with or without weekday and time; UTC when no zone is given.
    ['lunes, 3 de marzo de 2025', '2025-03-03T00:00:00Z'],
    ['3 de marzo de 2025', '2025-03-03T00:00:00Z'],
    ['Miércoles 1 de diciembre del 2026, 18:05 hrs', '2026-12-01T18:05:00Z'],
    ['1 de Diciembre de 2026 a las 18:05 -06:00', '2026-12-02T00:05:00Z'],
    ['3 de março de 2025 10:30', '2025-03-03T10:30:00Z'],
  ])('%s', (text, iso) => {
    expect(parseFeedDate(text)).toBe(Date.parse(iso));
  });

  it.each([
    '', '   ', '1', '2024', 'yesterday', '2026-13-45T99:00:00Z', 'not a date at all',
    // Nonsense V8 would read as 2001 or the epoch: no date, so the item takes its fetch time.
    '-1', 'Mon, -1', 'Sat, 01 Jan 0001 00:00:00 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', '0000-00-00 00:00:00',
  ])('rejects %j', (text) => {
    expect(parseFeedDate(text)).toBeNull();
  });

  it('picks the first valid candidate and clamps the far future', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(pickPublishedAt(['garbage', '2026-02-01T00:00:00Z'], now)).toBe(Date.parse('2026-02-01T00:00:00Z'));
    expect(pickPublishedAt(['2026-03-05T00:00:00Z'], now)).toBe(now);
    expect(pickPublishedAt(['2026-03-01T20:00:00Z'], now)).toBe(Date.parse('2026-03-01T20:00:00Z'));
    expect(pickPublishedAt([], now)).toBe(now);
  });
});
