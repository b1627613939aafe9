import { describe, expect, it } from 'vitest';
import { detectLang, fold, langFromTag, stemWord, tokenize } from '../../src/text/index.ts';

describe('fold', () => {
  it.each([
    ['Soberanía', 'soberania'],
    ['CÁRTEL', 'cartel'],
    ['Culiacán', 'culiacan'],
    ['Peña', 'pena'],
    ['plain ascii', 'plain ascii'],
  ])('%s → %s', (input, expected) => expect(fold(input)).toBe(expected));
});

describe('tokenize', () => {
  it('keeps dotted acronyms as one token and remembers capitals', () => {
    const words = tokenize('EE.UU. y la DEA; U.S. tells us about the CJNG');
    expect(words.map((w) => w.folded)).toEqual(['eeuu', 'y', 'la', 'dea', 'us', 'tells', 'us', 'about', 'the', 'cjng']);
    expect(words.filter((w) => w.acronym).map((w) => w.folded)).toEqual(['eeuu', 'dea', 'us', 'cjng']);
  });

  it('splits hyphens and apostrophes and keeps digits', () => {
    expect(tokenize("Mexico's CJNG-linked FTO list 2025").map((w) => w.folded)).toEqual(['mexico', 's', 'cjng', 'linked', 'fto', 'list', '2025']);
  });

  it('returns nothing for empty text', () => {
    expect(tokenize('')).toEqual([]);
  });

  it('flags stop words per language', () => {
    const [the, de] = tokenize('the de');
    expect(the?.stopEn).toBe(true);
    expect(de?.stopEs).toBe(true);
    expect(de?.stopEn).toBe(false);
  });
});

describe('stemWord', () => {
  it('stems English inflections together', () => {
    expect(stemWord('cartels', 'en')).toBe(stemWord('cartel', 'en'));
    expect(stemWord('extradited', 'en')).toBe(stemWord('extradition', 'en'));
    expect(stemWord('strikes', 'en')).toBe('strike');
  });

  it('stems Spanish inflections together and folds the stem', () => {
    expect(stemWord('cárteles', 'es')).toBe('cartel');
    expect(stemWord('mexicanos', 'es')).toBe(stemWord('mexicano', 'es'));
    expect(stemWord('extraditados', 'es')).toBe(stemWord('extradita', 'es'));
  });

  it('leaves short words and numbers alone', () => {
    expect(stemWord('dea', 'en')).toBe('dea');
    expect(stemWord('2025s', 'en')).toBe('2025s');
  });
});

describe('language', () => {
  it.each([
    ['Hallan cuerpos de tres jóvenes desaparecidos en Sinaloa', 'es'],
    ['Sheinbaum rechaza la intervención de EU en el país', 'es'],
    ['Mexico extradites four drug traffickers to the U.S.', 'en'],
    ['Trump to Attack Mexico', 'en'],
  ])('detects %s as %s', (text, lang) => {
    expect(detectLang(tokenize(text), text)).toBe(lang);
  });

  it('maps feed language tags', () => {
    expect(langFromTag('es-MX')).toBe('es');
    expect(langFromTag('en_US')).toBe('en');
    expect(langFromTag('spa')).toBe('es');
    expect(langFromTag('fr')).toBeNull();
    expect(langFromTag(null)).toBeNull();
  });
});
