import { describe, expect, it } from 'vitest';
import { splitSentences, stripBoilerplate, summarize } from '../../src/summarize/index.ts';

const item = (summary: string, content = '', title = 'A headline about something else') => ({ title, summary, content });

describe('stripBoilerplate', () => {
  it.each([
    ['Mexico sent 26 people. The post Mexico sends 26 appeared first on Example News.', 'Mexico sent 26 people.'],
    ['La presidenta habló. La entrada Sheinbaum habla se publicó primero en Diario.', 'La presidenta habló.'],
    ['La presidenta habló en Palacio Nacional. Leer más', 'La presidenta habló en Palacio Nacional.'],
    ['La presidenta habló en Palacio Nacional. Seguir leyendo »', 'La presidenta habló en Palacio Nacional.'],
    ['The president spoke on Monday. Continue reading…', 'The president spoke on Monday.'],
    ['The president spoke on Monday. Read more', 'The president spoke on Monday.'],
    ['The president spoke on Monday and said […]', 'The president spoke on Monday and said'],
    ['By John Smith The president spoke on Monday.', 'The president spoke on Monday.'],
    ['By MARK STEVENSON, Associated Press MEXICO CITY (AP) — Mexico sent 26 people.', 'Mexico sent 26 people.'],
    ['Por Redacción La presidenta habló.', 'La presidenta habló.'],
    ['Por: Ana López | La presidenta habló.', 'La presidenta habló.'],
    ['MEXICO CITY (AP) — Mexico sent 26 people.', 'Mexico sent 26 people.'],
    ['WASHINGTON (Reuters) - The U.S. charged 3 men.', 'The U.S. charged 3 men.'],
    ['CIUDAD DE MÉXICO.— La presidenta habló.', 'La presidenta habló.'],
    ['Ciudad de México, 3 sep (EFE).- La presidenta habló.', 'La presidenta habló.'],
    ['Culiacán, Sin.- Un grupo armado atacó un bar.', 'Un grupo armado atacó un bar.'],
    ['<p>Hello &amp; <b>welcome</b></p>', 'Hello & welcome'],
    ['1 de diciembre de 2026 El secretario habló.', 'El secretario habló.'],
    ['Lunes, 1 de diciembre de 2026.- El secretario habló.', 'El secretario habló.'],
    ['Ciudad de México, 1 de diciembre de 2026.- La presidenta habló.', 'La presidenta habló.'],
    ['Monterrey, N.L., 3 de marzo.- Un grupo armado atacó.', 'Un grupo armado atacó.'],
    ['1 de diciembre de 2026. CULIACÁN, Sin.- Un grupo armado atacó.', 'Un grupo armado atacó.'],
    ['Dec. 1, 2026 — The secretary spoke.', 'The secretary spoke.'],
    ['Dec 1, 2026 10:30 a.m. EST — Officials said so.', 'Officials said so.'],
    ['CULIACÁN, Sinaloa (AP) — Gunmen attacked.', 'Gunmen attacked.'],
    ['CULIACÁN, Sinaloa, Dec. 1, 2026 (AP) — Gunmen attacked.', 'Gunmen attacked.'],
    // A date that is part of the sentence stays.
    ['3 de marzo de 2025 fue un día triste.', '3 de marzo de 2025 fue un día triste.'],
    ['December 1 Republicans said so.', 'December 1 Republicans said so.'],
    ['El 1 de diciembre de 2026 El secretario habló.', 'El 1 de diciembre de 2026 El secretario habló.'],
  ])('%j', (input, expected) => {
    expect(stripBoilerplate(input)).toBe(expected);
  });

  it('leaves "by" and "por" inside a sentence alone', () => {
    expect(stripBoilerplate('Prices rose by 5% in August, por ciento more.')).toBe('Prices rose by 5% in August, por ciento more.');
  });
});

