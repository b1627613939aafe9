/**
 * Regression guard on Radar's own labeled cases (test/score/cases.jsonl: EN and ES, every
 * hard-negative family). The weights are fitted on these cases, so the bars are the goals
 * with a margin; the figures that matter are measured on unseen items.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, keywordBaselineScore, loadTopic, parseItemLines, scoreItem } from '../../src/score/index.ts';

const root = resolve(import.meta.dirname, '../..');
const topic = loadTopic(resolve(root, 'config/topics/cartel-sovereignty.yaml'));
const { items, problems } = parseItemLines(readFileSync(resolve(root, 'test/score/cases.jsonl'), 'utf8'));

describe('labeled cases', () => {
  it('are well-formed, bilingual and cover every label', () => {
    expect(problems).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(250);
    for (const lang of ['en', 'es']) for (const label of [0, 1, 2]) {
      expect(items.filter((i) => i.lang === lang && i.label === label).length).toBeGreaterThanOrEqual(20);
    }
  });

  it('meet the quality goals and beat the keyword baseline', () => {
    const radar = evaluate(items.map((i) => ({ ...scoreItem(i, topic), label: i.label ?? 0 })));
    const baseline = evaluate(items.map((i) => ({ score: keywordBaselineScore(i), alert: keywordBaselineScore(i) === 1, label: i.label ?? 0 })));
    expect(radar.rocAuc).toBeGreaterThanOrEqual(0.95);
    expect(radar.f1).toBeGreaterThanOrEqual(0.88);
    expect(radar.falseAlertRate).toBeLessThanOrEqual(0.05);
    expect(radar.coreRocAuc).toBeGreaterThanOrEqual(0.9);
    expect(radar.f1).toBeGreaterThan(baseline.f1);
    expect(radar.falseAlertRate).toBeLessThan(baseline.falseAlertRate);
  });

  it('keeps every hard negative below the threshold in each family', () => {
    const hard = items.filter((i) => i.label === 0 && /hard negative/.test(readFileSync(resolve(root, 'test/score/cases.jsonl'), 'utf8').split('\n').find((l) => l.includes(`"${i.id}"`)) ?? ''));
    expect(hard.length).toBeGreaterThanOrEqual(70);
    const alerts = hard.filter((i) => scoreItem(i, topic).alert);
    expect(alerts.length / hard.length).toBeLessThanOrEqual(0.05);
  });
});

describe('metrics', () => {
  it('computes ROC-AUC with ties and average precision', async () => {
    const { rocAuc, averagePrecision } = await import('../../src/score/index.ts');
    expect(rocAuc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(rocAuc([0.1, 0.9], [true, false])).toBe(0);
    expect(Number.isNaN(rocAuc([0.1], [true]))).toBe(true);
    expect(averagePrecision([0.9, 0.8, 0.7], [true, false, true])).toBeCloseTo((1 + 2 / 3) / 2);
  });

  it('computes the alert figures', () => {
    const f = evaluate([
      { score: 0.9, alert: true, label: 2 },
      { score: 0.6, alert: true, label: 0 },
      { score: 0.4, alert: false, label: 1 },
      { score: 0.1, alert: false, label: 0 },
    ]);
    expect(f.precision).toBe(0.5);
    expect(f.recall).toBe(0.5);
    expect(f.f1).toBe(0.5);
    expect(f.falseAlertRate).toBe(0.5);
    expect(f.coreRocAuc).toBe(1);
  });
});
