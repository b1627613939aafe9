import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countReplay, formatReplay, loadReplayItems, replayCoverage, type ReplayItem, type ReplayRun } from '../../src/replay/index.ts';

const fixture = (name: string) => resolve(import.meta.dirname, name);

function item(event: string, n: number, lang: 'en' | 'es' = 'en'): ReplayItem {
  return { event, lang, url: `https://outlet${n}.example/${event}/${n}`, title: `${event} ${n}`, summary: '', publishedAt: n * 60_000 };
}

describe('countReplay', () => {
  // a: three items, two stories (split); b: one item, joined a's story (merged away); c: one item, its own alert.
  const items = [item('a', 1), item('a', 2, 'es'), item('a', 3), item('b', 4, 'es'), item('c', 5)];
  const run: ReplayRun = {
    items,
    storyOf: [10, 10, 30, 10, 50],
    alerts: [
      { url: items[0]!.url, storyId: 10 },
      { url: items[2]!.url, storyId: 30 },
      { url: items[4]!.url, storyId: 50 },
    ],
    outlets: 5,
    polls: 6,
    readEarly: 0,
    overflows: 0,
  };

  it('counts alerts per event, events split, events merged away and mixed stories', () => {
    const f = countReplay(run);
    expect(f.events.map((e) => [e.event, e.items, e.en, e.es, e.alerts])).toEqual([
      ['a', 3, 2, 1, 2],
      ['c', 1, 1, 0, 1],
      ['b', 1, 0, 1, 0],
    ]);
    expect(f.alerts).toBe(3);
    expect(f.alertsPerEvent).toEqual({ mean: 1, max: 2 });
    expect(f.split).toBe(1);
    expect(f.mergedAway).toBe(1);
    expect(f.events.find((e) => e.event === 'b')!.mergedInto).toEqual(['a']);
    expect(f.mixedStories).toBe(1);
    expect(f.notStored).toBe(0);
  });

  it('prints the figures, the merge and whether the goal is met', () => {
    const text = formatReplay(countReplay(run));
    expect(text).toContain('end to end: 5 items of 3 events from 5 outlets, 6 polls');
    expect(text).toContain('top-level alerts: 3, per event 1.00 (max 2)');
    expect(text).toContain('events split (more than one alert): 1 of 3');
    expect(text).toContain('events merged away (no alert of their own): 1 of 3\n  b into a\n');
    expect(text).toContain('alerted stories mixing events: 1 of 3');
    expect(text).toMatch(/goal .*: NOT met/);
    expect(text).not.toContain('WARNING');
    const clean = formatReplay(countReplay({ ...run, storyOf: [10, 10, 30, 40, 50], alerts: [...run.alerts.slice(0, 1), { url: items[3]!.url, storyId: 40 }, run.alerts[2]!] }));
    expect(clean).toMatch(/goal .*: met/);
    expect(formatReplay(countReplay({ ...run, storyOf: [10, null, 30, 10, 50], overflows: 2 }))).toMatch(/WARNING: 1 items not stored[^]*WARNING: 2 alerts held back/);
  });
});

describe('loadReplayItems', () => {
  it('joins the text of the pairs file with the event of the items file, on the URL', () => {
    const items = loadReplayItems(fixture('pairs.jsonl'), fixture('items.jsonl'));
    expect(items).toHaveLength(8);
    const lede = items.find((i) => i.url.includes('infobae'))!;
    expect(lede).toMatchObject({ event: 'transfer_26_prisoners', lang: 'es', title: '', publishedAt: Date.parse('2025-08-12T20:30:00Z') });
    expect(lede.summary).toMatch(/^El Gabinete de Seguridad/);
  });

  it('names the file, line and URL of an item without text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'radar-replay-items-'));
    writeFileSync(join(dir, 'items.jsonl'), '{"event":"x","lang":"en","url":"https://nowhere.example/1"}\n');
    expect(() => loadReplayItems(fixture('pairs.jsonl'), join(dir, 'items.jsonl'))).toThrow(`${join(dir, 'items.jsonl')}:1: https://nowhere.example/1 has no title or summary in ${fixture('pairs.jsonl')}`);
  });
});

describe('replayCoverage', () => {
  it('reveals each outlet feed in publication order to the real pipeline and counts what the channel got', async () => {
    const items = loadReplayItems(fixture('pairs.jsonl'), fixture('items.jsonl'));
    const run = await replayCoverage(items);
    const f = countReplay(run);

    // One feed per host (reuters.com carries two events), a first poll, then one per moment.
    expect(run.outlets).toBe(7);
    expect(run.polls).toBe(9);
    // Every item was read after, never before, its publication, and stored in a story.
    expect(run.readEarly).toBe(0);
    expect(run.storyOf.every((s) => s !== null)).toBe(true);
    expect(run.overflows).toBe(0);
    // At threshold 0 every story alerts the channel exactly once: one alert per distinct story, each on one of the items.
    expect(run.alerts).toHaveLength(new Set(run.storyOf).size);
    expect(new Set(run.alerts.map((a) => a.storyId))).toEqual(new Set(run.storyOf));
    for (const alert of run.alerts) expect(items.map((i) => i.url)).toContain(alert.url);

    expect(f.events.map((e) => [e.event, e.items, e.en, e.es]).sort()).toEqual([
      ['homicides_report_aug2025', 2, 1, 1],
      ['sinaloa_lab_raid', 2, 1, 1],
      ['transfer_26_prisoners', 4, 2, 2],
    ]);
    expect(f.events.reduce((n, e) => n + e.alerts, 0)).toBe(f.alerts);
    expect(f.alertsPerEvent.mean).toBeCloseTo(f.alerts / 3);
    // A week after the others, the last event can only be its own story.
    expect(f.events.find((e) => e.event === 'homicides_report_aug2025')!.alerts).toBeGreaterThanOrEqual(1);
  });
});
