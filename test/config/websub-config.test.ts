/**
 * The `websub:` settings and RADAR_PUBLIC_URL: off without a public URL, checked as an http(s)
 * URL, and refused without the HTTP server that serves the callbacks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type Env } from '../../src/config/index.ts';
import { ConfigError } from '../../src/shared/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'radar-config-'));
writeFileSync(join(dir, 'topic.yaml'), 'id: t\n');
const base = `
topics: [{ id: beat, file: topic.yaml }]
channels: [{ id: console, adapter: console, topics: [beat] }]
`;
const parse = (extra: string, env: Env = {}) => parseConfig(`${base}${extra}`, join(dir, 'radar.yaml'), env);

function problems(extra: string, env: Env = {}): string[] {
  try {
    parse(extra, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('websub settings', () => {
  it('is off without a public URL', () => {
    expect(parse('http: { port: 8080 }\n').websub).toBeNull();
  });

  it('reads the public URL and the durations, the environment overriding the file', () => {
    const config = parse('http: { port: 8080 }\nwebsub: { publicUrl: "https://radar.example.org/", lease: 2d, safetyNet: 3h }\n');
    expect(config.websub).toEqual({ publicUrl: 'https://radar.example.org', leaseSeconds: 2 * 86_400, safetyNetMs: 3 * 3_600_000, verifyTimeoutMs: 300_000, retryMs: 6 * 3_600_000 });
    expect(parse('http: { port: 8080 }\n', { RADAR_PUBLIC_URL: 'https://news.example/radar' }).websub?.publicUrl).toBe('https://news.example/radar');
  });

  it.each([
    ['a URL that is not http(s)', 'http: { port: 8080 }\nwebsub: { publicUrl: "ftp://radar.example.org" }\n', {}, /websub\.publicUrl: expected an http\(s\) URL/],
    ['a bad RADAR_PUBLIC_URL', 'http: { port: 8080 }\n', { RADAR_PUBLIC_URL: 'radar.example.org' }, /RADAR_PUBLIC_URL: expected an http\(s\) URL without query, fragment or credentials, such as https:\/\/radar\.example\.org, got "radar\.example\.org"/],
    ['a URL with a query', 'http: { port: 8080 }\n', { RADAR_PUBLIC_URL: 'https://radar.example.org/?x=1' }, /RADAR_PUBLIC_URL: expected an http\(s\) URL without query/],
    ['no HTTP server', 'websub: { publicUrl: "https://radar.example.org" }\n', {}, /websub\.publicUrl: WebSub callbacks are served by Radar's HTTP server, which is off: set http\.port \(or RADAR_HTTP_PORT\)/],
    ['a lease under a minute', 'http: { port: 8080 }\nwebsub: { publicUrl: "https://radar.example.org", lease: 30s }\n', {}, /websub\.lease: expected a lease of at least 1m/],
  ])('rejects %s, naming the setting', (_name, extra, env, expected) => {
    expect(problems(extra, env).join('\n')).toMatch(expected);
  });
});
