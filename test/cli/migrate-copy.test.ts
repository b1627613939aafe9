/**
 * `radar migrate --from sqlite:… --to postgres://…` through the real binary, from a database file
 * filled by real polls: feeds, channel settings and terms, items with their stories, votes, and the outbox
 * (a sent alert and a pending one) arrive with their ids; a Radar started on the copy delivers the
 * pending alert and threads a new report under the copied story's alert. A copy into a database
 * that is not empty is refused.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDatabase } from '../../src/store/index.ts';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { useTestRadars } from '../helpers/radar.ts';
import { recordingAdapter } from '../helpers/recording-adapter.ts';
import { spawnRadar } from '../helpers/spawn-radar.ts';

const T0 = Date.parse('2025-09-03T18:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const GROUP: FeedEntrySpec = {
  title: 'Rubio and Sheinbaum agree on new US-Mexico security group to fight cartels',
  link: 'https://wire.example/world/rubio-sheinbaum-security-group/', guid: 'wire-1001', pubDate: at(0),
  description: 'U.S. Secretary of State Marco Rubio and Mexican President Claudia Sheinbaum agreed on Wednesday to set up a high-level security group to fight cartels and fentanyl trafficking.',
};
const GROUP_AGAIN: FeedEntrySpec = {
  title: 'US and Mexico form high-level security group after Rubio meets Sheinbaum in Mexico City',
  link: 'https://globe.example/news/us-mexico-security-group', pubDate: at(90),
  description: 'The security group agreed by Rubio and Sheinbaum will meet regularly to coordinate action against cartels, arms trafficking and fentanyl.',
};
const RAID: FeedEntrySpec = {
  title: 'Cártel de Sinaloa: Marina asegura narcolaboratorio en Culiacán y detiene a cinco',
  link: 'https://press.example/nacion/narcolaboratorio-culiacan', pubDate: at(30),
  description: 'La Secretaría de Marina aseguró un narcolaboratorio de fentanilo del Cártel de Sinaloa en Culiacán y detuvo a cinco presuntos integrantes del cártel.',
};

describeOnPostgres('radar migrate --from sqlite:… --to postgres://…', () => {
  const radars = useTestRadars();

  it('copies a polled database with its ids; a Radar on the copy delivers the pending outbox and keeps the stories', { timeout: 90_000 }, async () => {
    const { server } = radars;
    server.serve('/wire.xml', rssFeed({ title: 'Wire Service', items: [GROUP] }), { etag: '"wire-1"' });
    server.serve('/press.xml', rssFeed({ title: 'Prensa', language: 'es', items: [] }), { etag: '"press-1"' });
    server.serve('/globe.xml', rssFeed({ title: 'The Globe', items: [] }), { etag: '"globe-1"' });
    const feeds = [
      { id: 'wire', name: 'Wire Service', url: server.url('/wire.xml'), lang: 'en' as const },
      { id: 'press', name: 'Prensa', url: server.url('/press.xml'), lang: 'es' as const },
      { id: 'globe', name: 'The Globe', url: server.url('/globe.xml'), lang: 'en' as const },
    ];
    const extraYaml = 'stories: { window: 72h, followUpEvery: 1m }';
    let now = T0 + 10 * 60_000;
    const clock = () => now;

    // On the file: the wire's alert is posted; the press's, an hour later, cannot be (pending, to retry).
    const chat = recordingAdapter();
    const file = await radars.start(feeds, { clock, extraYaml, adapters: [chat.adapter] });
    await file.radar.pollOnce();
    expect(chat.state.posts).toMatchObject([{ kind: 'alert', title: GROUP.title, id: 'msg-1' }]);
    const added = await file.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: 'watch add narcolaboratorio' });
    expect(added.text).toContain('narcolaboratorio');
    const voted = (await file.radar.store.findItemByUrl(GROUP.link!, null))!.id;
    expect(await file.radar.learner.onVote({ channelId: 'newsroom', itemId: voted, person: 'U2', vote: 'bad', previous: null, at: now })).not.toBeNull();
    // A vote as stored (the learner above has its own examples): copied with its person and time.
    await file.radar.store.recordVote({ channelId: 'newsroom', itemId: voted, person: 'U1', vote: 'good', at: now });
    chat.state.failing = true;
    now = T0 + 40 * 60_000;
    server.serve('/press.xml', rssFeed({ title: 'Prensa', language: 'es', items: [RAID] }), { etag: '"press-2"' });
    await file.radar.pollOnce();
    expect(await file.radar.store.counts(0)).toMatchObject({ items: 2, pendingOutbox: 1 });
    await file.radar.stop();

    const db = await createTestDatabase();
    let onServer: Awaited<ReturnType<typeof radars.start>> | null = null;
    try {
      const sqlite = `sqlite:${join(file.dir, 'radar.sqlite')}`;
      const copy = await spawnRadar(['migrate', '--from', sqlite, '--to', db.url]);
      expect(copy.stderr).toBe('');
      expect(copy.status).toBe(0);
      expect(copy.stdout).toMatch(/^copied \S+radar\.sqlite to postgres:\/\/\S+ in [\d.]+ s: 3 feeds, 1 channels \(1 terms\), 2 items \(\d+ scores, 2 stories\), outbox 1 pending, 1 sent, 0 given up\n$/);

      // Batch by batch (one row each) gives the same copy.
      const small = await createTestDatabase();
      try {
        const counts = await copyDatabase({ kind: 'file', path: join(file.dir, 'radar.sqlite') }, { kind: 'server', url: small.url, poolSize: 2, from: 'test' }, { batchRows: 1 });
        expect(counts).toMatchObject({ feeds: 3, channels: 1, channelTerms: 1, items: 2, stories: 2, outbox: { pending: 1, sent: 1, failed: 0 } });
      } finally {
        await small.drop();
      }

      // A second copy would mix two databases: refused, one line, nothing written.
      const again = await spawnRadar(['migrate', '--from', sqlite, '--to', db.url]);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/^radar migrate: --to: database postgres:\/\/\S+ is not empty \(3 feeds, 2 items, 2 outbox, 1 channels\): a copy goes into a new, empty database only\n$/);

      // A Radar on the copy: the pending alert goes out; the Globe's report of the wire's story is
      // threaded under the alert posted from the file (msg-1), never alerted again.
      now = T0 + 120 * 60_000;
      server.serve('/globe.xml', rssFeed({ title: 'The Globe', items: [GROUP_AGAIN] }), { etag: '"globe-2"' });
      const served = recordingAdapter();
      onServer = await radars.start(feeds, { clock, extraYaml, adapters: [served.adapter], env: { DATABASE_URL: db.url } });
      const channels = await onServer.radar.store.listChannels();
      expect(channels).toMatchObject([{ id: 'newsroom', watch: ['narcolaboratorio'] }]);
      // What the channel learned comes along: its vote's example and the model fitted to it.
      const [learned] = await onServer.radar.store.channelModels();
      expect(learned).toMatchObject({ channelId: 'newsroom', model: { votes: 1, people: 1 } });
      expect((await onServer.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: 'learning reset' })).text).toContain('from 1 vote:');
      expect((await onServer.radar.store.channelVotes('newsroom')).map((v) => [v.person, v.vote])).toEqual([['U1', 'good']]);
      await onServer.radar.pollOnce();
      await onServer.radar.pollOnce(); // the follow-up is due a minute after the story's last row at most
      expect(served.state.posts.filter((p) => p.kind === 'alert').map((p) => p.title)).toEqual([RAID.title]);
      const replies = served.state.posts.filter((p) => p.kind === 'reply');
      expect(replies).toMatchObject([{ parent: 'msg-1' }]);
      expect(replies[0]!.title).toContain(GROUP_AGAIN.title);
      const counts = await onServer.radar.store.counts(0);
      expect(counts).toMatchObject({ items: 3, pendingOutbox: 0 });
    } finally {
      await onServer?.radar.stop(); // before its database goes
      await db.drop();
    }
  });

  it('refuses a copy that names a server as its source or a file as its target', async () => {
    const fromServer = await spawnRadar(['migrate', '--from', 'postgres://radar:hunter2@127.0.0.1:1/radar', '--to', 'postgres://127.0.0.1:1/x']);
    expect(fromServer.status).toBe(2);
    expect(fromServer.stderr).toBe('radar migrate: --from: postgres://radar:***@127.0.0.1:1/radar is a database server; copy from a database file (sqlite:<file>)\n');
    const half = await spawnRadar(['migrate', '--from', 'sqlite:./x.sqlite']);
    expect(half.status).toBe(2);
    expect(half.stderr).toContain('a copy needs both --from sqlite:<file> and --to postgres://…');
  });
});

describe('copy arguments', () => {
  it('--from a file that does not exist names it', async () => {
    const run = await spawnRadar(['migrate', '--from', 'sqlite:/nonexistent/radar.sqlite', '--to', 'postgres://127.0.0.1:1/x']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('radar migrate: --from: no database file at /nonexistent/radar.sqlite\n');
  });
});