describe('splitSentences', () => {
  it('respects EN and ES abbreviations, initials and decimals', () => {
    expect(
      splitSentences('El Sr. López viajó a EE.UU. ayer. La Sra. Pérez dijo que el Gen. Díaz llegó. Costó 3.5 millones. U.S. officials met Dr. J. Smith on Monday. No. 5 was next! ¿Y ahora? "Yes," he said.'),
    ).toEqual([
      'El Sr. López viajó a EE.UU. ayer.',
      'La Sra. Pérez dijo que el Gen. Díaz llegó.',
      'Costó 3.5 millones.',
      'U.S. officials met Dr. J. Smith on Monday.',
      'No. 5 was next!',
      '¿Y ahora?',
      '"Yes," he said.',
    ]);
  });

  it('keeps text without an end mark as one sentence', () => {
    expect(splitSentences('just words here')).toEqual(['just words here']);
  });
});

describe('summarize', () => {
  const lede =
    'Mexico sent 26 alleged cartel members to the United States on Thursday, the second mass transfer this year. The group includes a former police chief. Officials said more transfers could follow in the coming months as talks continue with Washington over security cooperation.';

  it('never cuts inside a surrogate pair', () => {
    for (let at = 290; at < 300; at += 1) {
      const s = summarize(item(`${'a'.repeat(at)}😀${'b'.repeat(100)}`));
      expect(s, String(at)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
      expect(s.endsWith('…')).toBe(true);
    }
  });

  it('returns short text whole', () => {
    expect(summarize(item('Mexico sent 26 people to the U.S. on Thursday.'))).toBe('Mexico sent 26 people to the U.S. on Thursday.');
  });

  it('keeps whole lede sentences within the budget, without an ellipsis', () => {
    const s = summarize(item(lede), 160);
    expect(s).toBe('Mexico sent 26 alleged cartel members to the United States on Thursday, the second mass transfer this year. The group includes a former police chief.');
    expect(s.length).toBeLessThanOrEqual(160);
  });

  it('cuts a long first sentence at a word boundary with an ellipsis', () => {
    const s = summarize(item(lede), 60);
    expect(s.endsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(60);
    expect(s).toBe('Mexico sent 26 alleged cartel members to the United States…');
  });

  it('fills a mostly empty budget with part of the next sentence', () => {
    const s = summarize(item('Short lede. ' + 'Another sentence that goes on and on '.repeat(5) + 'end.'), 100);
    expect(s.startsWith('Short lede. Another')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s.length).toBeLessThanOrEqual(100);
  });

  it('uses the default budget of 300', () => {
    const s = summarize(item(lede.repeat(3)));
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s.length).toBeGreaterThan(150);
  });

  it('removes boilerplate and datelines before summarizing (EN and ES)', () => {
    expect(summarize(item('MEXICO CITY (AP) — Mexico sent 26 people. The post Mexico sends 26 appeared first on AP.'))).toBe('Mexico sent 26 people.');
    expect(summarize(item('Por Redacción CIUDAD DE MÉXICO.— El Sr. López viajó a EE.UU. ayer. Leer más'))).toBe('El Sr. López viajó a EE.UU. ayer.');
  });

  it('summarizes HTML-only descriptions', () => {
    expect(summarize(item('<p><img src="x.jpg"/>Un tren embistió un autobús en Atlacomulco.</p><p><a href="/x">Seguir leyendo</a></p>'))).toBe(
      'Un tren embistió un autobús en Atlacomulco.',
    );
  });

  it('falls back to content when the summary is empty', () => {
    expect(summarize(item('', 'Mexico sent 26 people on Thursday. More later.'))).toBe('Mexico sent 26 people on Thursday. More later.');
  });

  it('never repeats the title as the summary', () => {
    const title = 'Mexico sends 26 cartel figures to US';
    expect(summarize({ title, summary: title, content: 'Mexico sent 26 alleged cartel members on Thursday.' })).toBe(
      'Mexico sent 26 alleged cartel members on Thursday.',
    );
    expect(summarize({ title, summary: `${title} - Reuters`, content: '' })).toBe('');
    expect(summarize({ title, summary: title, content: title })).toBe('');
    expect(summarize({ title, summary: `${title}. The transfer is the second this year.`, content: '' })).toBe('The transfer is the second this year.');
  });

  it('is never empty when the item has text besides the title', () => {
    expect(summarize(item('Leer más'))).toBe('Leer más');
    expect(summarize(item('[…]', 'Body text here.'))).toBe('Body text here.');
    expect(summarize(item('x'))).toBe('x');
  });
});
