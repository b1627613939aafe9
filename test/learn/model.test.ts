/**
 * The channel model (src/learn): a fit moves weights the way the votes point and no further than
 * the pull toward the topic allows, one person's clicks cannot outvote the desk, a correction only ever
 * lowers a score, and explanations name what the feedback changed with the votes behind it.
 */
import { describe, expect, it } from 'vitest';
import { adjustScore, describeAdjustment, describeWeight, EMPTY_MODEL, featuresOf, fitModel, hasLearned, topWeights, voteWeights, type Example } from '../../src/learn/index.ts';
import { loadTopic, scoreItem } from '../../src/score/index.ts';
import { PROJECT_ROOT } from '../../src/config/index.ts';
import { join } from 'node:path';

/** The same pull on every feature, so that a test's terms and offset share the votes alike. */
const EVEN = { l2: 1, l2Specific: 1 };
const vote = (person: string, relevant: boolean, terms: string[], logit = 1): Example => ({
  person, relevant, logit, features: Object.fromEntries([['channel', 1], ...terms.map((t) => [`term:${t}`, 1])]),
});
const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('channel model', () => {
  it('learns nothing from no votes, and leaves scores as they are', () => {
    const model = fitModel([]);
    expect(model).toEqual(EMPTY_MODEL);
    expect(hasLearned(model)).toBe(false);
    expect(adjustScore(model, 0.8, { channel: 1, 'term:tariffs': 1 })).toEqual({ score: 0.8, change: 0, parts: [] });
  });

  it('moves a term down when its items are marked not for us, and one that was marked relevant up', () => {
    const model = fitModel([
      ...repeat(4, () => vote('ana', false, ['tariffs'])),
      ...repeat(4, () => vote('ana', true, ['extradition'])),
    ], EVEN);
    expect(model.weights['term:tariffs']).toBeLessThan(-0.1);
    expect(model.weights['term:extradition']).toBeGreaterThan(0.1);
    expect(model.counts['term:tariffs']).toEqual({ relevant: 0, notForUs: 4 });
    expect(model.counts.channel).toEqual({ relevant: 4, notForUs: 4 });
    expect(model).toMatchObject({ votes: 8, people: 1 });
    const tariffs = adjustScore(model, 0.7, { channel: 1, 'term:tariffs': 1 });
    expect(tariffs.score).toBeLessThan(0.7);
    expect(tariffs.parts.map((p) => p.feature)).toContain('term:tariffs');
  });

  it('is pulled toward no change: more pull, smaller weights; more votes, larger ones', () => {
    const votes = repeat(6, () => vote('ana', false, ['tariffs']));
    const loose = fitModel(votes, { l2: 0.5, l2Specific: 0.5 }).weights['term:tariffs']!;
    const tight = fitModel(votes, { l2: 4, l2Specific: 4 }).weights['term:tariffs']!;
    expect(tight).toBeLessThan(0);
    expect(Math.abs(tight)).toBeLessThan(Math.abs(loose));
    const fewer = fitModel(votes.slice(0, 2), { l2: 0.5, l2Specific: 0.5 }).weights['term:tariffs']!;
    expect(Math.abs(fewer)).toBeLessThan(Math.abs(loose));
    // A term (specific) is pulled harder by default than a facet (broad) the same votes name.
    const both = fitModel(votes.map((v) => ({ ...v, features: { ...v.features, 'facet:trade': 1 } })));
    expect(Math.abs(both.weights['term:tariffs']!)).toBeLessThan(Math.abs(both.weights['facet:trade']!));
    // The fit stays finite however one-sided the votes (the pull bounds it).
    expect(Number.isFinite(fitModel(repeat(200, (i) => vote(`p${i}`, false, ['tariffs'], 9))).weights['term:tariffs'])).toBe(true);
  });

  it('weighs votes per person: alone or alike in full, a heavy clicker as √n or as the next most active person', () => {
    expect(voteWeights(['ana', 'ana', 'ana'])).toEqual([1, 1, 1]);
    expect(voteWeights(['ana', 'ben', 'ana', 'ben'])).toEqual([1, 1, 1, 1]);
    const clicker = voteWeights([...repeat(100, () => 'ana'), ...['ben', 'carla', 'dev'].flatMap((p) => repeat(4, () => p))]);
    expect(clicker.slice(0, 100).reduce((a, b) => a + b, 0)).toBeCloseTo(10);
    expect(clicker.slice(100)).toEqual(repeat(12, () => 1));
    // Beside one colleague with 30 votes, 50 clicks count as 30.
    const two = voteWeights([...repeat(50, () => 'ana'), ...repeat(30, () => 'ben')]);
    expect(two.slice(0, 50).reduce((a, b) => a + b, 0)).toBeCloseTo(30);
    expect(two[50]).toBe(1);
  });

  it('one person\'s hundred clicks cannot outvote the desk', () => {
    // An item the topic alerts on (logit 1); one person marks a hundred like it not for us, three
    // colleagues mark four each relevant.
    const clicker = repeat(100, () => vote('ana', false, ['tariffs']));
    const desk = ['ben', 'carla', 'dev'].flatMap((person) => repeat(4, () => vote(person, true, ['tariffs'])));
    const item = { channel: 1, 'term:tariffs': 1 };
    const base = 1 / (1 + Math.exp(-1));
    expect(adjustScore(fitModel([...clicker, ...desk]), base, item).score).toBeGreaterThan(0.5);
    // Counted vote by vote, the clicker would win: the weighting is what keeps the desk's view.
    const unweighted = [...clicker, ...desk].map((e, i) => ({ ...e, person: `vote${i}` }));
    expect(adjustScore(fitModel(unweighted), base, item).score).toBeLessThan(0.5);
  });

  it('only ever lowers a score: what was marked relevant protects items like it, it does not lift others', () => {
    const model = fitModel([
      ...repeat(3, () => vote('ana', true, ['extradition'])),
      ...repeat(3, () => vote('ana', false, ['tariffs'])),
    ], EVEN);
    const up = adjustScore(model, 0.3, { channel: 1, 'term:extradition': 1 });
    expect(up.parts.reduce((sum, p) => sum + p.change, 0)).toBeGreaterThan(0);
    expect(up).toMatchObject({ score: 0.3, change: 0 });
    const both = adjustScore(model, 0.6, { channel: 1, 'term:extradition': 1, 'term:tariffs': 1 });
    const down = adjustScore(model, 0.6, { channel: 1, 'term:tariffs': 1 });
    expect(both.score).toBeLessThanOrEqual(0.6);
    expect(down.score).toBeLessThan(both.score);
  });

  it('names what the feedback changed and the votes behind it', () => {
    const model = fitModel(repeat(4, (i) => vote(`p${i}`, false, ['tariffs'])), EVEN);
    const part = adjustScore(model, 0.7, { channel: 1, 'term:tariffs': 1 }).parts.find((p) => p.feature === 'term:tariffs')!;
    expect(describeAdjustment(part, model)).toMatch(/^−\d\.\d\d: this channel marked 4 items about "tariffs" as not for us$/);
    expect(topWeights(model, 5)).toContain('term:tariffs');
    expect(describeWeight('term:tariffs', model)).toMatch(/^−\d\.\d\d items about "tariffs" \(0 relevant, 4 not for us\)$/);
  });

  it('reads the scorer\'s explained features: facets, pairs, terms, contexts and the outlet', () => {
    const topic = loadTopic(join(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml'));
    const result = scoreItem({ title: 'Pentagon drafts options for strikes on cartels inside Mexico', summary: 'Drone strikes on fentanyl labs run by the Sinaloa Cartel.', lang: 'en' }, topic, { explain: true });
    const features = featuresOf(result.explanation!, 'Wire Service');
    expect(features.channel).toBe(1);
    expect(features.score).toBeCloseTo(result.explanation!.logit / 2);
    expect(features['source:wire service']).toBe(1);
    expect(Object.keys(features).some((f) => f.startsWith('facet:'))).toBe(true);
    expect(Object.keys(features).some((f) => f.startsWith('pair:'))).toBe(true);
    expect(Object.keys(features).some((f) => f.startsWith('term:'))).toBe(true);
    const oil = scoreItem({ title: 'OPEC+ cartel agrees to cut oil output', summary: '', lang: 'en' }, topic, { explain: true });
    expect(Object.keys(featuresOf(oil.explanation!, null)).some((f) => f.startsWith('context:'))).toBe(true);
  });
});
