/**
 * Discord text safety and limits: markdown, masked links, mentions, control and ANSI sequences are
 * made inert; only http(s) URLs become links; cutting never splits an escape and never fails.
 */
import { describe, expect, it } from 'vitest';
import { clean, cut, escapeMarkdown, link, md, safeUrl, termList } from '../../../src/adapters/discord/format-discord.ts';
import { fitEmbed, renderAlert } from '../../../src/adapters/discord/render-alert.ts';
import { renderReply } from '../../../src/adapters/discord/render-reply.ts';

describe('Discord formatting', () => {
  it.each([
    ['**bold** __under__ ~~strike~~ `code` ||spoiler||', '\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\~\\~strike\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|'],
    ['[bank](https://evil.example)', '\\[bank\\]\\(https://evil.example\\)'],
    ['# heading', '\\# heading'],
    ['> quote', '\\> quote'],
    ['- list', '\\- list'],
    ['<@123> <@&456> <#789> <t:1:R>', '\\<@123\\> \\<@&456\\> \\<#789\\> \\<t:1:R\\>'],
    ['cartel-sovereignty: 5 - 3, #1 + 2', 'cartel-sovereignty: 5 - 3, #1 + 2'],
    ['  -# subtext', '  \\-# subtext'],
    ['@everyone and @here and @Everyone', '@\u200beveryone and @\u200bhere and @\u200bEveryone'],
    ['back\\slash', 'back\\\\slash'],
    ['plain text, with: punctuation.', 'plain text, with: punctuation.'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('escapes line-start markdown on every line of multiline text', () => {
    expect(md('ok - fine\n- item\n# heading\n> quote\n+ plus', 100, true)).toBe('ok - fine\n\\- item\n\\# heading\n\\> quote\n\\+ plus');
  });

  it('strips control characters and ANSI sequences, and folds whitespace', () => {
    expect(clean('a\u0000b\u001b[31mred\u001b[0m\u202e c\r\n d')).toBe('abred c d');
    expect(clean('line one\r\n\r\n\r\nline two', true)).toBe('line one\n\nline two');
  });

  it('cuts after escaping, never inside an escape or a surrogate pair, with an ellipsis', () => {
    const out = md('*'.repeat(50), 11);
    expect(out).toBe('\\*\\*\\*\\*\\*…');
    expect(md('😀'.repeat(10), 5)).toBe('😀😀…');
    expect(md('short', 10)).toBe('short');
    expect(cut('abcdef', 4)).toBe('abc…');
    // A lone half of a surrogate pair (from a cut elsewhere) never reaches Discord.
    expect(md('abc\ud83d', 100)).toBe('abc');
  });

  it('shows the item language in the alert footer', () => {
    const alert = {
      itemKey: 'k', title: 'Título', url: 'https://example.com/a', source: 'Diario', publishedAt: Date.UTC(2026, 10, 24, 10),
      summary: 'Resumen.', lang: 'es', topicId: 'cartel-sovereignty', score: 0.87, matched: ['cártel'], watchMatched: [],
    };
    expect(renderAlert(alert).embeds[0]!.footer!.text).toBe('Radar · cartel-sovereignty · ES');
    expect(renderAlert({ ...alert, lang: null }).embeds[0]!.footer!.text).toBe('Radar · cartel-sovereignty');
  });

  it('links only http(s) URLs, with an escaped label and no way out of the link', () => {
    expect(link('https://a.example/x?q=(1)', 'A [b]', 100)).toBe('[A \\[b\\]](<https://a.example/x?q=%281%29>)');
    expect(link('javascript:alert(1)', 'click', 100)).toBe('click');
    expect(link('data:text/html,x', 'x', 100)).toBe('x');
    expect(link(null, 'x', 100)).toBe('x');
    expect(safeUrl('https://user:pw@a.example/')).toBeNull();
    expect(safeUrl('https://a.example/a b>c')).toBe('https://a.example/a%20b%3Ec');
  });

  it('lists terms escaped with a count of the rest', () => {
    expect(termList(['a*', 'b', 'c'], 2)).toBe('a\\*, b +1 more');
  });

  it('fits an embed to every limit and to 6000 characters in total', () => {
    const long = 'x'.repeat(10_000);
    const embed = fitEmbed({ title: long, description: long, footer: { text: long }, author: { name: long }, fields: Array.from({ length: 40 }, () => ({ name: long, value: long })) });
    expect(embed.title!.length).toBe(256);
    expect(embed.footer!.text.length).toBe(2048);
    expect(embed.fields!.length).toBeLessThanOrEqual(25);
    const total = embed.title!.length + (embed.description?.length ?? 0) + embed.footer!.text.length + embed.author!.name.length +
      embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it('renders a long reply within limits with a count of what was left out', () => {
    const blocks = Array.from({ length: 200 }, (_, i) => ({ type: 'item' as const, title: `Story ${i} ${'y'.repeat(100)}`, url: `https://a.example/${i}`, meta: 'Wire · 1h ago' }));
    const { embeds, allowed_mentions } = renderReply({ ok: true, ephemeral: true, blocks: [{ type: 'heading', text: 'Search' }, ...blocks], text: '' });
    expect(allowed_mentions).toEqual({ parse: [] });
    expect(embeds).toHaveLength(1);
    expect(embeds[0]!.description!.length).toBeLessThanOrEqual(4096);
    expect(embeds[0]!.description).toMatch(/… \d+ more not shown$/);
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    expect(renderReply({ ok: true, ephemeral: true, blocks: [{ type: 'fields', fields }], text: '' }).embeds[0]!.fields).toHaveLength(25);
  });
});
