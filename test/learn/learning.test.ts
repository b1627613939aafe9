/**
 * A channel that learns, through the real core over a real SQLite store filled by the real
 * pipeline: votes refit the channel's model, the next items like those marked "not for us" stop
 * alerting there (and only there), `/radar explain` names what the feedback changed, `/radar
 * learning` shows it and `/radar learning reset` (admins) forgets it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestRadar, stopTestRadar } from '../helpers/radar.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const at = (h: number) => new Date(NOW + h * 3_600_000);

const SHOOTOUT = (n: number, h: number): FeedEntrySpec => ({
  title: `Balacera en Culiacán deja ${n} muertos; el Cártel de Sinaloa se disputa la plaza`,
  link: `https://diario.example/balacera-${n}`,
  description: `Enfrentamiento entre facciones del Cártel de Sinaloa en Culiacán, reporte ${n}.`,
  pubDate: at(h),
});
const AMBUSH: FeedEntrySpec = {
  title: 'Emboscada en Navolato: sicarios atacan a policías estatales',
  link: 'https://diario.example/emboscada',
  description: 'Un grupo armado ligado al Cártel de Sinaloa atacó a policías en Navolato, Sinaloa; hubo dos muertos.',
  pubDate: at(1),
};
const STRIKES: FeedEntrySpec = {
  title: 'Pentagon drafts options for strikes on cartels inside Mexico',
  link: 'https://diario.example/pentagon',
  description: 'Officials said plans include drone strikes on fentanyl labs run by the Sinaloa Cartel; Mexico rejected any unilateral action.',
  pubDate: at(-1),
};

describe('a channel that learns', () => {
  let server: FeedServer;
  let test: TestRadar | null = null;
  let clock = NOW;
  const ask = (text: string, isAdmin = true, channelId = 'newsroom') => test!.radar.runCommand({ channelId, userId: 'U1', isAdmin, text });
  const idOf = async (link: string) => (await test!.radar.store.findItemByUrl(link, null))!.id;
  const alertedLinks = async (channel: string) => (await test!.radar.store.channelAlerts(channel, 0, 100)).alerts.map((a) => a.payload.url);

  beforeEach(async () => {
    server = await startFeedServer();
    server.serve('/diario.xml', rssFeed({ title: 'Diario', items: [SHOOTOUT(1, -3), SHOOTOUT(2, -2), STRIKES] }));
    clock = NOW;
    test = await startTestRadar([{ id: 'diario', name: 'El Diario', url: server.url('/diario.xml'), lang: 'es' }], {
      clock: () => clock,
      channelsYaml: ['  - { id: newsroom, adapter: console, target: stdout, topics: [cartel-sovereignty] }', '  - { id: culiacan, adapter: console, target: stdout, topics: [cartel-sovereignty] }'].join('\n'),
    });
    await test.radar.pollOnce();
  });
  afterEach(async () => {
    await stopTestRadar(test, server);
    test = null;
  });

  it('learns from votes in one channel: its next items like those marked not for us stay out, and explain says why', async () => {
    expect(await alertedLinks('newsroom')).toEqual(expect.arrayContaining(['https://diario.example/balacera-1', 'https://diario.example/pentagon']));
    expect((await ask('learning')).text).toContain('has not learned anything yet');
    // The desk: four people mark the shoot-outs not for us, two mark the strikes relevant.
    const shootouts = [await idOf('https://diario.example/balacera-1'), await idOf('https://diario.example/balacera-2')];
    const strikes = await idOf('https://diario.example/pentagon');
    for (const person of ['U1', 'U2', 'U3', 'U4']) {
      for (const itemId of shootouts) await test!.radar.learner.onVote({ channelId: 'newsroom', itemId, person, vote: 'bad', previous: null, at: clock });
    }
    for (const person of ['U1', 'U2']) await test!.radar.learner.onVote({ channelId: 'newsroom', itemId: strikes, person, vote: 'good', previous: null, at: clock });

    const learned = await ask('learning');
    expect(learned.text).toContain('Learned from 10 votes by 4 people');
    expect(learned.text).toMatch(/−\d\.\d\d items of any kind \(2 relevant, 8 not for us\)/);
    expect(learned.text).toMatch(/−\d\.\d\d items on violence \(0 relevant, 8 not for us\)/);

    const explained = await ask('explain https://diario.example/balacera-1');
    expect(explained.text).toMatch(/Score for cartel-sovereignty: 0\.\d\d, 0\.\d\d after this channel's feedback \(channel threshold 0\.50: below\)/);
    expect(explained.text).toMatch(/channel feedback: −\d\.\d\d: this channel marked 8 items on violence as not for us/);
    // The other channel has learned nothing: its explanation is the topic's alone.
    expect((await ask('explain https://diario.example/balacera-1', true, 'culiacan')).text).not.toContain('feedback');

    // A new story of the same kind reaches the channel that did not vote, not the one that did.
    server.serve('/diario.xml', rssFeed({ title: 'Diario', items: [SHOOTOUT(1, -3), SHOOTOUT(2, -2), STRIKES, AMBUSH] }));
    clock = NOW + 2 * 3_600_000;
    await test!.radar.pollOnce();
    expect(await alertedLinks('culiacan')).toContain('https://diario.example/emboscada');
    expect(await alertedLinks('newsroom')).not.toContain('https://diario.example/emboscada');
  });

  it('learns from /radar feedback: each vote reaches the channel\'s learner', async () => {
    for (const userId of ['U1', 'U2', 'U3']) {
      const voted = await test!.radar.runCommand({ channelId: 'newsroom', userId, isAdmin: false, text: 'feedback https://diario.example/balacera-1 bad' });
      expect(voted.ok).toBe(true);
    }
    expect((await ask('learning')).text).toContain('Learned from 3 votes by 3 people');
    expect((await ask('explain https://diario.example/balacera-1')).text).toMatch(/this channel marked 3 items on violence as not for us/);
  });

  it('forgets what it learned on learning reset, from admins only', async () => {
    const itemId = await idOf('https://diario.example/balacera-1');
    for (const person of ['U1', 'U2', 'U3']) await test!.radar.learner.onVote({ channelId: 'newsroom', itemId, person, vote: 'bad', previous: null, at: clock });
    const refused = await ask('learning reset', false);
    expect(refused.ok).toBe(false);
    expect(refused.text).toContain('Only Radar admins');
    expect((await ask('learning')).text).toContain('Learned from 3 votes by 3 people');

    const reset = await ask('learning reset');
    expect(reset.text).toBe('Forgot what this channel learned from 3 votes: it decides as its topics do again.');
    expect((await ask('learning')).text).toContain('has not learned anything yet');
    expect((await ask('explain https://diario.example/balacera-1')).text).not.toContain('feedback');
    expect((await ask('learning reset')).text).toBe('This channel had not learned anything; nothing to forget.');
  });

  it('checks its arguments', async () => {
    for (const text of ['learning forget', 'learning reset now']) {
      const answer = await ask(text);
      expect(answer.ok).toBe(false);
      expect(answer.text).toContain('/radar learning');
    }
    expect((await ask('learning forget')).text).toContain('unknown learning action "forget"');
    expect((await ask('help')).text).toContain('/radar learning');
  });

  it('a vote on an item it no longer has learns nothing, and says so in the log rather than failing', async () => {
    expect(await test!.radar.learner.onVote({ channelId: 'newsroom', itemId: 987_654, person: 'U1', vote: 'bad', previous: null, at: clock })).toBeNull();
    expect((await ask('learning')).text).toContain('has not learned anything yet');
  });
});
