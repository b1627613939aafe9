import { describe, expect, it } from 'vitest';
import { compileTerms, parseTerm } from '../../src/score/index.ts';

const item = (title: string, summary = '') => ({ title, summary });

describe('parseTerm', () => {
  it.each([
    ['sinaloa', 'sinaloa'],
    ['  Rubio ', 'Rubio'],
    ['"war on cartels"', '"war on cartels"'],
    ['extradit*', 'extradit*'],
    ['Soberaní*', 'soberani*'],
    ['"EE.UU."', 'EE.UU.'],
  ])('accepts %s', (raw, term) => {
    expect(parseTerm(raw)).toEqual({ ok: true, term });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['cartel|narco', /regular expressions are not supported/],
    ['(sinaloa)', /regular expressions/],
    ['"war on cartels', /unbalanced quote/],
    ['"war* on"', /\* works only at the end/],
    ['ex*tradit', /only once, at the end/],
    ['ab*', /at least 3 letters/],
    ['sinaloa cartel', /put a phrase in quotes: "sinaloa cartel"/],
    ['"narco cartel*"', /\* works only at the end/],
    ['+++', /no letters or digits/],
    ['x'.repeat(101), /longer than 100/],
  ])('rejects %j with a clear error', (raw, error) => {
    const result = parseTerm(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('compileTerms', () => {
  it('matches words accent- and case-insensitively', () => {
    const set = compileTerms(['soberania', 'CULIACAN']);
    expect(set.match(item('Defenderemos la soberanía, dice Sheinbaum'))).toEqual(['soberania']);
    expect(set.match(item('', 'Balacera en Culiacán'))).toEqual(['CULIACAN']);
  });

  it('matches a word in its inflections (same stem) but not other words', () => {
    const set = compileTerms(['cartel']);
    expect(set.match(item('Los cárteles de la droga'))).toEqual(['cartel']);
    expect(set.match(item('Mexican cartels'))).toEqual(['cartel']);
    expect(set.match(item('Cartagena tourism'))).toEqual([]);
  });

  it('matches quoted phrases only as consecutive words', () => {
    const set = compileTerms(['"war on cartels"', '"Cártel de Sinaloa"']);
    expect(set.match(item('Trump declares war on cartels'))).toEqual(['"war on cartels"']);
    expect(set.match(item('War rages; cartels on the move'))).toEqual([]);
    expect(set.match(item('', 'Detienen a operador del cartel de Sinaloa'))).toEqual(['"Cártel de Sinaloa"']);
  });

  it('matches prefixes', () => {
    const set = compileTerms(['extradit*', 'narco*']);
    expect(set.match(item('México extradita a 26 reos'))).toEqual(['extradit*']);
    expect(set.match(item('Extraditados a EE.UU.', 'Narcotraficantes enviados'))).toEqual(['extradit*', 'narco*']);
    expect(set.match(item('Extra time in Madrid'))).toEqual([]);
  });

  it('returns terms in list order and keeps the list', () => {
    const set = compileTerms(['Rubio', 'Sinaloa']);
    expect(set.terms).toEqual(['Rubio', 'Sinaloa']);
    expect(set.match(item('Sinaloa: Rubio habla'))).toEqual(['Rubio', 'Sinaloa']);
    expect(compileTerms([]).match(item('anything'))).toEqual([]);
  });

  it('throws on an invalid term', () => {
    expect(() => compileTerms(['ok', 'bad|term'])).toThrow(/invalid term/);
  });
});
