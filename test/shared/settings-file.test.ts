/**
 * The config file and topic files are read by one loader: a YAML syntax error names its place once,
 * and a schema problem reads the same in both.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { parseTopic } from '../../src/score/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';

function problemsOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const loaders = [
  ['config', (text: string) => parseConfig(text, '/etc/radar/radar.yaml'), 'topics: required (expected array)'],
  ['topic', (text: string) => parseTopic(text, '/etc/radar/topics/t.yaml'), 'id: required (expected string)'],
] as const;

describe.each(loaders)('the %s loader', (_name, parse, missing) => {
  it('names the place of a YAML syntax error once', () => {
    expect(problemsOf(() => parse('name: a: b\n'))).toEqual(['invalid YAML at line 1, column 7: Nested mappings are not allowed in compact mappings']);
    const [unclosed] = problemsOf(() => parse('facets: [unclosed\n'));
    expect(unclosed!.match(/line \d+, column \d+/g)).toHaveLength(1);
  });

  it('reports a missing key as required, with the type it expects', () => {
    expect(problemsOf(() => parse('name: x\n'))).toContain(missing);
  });
});
