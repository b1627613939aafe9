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
    [['--input', 'items.jsonl', '--train', 'items.jsonl'], /Unknown option '--train'/],
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
  it('prints Radar, keyword-baseline and cross-validated TF-IDF + logistic regression figures', async () => {
    const dir = tempDir({ 'labeled.jsonl': lines });
    const { io, out, err } = memoryIo(dir);
    expect(await runEval(['--input', 'labeled.jsonl'], io)).toBe(0);
    expect(err()).toBe('');
    const text = out();
    expect(text).toMatch(/5 items, 3 relevant/);
    for (const row of ['ROC-AUC (label ≥ 1)', 'average precision', 'alert precision', 'alert recall', 'alert F1', 'false-alert rate (label 0)', 'ROC-AUC (label 2 vs rest)']) {
      expect(text).toContain(row);
    }
    expect(text).toMatch(/radar\s+keywords\s+tfidf\+lr \(5-fold CV\)\n/);
    expect(text).toMatch(/alert F1\s+1\.000\s+0\.\d{3}\s+(\d\.\d{3}|n\/a)\n/);
    expect(text).toMatch(/false-alert rate \(label 0\)\s+0\.000\s+1\.000\s+\d\.\d{3}\n/);
    expect(text).toMatch(/ROC-AUC \(label 2 vs rest\)\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\n/);
    expect(text).toMatch(/^tfidf\+lr \(5-fold CV\): .*each of the 5 items scored by a model trained on the other 4 of 5 folds\n$/m);
  });

  it('trains the learned baseline on --train items too, scoring only the --input items', async () => {
    const news = (label: number, titles: string[]) => titles.map((title, i) => ({ id: `${label}-${title.length}-${i}`, title, summary: '', label }));
    const relevant = [
      'Cartel gunmen kill police officers in Culiacán', 'Sinaloa cartel leader extradited to the United States',
      'Mexican army seizes fentanyl lab run by the cartel', 'Ataque del cártel deja cinco muertos en Sinaloa',
      'Detienen a operador del Cártel de Sinaloa en Culiacán', 'US designates Mexican cartels as terrorist organizations',
      'Fentanyl trafficking cartel members arrested at the border', 'Enfrentamiento entre cárteles en Culiacán deja heridos',
      'Cartel leader arrested in Sinaloa', 'Detienen a sicarios del cártel en Culiacán',
    ];
    const other = [
      'Tomateros de Culiacán win the baseball final', 'Oil prices rise as OPEC cuts output',
      'New smartphone released with a bigger battery', 'Lluvias intensas provocan inundaciones en Veracruz',
      'Football club signs a new striker for the season', 'Central bank holds interest rates steady',
      'Festival de cine abre con una comedia española', 'Stock markets close higher on tech earnings',
      'Baseball team wins the season opener', 'Oil prices fall on weak demand',
    ];
    const jsonl = (items: object[]) => `${items.map((i) => JSON.stringify(i)).join('\n')}\n`;
    const dir = tempDir({
      'eval.jsonl': jsonl([...news(2, relevant.slice(0, 4)), ...news(0, other.slice(0, 4))]),
      'train.jsonl': jsonl([...news(1, relevant.slice(4)), ...news(0, other.slice(4))]),
      'unlabeled.jsonl': '{"id":"1","title":"a","summary":""}\n',
    });
    const { io, out, err } = memoryIo(dir);
    expect(await runEval(['--input', 'eval.jsonl', '--train', 'train.jsonl'], io)).toBe(0);
    expect(err()).toBe('');
    const text = out();
    expect(text).toMatch(/8 items, 4 relevant/);
    expect(text).toMatch(/ROC-AUC \(label ≥ 1\)\s+\d\.\d{3}\s+\d\.\d{3}\s+1\.000\n/);
    expect(text).toContain('each of the 8 items scored by a model trained on the other 4 of 5 folds plus 12 training-only items (train.jsonl)');
    // The evaluated items share few words with each other: without the training-only items the folds cannot rank them.
    const alone = memoryIo(dir);
    expect(await runEval(['--input', 'eval.jsonl'], alone.io)).toBe(0);
    expect(alone.out()).not.toMatch(/ROC-AUC \(label ≥ 1\)\s+\S+\s+\S+\s+1\.000\n/);

    const failing = memoryIo(dir);
    expect(await runEval(['--input', 'eval.jsonl', '--train', 'unlabeled.jsonl'], failing.io)).toBe(2);
    expect(failing.err()).toContain(`${join(dir, 'unlabeled.jsonl')}: 1 item(s) without a "label"`);
    const missing = memoryIo(dir);
    expect(await runEval(['--input', 'eval.jsonl', '--train', 'nope.jsonl'], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/cannot read .*nope\.jsonl: no such file/);
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
    expect(tables[0]).toMatch(/tfidf\+lr \(5-fold CV\)\n/);
    expect(tables[2]).toMatch(/^tfidf\+lr \(5-fold CV\): .*each of the 5 items/m);
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
