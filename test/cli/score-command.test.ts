import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runEval } from '../../src/cli/eval-command.ts';
import { runScore } from '../../src/cli/score-command.ts';

const topicsDir = resolve(import.meta.dirname, '../../config/topics');

function memoryIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write(chunk, _enc, done) { into.push(String(chunk)); done(); } });
  return { io: { stdout: sink(out), stderr: sink(err), cwd, topicsDir }, out: () => out.join(''), err: () => err.join('') };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'radar-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const lines = [
  { id: 'a1', title: 'Mexico extradites Sinaloa Cartel leader to the United States', summary: '', label: 2 },
  { id: 'a2', title: '', summary: 'La presidenta Sheinbaum rechazó la intervención militar de EU contra los cárteles.', lang: 'es', label: 2 },
  { id: 'a3', title: 'OPEC+ cartel cuts oil output', summary: 'Crude prices rose.', label: 0 },
  { id: 'a4', title: 'Tomateros de Culiacán ganan la serie', summary: '', label: 0 },
  { id: 'a5', title: 'Cartel gunmen kill five in Culiacán', summary: '', label: 1 },
].map((l) => JSON.stringify(l)).join('\n');

describe('radar score', () => {
  it('prints one JSON line per item with id, score, alert and explanation', async () => {
    const dir = tempDir({ 'items.jsonl': `${lines}\n\n` });
    const { io, out, err } = memoryIo(dir);
    expect(await runScore(['--input', 'items.jsonl'], io)).toBe(0);
    expect(err()).toBe('');
    const results = out().trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((r) => r.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(results.map((r) => r.alert)).toEqual([true, true, false, false, true]);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(['id', 'score', 'alert', 'explanation']);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(results[0].explanation.facets.map((f: { facet: string }) => f.facet)).toContain('organizations');
    expect(results[2].explanation.negatives[0].term).toBe('OPEC');
  });

  it('accepts --topic with an id and an absolute --input', async () => {
    const dir = tempDir({ 'items.jsonl': lines });
    const { io, out } = memoryIo('/');
    expect(await runScore(['--input', join(dir, 'items.jsonl'), '--topic', 'cartel-sovereignty'], io)).toBe(0);
    expect(out().trim().split('\n')).toHaveLength(5);
  });

  it.each([
    [[], /--input is required/],
    [['--input'], /argument missing|--input/],
    [['--input', 'x.jsonl', '--bogus'], /Unknown option '--bogus'/],
    [['--input', 'missing.jsonl'], /cannot read .*missing\.jsonl: no such file/],
    [['--input', 'items.jsonl', '--topic', 'no-such-topic'], /no-such-topic\.yaml[\s\S]*topic file not found/],
    [['--input', 'items.jsonl', '--topic', '../etc/passwd'], /--topic expects a topic id/],
    [['--input', 'bad.jsonl'], /line 2: not valid JSON/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const dir = tempDir({ 'items.jsonl': lines, 'bad.jsonl': '{"id":"1","title":"a","summary":"b"}\n{oops\n' });
    const { io, err, out } = memoryIo(dir);
    expect(await runScore(args, io)).toBe(2);
    expect(err()).toMatch(message);
    expect(out()).toBe('');
  });

  it('prints usage on --help', async () => {
    const { io, out } = memoryIo('/');
    expect(await runScore(['--help'], io)).toBe(0);
    expect(out()).toMatch(/usage: radar score --input/);
  });
});

describe('radar eval', () => {
  it('prints Radar and keyword-baseline figures', async () => {
    const dir = tempDir({ 'labeled.jsonl': lines });
    const { io, out, err } = memoryIo(dir);
    expect(await runEval(['--input', 'labeled.jsonl'], io)).toBe(0);
    expect(err()).toBe('');
    const text = out();
    expect(text).toMatch(/5 items, 3 relevant/);
    for (const row of ['ROC-AUC (label ≥ 1)', 'average precision', 'alert precision', 'alert recall', 'alert F1', 'false-alert rate (label 0)', 'ROC-AUC (label 2 vs rest)']) {
      expect(text).toContain(row);
    }
    expect(text).toMatch(/radar\s+keywords/);
    expect(text).toMatch(/alert F1\s+1\.000\s+0\.\d{3}/);
    expect(text).toMatch(/false-alert rate \(label 0\)\s+0\.000\s+1\.000/);
  });

  it('prints each input file, then all of them together', async () => {
    const [first, ...rest] = lines.trim().split('\n');
    const dir = tempDir({ 'a.jsonl': `${first}\n`, 'b.jsonl': `${rest.join('\n')}\n` });
    const { io, out, err } = memoryIo(dir);
    expect(await runEval(['--input', 'a.jsonl', '--input', 'b.jsonl'], io)).toBe(0);
    expect(err()).toBe('');
    const text = out();
    const tables = text.split(/^# /m).filter(Boolean);
    expect(tables.map((t) => t.split('\n')[0])).toEqual([join(dir, 'a.jsonl'), join(dir, 'b.jsonl'), 'together (a.jsonl + b.jsonl)']);
    expect(tables[0]).toMatch(/1 items?, \d relevant/);
    expect(tables[1]).toMatch(/4 items, \d relevant/);
    expect(tables[2]).toMatch(/5 items, 3 relevant/);
    expect(tables[2]).toMatch(/alert F1\s+1\.000\s+0\.\d{3}/);
  });

  it('names the file whose items lack a label', async () => {
    const dir = tempDir({ 'ok.jsonl': lines, 'x.jsonl': '{"id":"1","title":"a","summary":""}\n' });
    const { io, err } = memoryIo(dir);
    expect(await runEval(['--input', 'ok.jsonl', '--input', 'x.jsonl'], io)).toBe(2);
    expect(err()).toContain(`${join(dir, 'x.jsonl')}: 1 item(s) without a "label"`);
  });

  it('exits 2 when labels are missing', async () => {
    const dir = tempDir({ 'x.jsonl': '{"id":"1","title":"a","summary":""}\n' });
    const { io, err } = memoryIo(dir);
    expect(await runEval(['--input', 'x.jsonl'], io)).toBe(2);
    expect(err()).toMatch(/without a "label"/);
  });
});
