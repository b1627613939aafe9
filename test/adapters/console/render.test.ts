import { describe, expect, it } from 'vitest';
import { renderAlert, renderFollowUp, renderOverflow } from '../../../src/adapters/console/render.ts';
import type { AlertPayload } from '../../../src/shared/alert.ts';

const alert = (extra: Partial<AlertPayload>): AlertPayload => ({
  itemKey: 'k', title: 'Title', url: 'https://example.com/a', source: 'Outlet', publishedAt: Date.parse('2026-11-24T10:00:00Z'),
  summary: 'Summary.', lang: 'en', topicId: 'cartel-sovereignty', score: 0.87, matched: ['cartel'], watchMatched: [], ...extra,
});

describe('console rendering of untrusted text', () => {
  it('prints title, outlet, language, time, score, matched terms, link and summary', () => {
    expect(renderAlert(alert({ watchMatched: ['"Ovidio Guzmán"'] }))).toBe([
      '▶ Title',
      '  Outlet · EN · 2026-11-24 10:00 UTC · score 0.87 · cartel-sovereignty',
      '  matched: cartel · watch: "Ovidio Guzmán"',
      '  https://example.com/a',
      '  Summary.',
      '',
    ].join('\n'));
  });

  it('shows the language only when the item has one', () => {
    expect(renderAlert(alert({ lang: 'es' })).split('\n')[1]).toBe('  Outlet · ES · 2026-11-24 10:00 UTC · score 0.87 · cartel-sovereignty');
    expect(renderAlert(alert({ lang: null })).split('\n')[1]).toBe('  Outlet · 2026-11-24 10:00 UTC · score 0.87 · cartel-sovereignty');
    expect(renderAlert(alert({ lang: '\u001b[31m' })).split('\n')[1]).toBe('  Outlet · 2026-11-24 10:00 UTC · score 0.87 · cartel-sovereignty');
  });

  it('never cuts an emoji in half', () => {
    const out = renderAlert(alert({ title: `${'a'.repeat(298)}😀 more`, summary: `${'b'.repeat(2998)}\ud83d` }));
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('strips ANSI escapes, control and bidi characters, and forged line breaks', () => {
    const out = renderAlert(alert({
      title: '\u001b[2J\u001b[31mRED\u001b[0m title\r\n▶ Fake second alert\u0007',
      summary: 'a\u202eevil\u202c b\u0000c',
      source: 'Out\u001b]0;pwned\u0007let',
    }));
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    expect(out.split('\n')[0]).toBe('▶ RED title ▶ Fake second alert');
    expect(out.match(/^▶/gm)).toHaveLength(1);
    expect(out).toContain('aevil bc');
  });

  it('never prints a javascript:, data: or file: link, and cuts over-long fields', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'https://bank.example@evil.example/']) {
      const out = renderAlert(alert({ url }));
      expect(out).toContain('(link withheld: not http/https)');
      expect(out).not.toContain(url);
    }
    const long = renderAlert(alert({ title: 'x'.repeat(10_000) }));
    expect(long.split('\n')[0]!.length).toBeLessThanOrEqual(302);
    expect(long.split('\n')[0]!.endsWith('…')).toBe(true);
  });

  it('renders a follow-up with each outlet once', () => {
    const out = renderFollowUp({
      storyId: 1, storyTitle: 'Story',
      reports: [
        { source: 'A', title: 'a', url: 'https://a.example/1', publishedAt: 1 },
        { source: 'B', title: 'b', url: 'javascript:x', publishedAt: 2 },
      ],
    });
    expect(out).toContain('↳ Also reported by A, B (Story)');
    expect(out).toContain('- B: b (link withheld: not http/https)');
  });

  it('prints the overflow line of a flood on one line, the feed name cleaned', () => {
    expect(renderOverflow({ feedId: 'wire', source: '\u001b[31mWire\u001b[0m\n▶ Fake alert', count: 1950 }))
      .toBe('… and 1,950 more from Wire ▶ Fake alert: /radar search source:wire\n');
  });
});
