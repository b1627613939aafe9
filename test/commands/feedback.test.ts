/**
 * `/radar feedback <link> good|bad` through the real command core and store: the vote counts once
 * per person and item in the channel (a second vote replaces the first), the feedback listener
 * hears each change once, and bad arguments are named. Also through `radar cmd`, as an operator.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { VoteEvent } from '../../src/feedback/index.ts';
import { rssFeed, type FeedServer } from '../helpers/feed-server.ts';
import { testConfigYaml, useTestRadars, type TestRadar } from '../helpers/radar.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

const LINK = 'https://wire.example/culiacan';

describe('/radar feedback', () => {
  const radars = useTestRadars();
  let server: FeedServer;
  let test: TestRadar;
  let events: VoteEvent[];
  let now: number;
  const ask = (text: string, userId = 'U1') => test.radar.runCommand({ channelId: 'newsroom', userId, isAdmin: false, text });

  beforeEach(async () => {
    server = radars.server;
    now = Date.now();
    server.serve('/wire.xml', rssFeed({
      title: 'Wire',
      items: [{ title: 'Enfrentamiento armado en Culiacán entre células del Cártel de Sinaloa', link: LINK, description: 'La Guardia Nacional reportó un enfrentamiento.', pubDate: new Date(now - 3_600_000) }],
    }));
    events = [];
    test = await radars.start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), lang: 'es' }], {
      clock: () => now,
      feedbackListener: { onVote: (event) => void events.push(event) },
    });
    await test.radar.pollOnce();
  });

  it('records one vote per person and item: the same vote again changes nothing, another vote replaces it', async () => {
    const bad = await ask(`feedback ${LINK} bad`);
    expect(bad).toMatchObject({ ok: true, ephemeral: true, text: 'Noted: fewer items like this in #newsroom.' });
    const again = await ask(`feedback <${LINK}> BAD`); // as Slack sends a link, in capitals
    expect(again.text).toBe('Already noted: fewer items like this in #newsroom.');
    now += 1_000;
    expect((await ask(`feedback ${LINK} good`)).text).toBe('Noted: more like this in #newsroom.');
    await ask(`feedback ${LINK} bad`, 'U2');

    const votes = await test.radar.store.channelVotes('newsroom');
    expect(votes.map((v) => [v.person, v.vote])).toEqual([['U1', 'good'], ['U2', 'bad']]);
    const itemId = votes[0]!.itemId;
    expect(events).toEqual([
      { channelId: 'newsroom', itemId, person: 'U1', vote: 'bad', previous: null, at: now - 1_000 },
      { channelId: 'newsroom', itemId, person: 'U1', vote: 'good', previous: 'bad', at: now },
      { channelId: 'newsroom', itemId, person: 'U2', vote: 'bad', previous: null, at: now },
    ]);
  });

  it.each([
    ['feedback', 'feedback needs a link and a vote (good or bad)'],
    [`feedback ${LINK}`, 'feedback needs a vote after the link: good or bad'],
    [`feedback ${LINK} meh`, 'the vote "meh" is neither good nor bad'],
    [`feedback ${LINK} bad now`, 'feedback takes a link and one vote; "now" is extra'],
    ['feedback wire.example/culiacan bad', '"wire.example/culiacan" is not an http(s) link'],
  ])('refuses "%s", naming the argument', async (text, problem) => {
    const answer = await ask(text);
    expect(answer.ok).toBe(false);
    expect(answer.text).toContain(problem);
    expect(answer.text).toContain('feedback <link> good|bad');
    expect(await test.radar.store.channelVotes('newsroom')).toEqual([]);
  });

  it('records nothing for a link Radar has not stored', async () => {
    const answer = await ask('feedback https://wire.example/elsewhere bad');
    expect(answer).toMatchObject({ ok: false, text: 'Radar has not stored an item with the link https://wire.example/elsewhere: nothing was recorded.' });
    expect(events).toEqual([]);
  });

  it('a listener that fails does not lose the vote', async () => {
    await test.radar.stop();
    test = await radars.start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), lang: 'es' }], {
      dir: test.dir, clock: () => now, feedbackListener: { onVote: () => { throw new Error('model unavailable'); } },
    });
    expect((await ask(`feedback ${LINK} good`)).ok).toBe(true);
    expect((await test.radar.store.channelVotes('newsroom')).map((v) => v.vote)).toEqual(['good']);
  });
});

describe('radar cmd feedback', () => {
  const radars = useTestRadars();

  it('votes as the operator (person "cli") from the terminal', async () => {
    const server = radars.server;
    server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [{ title: 'Cártel de Sinaloa: enfrentamiento en Culiacán', link: LINK, pubDate: new Date() }] }));
    const test = await radars.start([{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), lang: 'es' }]);
    await test.radar.pollOnce();
    await test.radar.stop();
    const file = join(test.dir, 'radar.yaml');
    writeFileSync(file, testConfigYaml(test.dir, [{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), lang: 'es' }]));
    const run = await spawnRadar(['cmd', `feedback ${LINK} good`], { RADAR_CONFIG: file });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Noted: more like this in #newsroom.\n');
    expect(run.status).toBe(0);
    const db = new Database(join(test.dir, 'radar.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT channel_id, person, vote FROM votes').all()).toEqual([{ channel_id: 'newsroom', person: 'cli', vote: 'good' }]);
    } finally {
      db.close();
    }
  }, 60_000);
});
