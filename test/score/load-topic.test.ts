import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopic, parseTopic, scoreItem } from '../../src/score/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';

const FILE = 'config/topics/test.yaml';

function problemsOf(yaml: string): string[] {
  try {
    parseTopic(yaml, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(FILE);
    expect((error as Error).message).toContain(FILE);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const minimal = `
id: ports
name: Port strikes
facets:
  actors:
    terms: [dockworkers, "port authority", { term: ILA, weight: 1.5 }]
  actions:
    terms: [strike*, walkout]
`;

describe('parseTopic', () => {
  it('loads the default topic', () => {
    const topic = loadTopic(resolve(import.meta.dirname, '../../config/topics/cartel-sovereignty.yaml'));
    expect(topic.id).toBe('cartel-sovereignty');
    expect(topic.threshold).toBe(0.5);
    expect(topic.facets.map((f) => f.name)).toEqual(expect.arrayContaining(['organizations', 'us', 'mexico', 'sovereignty', 'places', 'drugs']));
  });

  it('accepts a minimal user topic without a model (default weights need two facets to alert)', () => {
    const topic = parseTopic(minimal, FILE);
    expect(topic.threshold).toBe(0.5);
    expect(scoreItem({ title: 'Dockworkers strike at East Coast ports', summary: '' }, topic).alert).toBe(true);
    expect(scoreItem({ title: 'Dockworkers union elects new leader', summary: '' }, topic).alert).toBe(false);
  });

  it('names the key path of a wrong term type', () => {
    const yaml = minimal.replace('[strike*, walkout]', '[strike*, walkout, "lockout", 42]');
    expect(problemsOf(yaml)).toEqual(['facets.actions.terms[3]: expected a string or a mapping { term, weight, lang }']);
  });

  it('reports every problem at once, each with its path', () => {
    const yaml = `
id: Bad Id
name: ""
threshold: 2
facets:
  actors:
    terms: []
    colour: red
`;
    const problems = problemsOf(yaml);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^id: expected a lowercase id/),
      expect.stringMatching(/^name: /),
      expect.stringMatching(/^threshold: /),
      'facets.actors.terms: expected at least one term',
      'facets.actors: unknown key "colour"',
    ]));
  });

  it('rejects invalid term syntax with the path', () => {
    const yaml = minimal.replace('[strike*, walkout]', '[strike*, "walk|out", "x*"]');
    const problems = problemsOf(yaml);
    expect(problems[0]).toMatch(/^facets\.actions\.terms\[1\]: .*regular expressions are not supported/);
    expect(problems[1]).toMatch(/^facets\.actions\.terms\[2\]: .*at least 3 letters/);
  });

  it('checks negatives and the model against the facets', () => {
    const yaml = `${minimal}
negatives:
  - name: sports
    when: [football]
    cancel: [walkout, picket]
    cancelFacets: [places]
    window: 0
  - name: empty
    when: [x1]
model:
  bias: -2
  facets: { actors: 1, actions: 1, extra: 2 }
  pairs: { "actors & nowhere": 1 }
`;
    const problems = problemsOf(yaml);
    expect(problems).toContain('negatives[0].window: expected a number of words (1–500) or "item"');
    const semantic = problemsOf(yaml.replace('window: 0', 'window: 5'));
    expect(semantic).toEqual(expect.arrayContaining([
      'negatives[0].cancel[1]: "picket" is not a term of any facet',
      'negatives[0].cancelFacets[0]: unknown facet "places"',
      'negatives[1]: expected "cancel" terms or "cancelFacets"',
      'model.facets.extra: unknown facet "extra"',
      'model.pairs.actors & nowhere: expected "facetA & facetB" naming two different facets',
    ]));
  });

  it('requires a weight for each facet when a model is given', () => {
    expect(problemsOf(`${minimal}\nmodel:\n  bias: -1\n  facets: { actors: 1 }\n`)).toEqual(['model.facets: missing weight for facet "actions"']);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(problemsOf('id: x\nfacets: [unclosed\n')[0]).toMatch(/^invalid YAML at line \d+/);
    expect(problemsOf('- a list')).toEqual(['expected a YAML mapping with id, name and facets']);
  });

  it('throws a ConfigError naming a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radar-topic-'));
    const missing = join(dir, 'nope.yaml');
    expect(() => loadTopic(missing)).toThrow(ConfigError);
    expect(() => loadTopic(missing)).toThrow(/nope\.yaml[\s\S]*topic file not found/);
    writeFileSync(join(dir, 'ok.yaml'), minimal);
    expect(loadTopic(join(dir, 'ok.yaml')).id).toBe('ports');
  });
});
