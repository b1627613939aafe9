/**
 * Two Radar instances on one PostgreSQL database poll two outlets that report one event, at the same
 * time (each claims one feed at a time, so they usually take one each): one story, one alert.
 * Through the whole pipeline: feeds on 127.0.0.1, claims, the cycle's write, delivery.
 */
import { afterEach, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-server.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { TEST_POLL_YAML, useTestRadars } from '../helpers/radar.ts';

const T0 = Date.parse('2025-09-03T18:00:00Z');

const REPORTS = {
  wire: {
    title: 'Rubio and Sheinbaum agree on new US-Mexico security group to fight cartels',
    link: 'https://wire.example/world/rubio-sheinbaum-security-group-2025-09-03/',
    description: 'MEXICO CITY (Wire) - U.S. Secretary of State Marco Rubio and Mexican President Claudia Sheinbaum agreed on Wednesday to set up a high-level security group to fight cartels and fentanyl trafficking.',
    pubDate: new Date(T0),
  },
  press: {
    title: 'Rubio, Sheinbaum launch US-Mexico security group, rule out US strikes in Mexico',
    link: 'https://press.example/article/rubio-sheinbaum-mexico-security-group',
    description: 'Secretary of State Marco Rubio and President Claudia Sheinbaum announced a security cooperation group in Mexico City on Wednesday; Sheinbaum said US strikes on Mexican soil were ruled out.',
    pubDate: new Date(T0 + 2 * 60_000),
  },
};

describeOnPostgres('two Radar instances, one event from two outlets at once', () => {
  const radars = useTestRadars();
  let drop = async () => {};
  afterEach(async () => {
    await drop();
    drop = async () => {};
  });

  it('open one story with one alert', { timeout: 60_000 }, async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const feeds = (['wire', 'press'] as const).map((id) => {
      radars.server.serve(`/${id}.xml`, rssFeed({ title: id, items: [REPORTS[id]] }));
      return { id, name: id === 'wire' ? 'Wire Service' : 'Associated Press', url: radars.server.url(`/${id}.xml`), lang: 'en' as const };
    });
    const options = { env: { DATABASE_URL: db.url }, clock: () => T0 + 5 * 60_000, pollYaml: `${TEST_POLL_YAML}, batch: 1` };
    const one = await radars.start(feeds, options);
    const two = await radars.start(feeds, options);
    const results = await Promise.all([one.radar.pollOnce({ onlyDue: true }), two.radar.pollOnce({ onlyDue: true })]);
    // Each feed polled once, by one instance or the other.
    expect(results.flat().map((r) => r.feedId).sort()).toEqual(['press', 'wire']);
    const counts = await one.radar.store.counts(0);
    expect(counts).toMatchObject({ items: 2, alertsSince: 1 });
    const stories = new Set((await one.radar.store.storyItems(0)).map((r) => r.storyId));
    expect(stories.size).toBe(1);
    const printed = one.output() + two.output();
    expect(printed.match(/^▶ /gm)).toHaveLength(1);
    // Whichever instance wrote first started the story: across instances writing at once, the alert
    // is the first report stored, not necessarily the first published.
    expect(printed).toMatch(/^▶ Rubio(,| and) Sheinbaum (agree|launch)/m);
  });
});
